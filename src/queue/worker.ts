import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { redisKeys, type RedisClient } from '../infra/keys.js';
import type { Logger } from 'pino';
import { AppError, toAppError } from '../core/errors.js';
import { JOB_VERSION, JobPayloadSchema, type JobPayload } from '../core/messages.js';

export interface JobContext {
  /** 1 for the first run; higher after a retry or a stalled-job recovery. */
  run: number;
  /** True when no further attempt will follow a failure of this one. */
  lastAttempt: boolean;
  logger: Logger;
  signal: AbortSignal;
}

export interface JobProcessor {
  process(job: JobPayload, ctx: JobContext): Promise<void>;
  /** Called once when a job has failed for good (non-retryable or out of attempts). */
  failed(job: JobPayload, error: AppError): Promise<void>;
}

export interface WorkerOptions {
  prefix: string;
  queueName: string;
  concurrency: number;
  attempts: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

const MAX_BACKOFF_MS = 60_000;

/** Exponential backoff with jitter, or exactly what the upstream asked for in retry-after. */
export function retryDelay(attemptsMade: number, err: unknown): number {
  if (err instanceof AppError && err.retryAfterMs !== undefined) return Math.min(err.retryAfterMs, MAX_BACKOFF_MS);
  const base = Math.min(1000 * 2 ** Math.max(0, attemptsMade - 1), MAX_BACKOFF_MS);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/**
 * The BullMQ side of the engine: validates each payload on dequeue, counts runs (so a retried or
 * recovered job tells renderers to start over), maps AppError.retryable onto BullMQ retries.
 */
export function createChatWorker(
  options: WorkerOptions,
  deps: { connection: RedisClient; redis: RedisClient; processor: JobProcessor; logger: Logger },
): { worker: Worker; close(graceMs: number): Promise<void> } {
  const { redis, processor, logger } = deps;
  const aborts = new Set<AbortController>();
  const keys = redisKeys(options.prefix, redis);

  const worker = new Worker(
    options.queueName,
    async (job: Job) => {
      const log = logger.child({ jobId: job.id, kind: job.name });
      const parsed = JobPayloadSchema.safeParse(job.data);
      if (!parsed.success) {
        log.error({ version: (job.data as { v?: unknown })?.v, expected: JOB_VERSION }, 'job payload refused');
        throw new UnrecoverableError(`invalid job payload: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
      }
      const runKey = keys.jobRun(job.id ?? '');
      // Kept in its own key, not BullMQ's attemptsStarted: a job lost with Redis and queued again
      // under the same id still counts as a later run, and its renderers start over. One round trip.
      const counted = await redis.pipeline().incr(runKey).expire(runKey, 7 * 24 * 3600).exec();
      const [incr] = counted ?? [];
      if (!incr || incr[0]) throw incr?.[0] ?? new AppError('SERVICE_UNAVAILABLE', 'could not count the job run');
      const run = Number(incr[1]);
      const controller = new AbortController();
      aborts.add(controller);
      try {
        await processor.process(parsed.data, {
          run,
          lastAttempt: job.attemptsMade + 1 >= options.attempts,
          logger: log,
          signal: controller.signal,
        });
      } catch (raw) {
        const err = toAppError(raw);
        const final = !err.retryable || job.attemptsMade + 1 >= options.attempts;
        log[final ? 'error' : 'warn']({ err, code: err.code, attempt: job.attemptsMade + 1, final }, 'job attempt failed');
        if (final) {
          await processor.failed(parsed.data, err).catch((e: unknown) => log.error({ err: e }, 'failure handler threw'));
          throw new UnrecoverableError(err.message);
        }
        throw err;
      } finally {
        aborts.delete(controller);
      }
    },
    {
      connection: deps.connection,
      prefix: keys.bull,
      // Recorded on each job it takes (processedBy): which host and process ran a reply.
      name: `${hostname()}#${process.pid}`,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      maxStalledCount: 2,
      settings: { backoffStrategy: (attemptsMade, _type, err) => retryDelay(attemptsMade, err) },
    },
  );
  worker.on('error', (err) => logger.warn({ err: err.message }, 'worker error'));

  return {
    worker,
    async close(graceMs: number) {
      // Stop taking jobs, give running ones the grace period, then abort what is left; BullMQ
      // puts aborted jobs back through stalled recovery on another worker.
      const closing = worker.close();
      const timer = setTimeout(() => {
        for (const c of aborts) c.abort(new AppError('SHUTTING_DOWN', 'worker shutting down'));
      }, graceMs);
      try {
        await Promise.race([closing, new Promise((r) => setTimeout(r, graceMs + 5000))]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
