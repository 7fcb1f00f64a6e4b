/**
 * Remote catalog sync: lists a source's twins and hands them to the catalog in one call. Any
 * failure (error, timeout, garbage) stops before the sink, so the last good copy stays; the
 * failure is logged and returned, never thrown. The schedule is a BullMQ job scheduler, so any
 * number of processes can register it and it still runs once per interval.
 */
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import { AppError, toAppError } from '../core/errors.js';
import type { CatalogSink, CatalogSyncResult } from '../core/ports.js';
import type { MindReasonerClient } from './mind-reasoner/client.js';
import { mindToRemoteTwin } from './mind-reasoner/mapping.js';

export type CatalogSourceName = 'mind-reasoner';

export interface CatalogSyncSources {
  /** null/absent: Mind Reasoner is not configured and `run()` skips it. */
  mindReasoner?: MindReasonerClient | null;
}

export interface CatalogSyncOptions {
  sources: CatalogSyncSources;
  /** Deadline for one source's whole listing (all pages). */
  timeoutMs?: number;
}

export interface CatalogSyncDeps {
  logger: Logger;
  sink: CatalogSink;
}

export type CatalogSyncOutcome =
  | ({
      ok: true;
      source: CatalogSourceName;
      /** Twins handed to the catalog. */
      count: number;
      /** Minds left out because they have no finished training yet. */
      skipped: number;
      durationMs: number;
    } & CatalogSyncResult)
  | { ok: false; source: CatalogSourceName; error: AppError; durationMs: number };

export interface CatalogSync {
  /** Syncs Mind Reasoner through `client` (default: the configured one). Never throws. */
  syncMindReasoner(client?: MindReasonerClient): Promise<CatalogSyncOutcome>;
  /** Syncs every configured source. Never throws. */
  run(): Promise<CatalogSyncOutcome[]>;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export function createCatalogSync(options: CatalogSyncOptions, deps: CatalogSyncDeps): CatalogSync {
  const logger = deps.logger.child({ component: 'catalog-sync' });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // The scheduler and the CLI may ask at once; one listing per client is enough.
  const inFlight = new Map<MindReasonerClient, Promise<CatalogSyncOutcome>>();

  async function syncWith(client: MindReasonerClient): Promise<CatalogSyncOutcome> {
    const source: CatalogSourceName = 'mind-reasoner';
    const started = performance.now();
    const durationMs = (): number => Math.round(performance.now() - started);
    try {
      const deadline = AbortSignal.timeout(timeoutMs);
      const minds = await withDeadline(client.listMinds({ signal: deadline }), deadline, timeoutMs);
      // Untrained minds cannot answer simulate yet; they join on a later sync.
      const ready = minds.filter((m) => m.trained !== false);
      const twins = ready.map(mindToRemoteTwin);
      if (twins.length === 0) logger.warn({ source }, 'source lists no trained minds; keeping the twins it listed before');
      const result = await deps.sink.syncSource(source, twins);
      const outcome: CatalogSyncOutcome = {
        ok: true,
        source,
        count: twins.length,
        skipped: minds.length - ready.length,
        durationMs: durationMs(),
        ...result,
      };
      logger.info({ ...outcome }, 'catalog source synced');
      return outcome;
    } catch (err) {
      const error = toAppError(err);
      logger.warn(
        { source, code: error.code, err: error.message, durationMs: durationMs() },
        'catalog source sync failed; keeping the last good copy',
      );
      return { ok: false, source, error, durationMs: durationMs() };
    }
  }

  function syncMindReasoner(client?: MindReasonerClient): Promise<CatalogSyncOutcome> {
    const chosen = client ?? options.sources.mindReasoner ?? null;
    if (!chosen) {
      const error = new AppError('PROVIDER_NOT_CONFIGURED', 'Mind Reasoner is not configured (MIND_REASONER_API_KEY)');
      return Promise.resolve({ ok: false, source: 'mind-reasoner', error, durationMs: 0 });
    }
    const running = inFlight.get(chosen);
    if (running) return running;
    const promise = syncWith(chosen).finally(() => inFlight.delete(chosen));
    inFlight.set(chosen, promise);
    return promise;
  }

  async function run(): Promise<CatalogSyncOutcome[]> {
    const outcomes: CatalogSyncOutcome[] = [];
    if (options.sources.mindReasoner) outcomes.push(await syncMindReasoner(options.sources.mindReasoner));
    return outcomes;
  }

  return { syncMindReasoner, run };
}

/** Enforces the deadline even against a client that ignores its signal. */
function withDeadline<T>(work: Promise<T>, deadline: AbortSignal, timeoutMs: number): Promise<T> {
  const timedOut = (cause?: unknown): AppError =>
    new AppError('TIMEOUT', `catalog source did not answer within ${timeoutMs} ms`, { cause });
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(timedOut(deadline.reason));
    if (deadline.aborted) return onAbort();
    deadline.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        deadline.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        deadline.removeEventListener('abort', onAbort);
        reject(deadline.aborted ? timedOut(err) : err);
      },
    );
  });
}

export interface CatalogSyncScheduleOptions {
  /** ioredis options or instance (an instance is shared, not closed by `close()`). */
  connection: ConnectionOptions;
  prefix: string;
  queueName: string;
  everyMs: number;
  /** Same id in every process: that is what makes the schedule single. */
  schedulerId?: string;
}

export interface CatalogSyncSchedule {
  /** Stops this process's worker; the shared schedule stays for the other processes. */
  close(): Promise<void>;
}

export type CatalogSyncRun = () => Promise<CatalogSyncOutcome | readonly CatalogSyncOutcome[] | void>;

export const CATALOG_SYNC_JOB = 'catalog-sync';

export async function scheduleCatalogSync(
  options: CatalogSyncScheduleOptions,
  run: CatalogSyncRun,
  deps: { logger?: Logger } = {},
): Promise<CatalogSyncSchedule> {
  const logger = deps.logger?.child({ component: 'catalog-sync-schedule', queue: options.queueName });
  const shared = { connection: options.connection, prefix: options.prefix };
  const queue = new Queue(options.queueName, shared);
  const worker = new Worker(
    options.queueName,
    async () => {
      const result = await run();
      const outcomes: readonly CatalogSyncOutcome[] = result === undefined ? [] : Array.isArray(result) ? result : [result as CatalogSyncOutcome];
      const failed = outcomes.filter((o) => !o.ok);
      // A failed job shows in BullMQ's failed set; the next interval simply tries again.
      if (failed.length > 0) throw new Error(`catalog sync failed for ${failed.map((o) => o.source).join(', ')}`);
      return outcomes.map((o) => (o.ok ? { source: o.source, count: o.count } : { source: o.source }));
    },
    { ...shared, concurrency: 1 },
  );
  queue.on('error', (err) => logger?.warn({ err: err.message }, 'catalog sync queue error'));
  worker.on('error', (err) => logger?.warn({ err: err.message }, 'catalog sync worker error'));
  worker.on('failed', (job, err) => logger?.debug({ jobId: job?.id, err: err.message }, 'catalog sync job failed'));
  try {
    await queue.upsertJobScheduler(
      options.schedulerId ?? CATALOG_SYNC_JOB,
      { every: options.everyMs },
      {
        name: CATALOG_SYNC_JOB,
        data: {},
        opts: { attempts: 1, removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } },
      },
    );
  } catch (err) {
    await Promise.allSettled([worker.close(), queue.close()]);
    throw toAppError(err);
  }
  logger?.info({ everyMs: options.everyMs }, 'catalog sync scheduled');
  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= (async () => {
        await worker.close();
        await queue.close();
      })();
      return closing;
    },
  };
}
