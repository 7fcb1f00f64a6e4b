import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { createCatalogService } from './catalog/service.js';
import { seedBundledCatalog } from './catalog/seed.js';
import { BUNDLED_TWINS } from './catalog/bundled/index.js';
import { createMindReasonerClient, type MindReasonerClient } from './catalog/mindReasoner/client.js';
import { createCatalogSync, type CatalogSync } from './catalog/sync.js';
import type { Config } from './config.js';
import type { Twin } from './core/domain.js';
import type { ModelProvider } from './core/model.js';
import { createChatService } from './engine/chatService.js';
import { createCompletionProcessor } from './engine/completion.js';
import { createEngine, type EngineMetrics } from './engine/engine.js';
import type { AttachmentPolicy } from './engine/attachments.js';
import { createRedis, RedisSubscriberHub } from './infra/redis.js';
import { createAnthropicModelProvider } from './model/anthropic.js';
import { createMindReasonerModelProvider } from './model/mindReasoner.js';
import { createOfflineModelProvider } from './model/offline.js';
import { BullChatQueue } from './queue/chatQueue.js';
import { RedisChannelTurns } from './queue/turns.js';
import { createStore } from './store/index.js';
import { RedisReplyStream } from './stream/redis.js';
import { RedisEventBus } from './workspace/events.js';
import { createWorkspaceService } from './workspace/service.js';

export type Core = Awaited<ReturnType<typeof createCore>>;

function engineMetrics(register: Registry): EngineMetrics {
  const firstToken = new Histogram({
    name: 'twinbridge_first_token_seconds',
    help: 'Time from a message arriving to the first streamed text of a twin',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  const jobs = new Counter({ name: 'twinbridge_jobs_total', help: 'Jobs finished', labelNames: ['kind', 'outcome'], registers: [register] });
  const duration = new Histogram({
    name: 'twinbridge_job_duration_seconds',
    help: 'Worker time per finished job',
    labelNames: ['kind'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [register],
  });
  return {
    firstToken: (ms) => firstToken.observe(ms / 1000),
    job: (kind, outcome, ms) => {
      jobs.inc({ kind, outcome });
      if (outcome === 'done') duration.observe({ kind }, ms / 1000);
    },
  };
}

/**
 * Everything every role shares: the store, Redis, the queue, the reply stream, the services and
 * the engine. Roles (api, worker, discord, slack) are started on top of it by main.ts.
 */
export async function createCore(config: Config, deps: { logger: Logger }) {
  const { logger } = deps;
  const prefix = config.REDIS_PREFIX;
  const redis = createRedis(config.REDIS_URL, 'commands', deps);
  // BullMQ requires blocking connections that retry forever rather than failing commands.
  const bullRedis = createRedis(config.REDIS_URL, 'queue', deps, { maxRetriesPerRequest: null });
  const hub = new RedisSubscriberHub(createRedis(config.REDIS_URL, 'subscriber', deps));

  const store = createStore({ path: config.DATABASE_PATH, maxActiveTwins: config.MAX_ACTIVE_TWINS_PER_CHANNEL }, deps);
  seedBundledCatalog(BUNDLED_TWINS, { catalog: store.twins, logger });

  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics, prefix: 'twinbridge_' });

  const stream = new RedisReplyStream(redis, hub, { prefix, ttlSeconds: config.STREAM_TTL_SECONDS });
  const events = new RedisEventBus(redis, hub, { prefix });
  const turns = new RedisChannelTurns(redis, { prefix, maxWaitMs: 15_000 });
  const queue = new BullChatQueue(bullRedis, { prefix, queueName: config.QUEUE_NAME, attempts: config.JOB_ATTEMPTS });

  const catalog = createCatalogService({}, { twins: store.twins });
  const workspace = createWorkspaceService({}, { twins: store.twins, workspace: store.workspace, channels: store.channels, events, logger });
  const chat = createChatService({}, { queue, messages: store.messages, channels: store.channels, stream, turns, logger });

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

  const claude: ModelProvider = config.ANTHROPIC_API_KEY
    ? createAnthropicModelProvider(
        {
          apiKey: config.ANTHROPIC_API_KEY,
          ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
          defaultModel: config.ANTHROPIC_MODEL,
          timeoutMs: config.MODEL_TIMEOUT_MS,
        },
        { logger },
      )
    : createOfflineModelProvider({ chunkDelayMs: config.OFFLINE_CHUNK_DELAY_MS }, { logger });
  const mindProvider = mindReasoner ? createMindReasonerModelProvider({ client: mindReasoner }, { logger }) : null;
  const providerFor = (twin: Twin): ModelProvider => (twin.source === 'mind-reasoner' && mindProvider ? mindProvider : claude);

  const attachmentPolicy: AttachmentPolicy = {
    maxBytes: config.ATTACHMENT_MAX_BYTES,
    timeoutMs: config.ATTACHMENT_TIMEOUT_MS,
    allowHosts: config.ATTACHMENT_ALLOW_HOSTS,
  };
  const engine = createEngine(
    {
      historyLimit: config.HISTORY_LIMIT,
      maxToolRounds: config.MAX_TOOL_ROUNDS,
      maxTokens: config.MODEL_MAX_TOKENS,
      defaultPersonality: config.DEFAULT_PERSONALITY,
      attachments: attachmentPolicy,
    },
    {
      catalog: store.twins,
      routable: (owner, channelId) => workspace.routable(owner, channelId),
      channels: store.channels,
      messages: store.messages,
      stream,
      turns,
      providerFor,
      metrics: engineMetrics(metrics),
      completion: createCompletionProcessor(
        { maxTokens: config.MODEL_MAX_TOKENS, maxRounds: config.MAX_TOOL_ROUNDS },
        { catalog: store.twins, stream, providerFor, logger },
      ),
      logger,
    },
  );

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
    queue,
    catalog,
    workspace,
    chat,
    engine,
    claude,
    providerFor,
    catalogSync,
    mindReasoner,
    attachmentPolicy,
    async close() {
      await queue.close().catch(() => undefined);
      await hub.close();
      redis.disconnect();
      bullRedis.disconnect();
      store.close();
    },
  };
}
