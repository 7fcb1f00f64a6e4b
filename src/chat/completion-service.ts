/**
 * The API's way in for twin-service completions: enqueue a CompletionJob on the chat queue and
 * follow its reply stream to the structured answer. Panels are many such jobs, a bounded number
 * in flight at once, each settling on its own.
 */
import { AppError } from '../core/errors.js';
import { awaitJob, jobError } from './await-job.js';
import { digestKey, newId } from '../core/ids.js';
import { JOB_VERSION, type CompletionJob, type ReplyRecord } from '../core/messages.js';
import type { ChatQueue, ReplyStream } from '../core/ports.js';

export type CompletionInput = Omit<CompletionJob, 'v' | 'kind' | 'jobId' | 'enqueuedAt'>;

export interface CompletionResult {
  jobId: string;
  twinId: string;
  record: ReplyRecord;
  value: unknown;
}

export interface CompletionServiceOptions {
  /** How long a caller waits for one job's answer. */
  timeoutMs: number;
}

/**
 * The job id: the caller's Idempotency-Key scoped to them and the twin (a panel is one job per
 * twin), or a fresh one. The prefix keeps BullMQ from reading an id as a number.
 */
export function completionJobId(owner: { customerId: string; userId: string }, twinId: string, idempotencyKey: string | null): string {
  return idempotencyKey === null ? `tws-${newId()}` : `tws-${digestKey('twin-service', owner.customerId, owner.userId, idempotencyKey, twinId)}`;
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
  return out;
}

export function createCompletionService(options: CompletionServiceOptions, deps: { queue: ChatQueue; stream: ReplyStream }) {
  /** Resolves with the job's structured answer, or rejects with the job's own error code. */
  function awaitAnswer(jobId: string, replay: boolean, signal: AbortSignal | undefined): Promise<ReplyRecord> {
    return awaitJob<ReplyRecord>(deps.stream, jobId, {
      timeoutMs: options.timeoutMs,
      signal,
      decide(e) {
        if (e.event === 'done') {
          const record = e.data.replies[0];
          return record ? { value: record } : { error: new AppError('INTERNAL', `job ${jobId} finished without an answer`) };
        }
        if (e.event === 'error') return { error: jobError(e.data.code, e.data.message) };
        return undefined;
      },
      // Nothing is stored for completions: a replayed key whose stream has expired has no
      // answer left to give, and waiting would only run into the timeout.
      async settled() {
        if (!replay || (await deps.stream.exists(jobId))) return undefined;
        return { error: new AppError('STREAM_NOT_FOUND', `The answer of job ${jobId} has expired; send the request with a new Idempotency-Key`) };
      },
    });
  }

  return {
    async run(input: CompletionInput, jobId: string, signal?: AbortSignal): Promise<CompletionResult> {
      // A panel whose caller left stops queueing the twins it has not reached yet.
      if (signal?.aborted) throw new AppError('SHUTTING_DOWN', 'the caller went away');
      const fresh = !(await deps.queue.has(jobId));
      // The stream exists from the moment the job does, so a replay can tell "still queued"
      // (stream present) from "answered long ago" (stream expired).
      if (fresh) await deps.stream.publish(jobId, { event: 'status', twin: null, data: { status: 'queued' } });
      await deps.queue.enqueue({ v: JOB_VERSION, kind: 'completion', jobId, ...input, enqueuedAt: new Date().toISOString() });
      const record = await awaitAnswer(jobId, !fresh, signal);
      return { jobId, twinId: input.twinId, record, value: record.structured };
    },
  };
}

export type CompletionService = ReturnType<typeof createCompletionService>;
