import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { createCatalogService } from '../catalog/service.js';
import { createCustomTwinService } from '../catalog/custom-twins.js';
import { seedBundledCatalog } from '../catalog/seed.js';
import { BUNDLED_TWINS } from '../catalog/bundled/index.js';
import { createMindReasonerClient, type MindReasonerClient } from '../catalog/mind-reasoner/client.js';
import { createCatalogSync, type CatalogSync } from '../catalog/sync.js';
import type { Config } from '../config.js';
import { createChatService } from '../chat/service.js';
import type { AttachmentPolicy } from '../engine/attachments.js';
import { createRedis, redisTarget, RedisSubscriberHub } from '../infra/redis.js';
import { BullChatQueue } from '../queue/chat-queue.js';
import { RedisImageBlobs } from '../queue/image-blobs.js';
import { RedisSubmitSignal } from '../queue/submit-signal.js';
import { RedisChannelTurns } from '../queue/turns.js';
import { RoundtableFeed } from '../roundtable/events.js';
import { createRoundtableService } from '../roundtable/service.js';
import { createStore, type StoreOptions } from '../store/index.js';
import { RedisReplyStream } from '../stream/redis.js';
import { RedisEventBus } from '../workspace/events.js';
import { createWorkspaceService } from '../workspace/service.js';

export type Core = Awaited<ReturnType<typeof createCore>>;

/** The store as the configuration says: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export function storeOptions(config: Config): StoreOptions {
  return {
    url: config.DATABASE_URL,
    path: config.DATABASE_PATH,
    poolSize: config.DATABASE_POOL_SIZE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    maxActiveTwins: config.MAX_ACTIVE_TWINS_PER_CHANNEL,
  };
}


/**
 * Everything every role shares: the store, Redis, the queue, the reply stream and the services.
 * Roles (api, worker, discord, slack) are started on top of it by main.ts; the engine and the
 * model SDKs are built by the worker role alone (src/roles/worker-engine.ts), so an api-only process
 * never loads them.
 */
export async function createCore(config: Config, deps: { logger: Logger }) {
  const { logger } = deps;
  const prefix = config.REDIS_PREFIX;
  // One node, a Sentinel-managed master or a Cluster (src/infra/keys.ts names the keys for each).
  const target = redisTarget(config);
  const redis = createRedis(target, 'commands', deps);
  // BullMQ requires blocking connections that retry forever rather than failing commands.
  const bullRedis = createRedis(target, 'queue', deps, { maxRetriesPerRequest: null });
  const hub = new RedisSubscriberHub(createRedis(target, 'subscriber', deps));

  const store = await createStore(storeOptions(config), deps);
  await seedBundledCatalog(BUNDLED_TWINS, { catalog: store.twins, logger });

  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics, prefix: 'twinbridge_' });

  const stream = new RedisReplyStream(redis, hub, { prefix, ttlSeconds: config.STREAM_TTL_SECONDS });
  const events = new RedisEventBus(redis, hub, { prefix });
  const turns = new RedisChannelTurns(redis, { prefix, maxWaitMs: config.TURN_MAX_WAIT_MS }, hub);
  const queue = new BullChatQueue(bullRedis, {
    prefix,
    queueName: config.QUEUE_NAME,
    attempts: config.JOB_ATTEMPTS,
    keepCompleted: { count: config.JOB_KEEP_COMPLETED, ageSeconds: config.JOB_KEEP_COMPLETED_SECONDS },
    keepFailed: { count: config.JOB_KEEP_FAILED, ageSeconds: config.JOB_KEEP_FAILED_SECONDS },
  });

  const catalog = createCatalogService({}, { twins: store.twins });
  const workspace = createWorkspaceService({}, { twins: store.twins, workspace: store.workspace, channels: store.channels, events, logger });
  const customTwins = createCustomTwinService(
    {},
    { catalog: store.twins, store: store.customTwins, avatars: store.customTwins, workspace, events, logger },
  );
  const roundtableFeed = new RoundtableFeed(stream);
  const roundtables = createRoundtableService(
    { maxRunningPerCustomer: config.ROUNDTABLE_MAX_RUNNING_PER_CUSTOMER },
    { store: store.roundtables, feed: roundtableFeed, queue, catalog, workspace, messages: store.messages, logger },
  );
  const submitted = new RedisSubmitSignal(redis, hub, { prefix });
  const images = new RedisImageBlobs(redis, { prefix, ttlSeconds: config.IMAGE_TTL_SECONDS });
  const chat = createChatService(
    { maxJobBytes: config.CHAT_JOB_MAX_BYTES },
    { queue, messages: store.messages, channels: store.channels, stream, turns, submitted, images, logger },
  );

  const mindReasoner: MindReasonerClient | null = config.MIND_REASONER_API_KEY
    ? createMindReasonerClient(
        { baseUrl: config.MIND_REASONER_API_URL, apiKey: config.MIND_REASONER_API_KEY, timeoutMs: config.CATALOG_SYNC_TIMEOUT_MS, simulationModel: config.MIND_REASONER_MODEL },
        { logger },
      )
    : null;
  const catalogSync: CatalogSync = createCatalogSync(
    { sources: { mindReasoner }, timeoutMs: config.CATALOG_SYNC_TIMEOUT_MS },
    { logger, sink: store.twins },
  );

  const attachmentPolicy: AttachmentPolicy = {
    maxBytes: config.ATTACHMENT_MAX_BYTES,
    timeoutMs: config.ATTACHMENT_TIMEOUT_MS,
    allowHosts: config.ATTACHMENT_ALLOW_HOSTS,
  };

  return {
    config,
    logger,
    redis,
    bullRedis,
    hub,
    store,
    metrics,
    stream,
    events,
    turns,
    submitted,
    images,
    queue,
    catalog,
    workspace,
    customTwins,
    chat,
    roundtables,
    roundtableFeed,
    catalogSync,
    mindReasoner,
    attachmentPolicy,
    async close() {
      await queue.close().catch(() => undefined);
      await hub.close();
      redis.disconnect();
      bullRedis.disconnect();
      await store.close();
    },
  };
}
