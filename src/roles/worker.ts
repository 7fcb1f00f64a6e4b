import type { Core } from './core.js';
import { scheduleCatalogSync } from '../catalog/sync.js';
import { redisKeys } from '../infra/keys.js';
import { createChatWorker } from '../queue/worker.js';

/** The worker role: the chat queue's consumer and, when a remote catalog is configured, its sync. */
export async function startWorker(core: Core): Promise<{ close(): Promise<void> }> {
  const { config } = core;
  // Loaded here, not at startup: an api-only process never needs the engine or the model SDKs.
  const { createEngineForCore } = await import('./worker-engine.js');
  const { engine, roundtable } = createEngineForCore(core);
  const worker = createChatWorker(
    {
      prefix: config.REDIS_PREFIX,
      queueName: config.QUEUE_NAME,
      concurrency: config.WORKER_CONCURRENCY,
      attempts: config.JOB_ATTEMPTS,
      lockDurationMs: config.JOB_LOCK_MS,
      stalledIntervalMs: config.STALLED_INTERVAL_MS,
    },
    { connection: core.bullRedis, redis: core.redis, processor: engine, logger: core.logger.child({ role: 'worker' }) },
  );
  // Roundtables carry on from their stored state after a restart: their current turns are queued
  // again (a no-op for those still queued).
  void roundtable.resume().catch((err: unknown) => core.logger.warn({ err }, 'could not resume roundtables'));
  const sync = core.mindReasoner
    ? await scheduleCatalogSync(
        { connection: core.bullRedis, prefix: redisKeys(config.REDIS_PREFIX, core.bullRedis).bull, queueName: 'catalog-sync', everyMs: config.CATALOG_SYNC_INTERVAL_MS },
        () => core.catalogSync.run(),
        { logger: core.logger },
      )
    : null;
  if (sync) void core.catalogSync.run();
  return {
    async close() {
      await sync?.close();
      await worker.close(config.SHUTDOWN_GRACE_MS);
    },
  };
}
