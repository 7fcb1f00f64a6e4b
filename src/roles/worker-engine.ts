import { Counter, Histogram, type Registry } from 'prom-client';
import type { Core } from './core.js';
import type { Twin } from '../core/domain.js';
import type { ModelProvider } from '../core/model.js';
import { createCompletionProcessor } from '../engine/completion.js';
import { createEngine, type EngineMetrics } from '../engine/engine.js';
import { createAnthropicModelProvider } from '../model/anthropic.js';
import { createMindReasonerModelProvider } from '../model/mind-reasoner.js';
import { createOfflineModelProvider } from '../model/offline.js';
import { createRoundtableTurns } from '../roundtable/turns.js';
import { knowledgeSearchTool } from '../engine/tools.js';

const metricsByRegistry = new WeakMap<Registry, EngineMetrics>();

/** One set per registry: a worker restarted in the same process reuses its metrics. */
function engineMetrics(register: Registry): EngineMetrics {
  const existing = metricsByRegistry.get(register);
  if (existing) return existing;
  const created = newEngineMetrics(register);
  metricsByRegistry.set(register, created);
  return created;
}

function newEngineMetrics(register: Registry): EngineMetrics {
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

/** The worker's engine: model providers (Claude, Mind Reasoner, offline) and the job processor. */
export function createEngineForCore(core: Core) {
  const { store, stream, turns, workspace, mindReasoner, attachmentPolicy } = core;
  const claude: ModelProvider = core.config.ANTHROPIC_API_KEY
    ? createAnthropicModelProvider(
        {
          apiKey: core.config.ANTHROPIC_API_KEY,
          ...(core.config.ANTHROPIC_BASE_URL ? { baseURL: core.config.ANTHROPIC_BASE_URL } : {}),
          defaultModel: core.config.ANTHROPIC_MODEL,
          timeoutMs: core.config.MODEL_TIMEOUT_MS,
        },
        { logger: core.logger },
      )
    : createOfflineModelProvider({ chunkDelayMs: core.config.OFFLINE_CHUNK_DELAY_MS }, { logger: core.logger });
  const mindProvider = mindReasoner ? createMindReasonerModelProvider({ client: mindReasoner }, { logger: core.logger }) : null;
  const providerFor = (twin: Twin): ModelProvider => (twin.source === 'mind-reasoner' && mindProvider ? mindProvider : claude);

  const roundtable = createRoundtableTurns(
    {
      historyLimit: core.config.HISTORY_LIMIT,
      maxTokens: core.config.MODEL_MAX_TOKENS,
      maxToolRounds: core.config.MAX_TOOL_ROUNDS,
      contextTokens: core.config.ROUNDTABLE_CONTEXT_TOKENS,
    },
    {
      store: store.roundtables,
      feed: core.roundtableFeed,
      catalog: store.twins,
      messages: store.messages,
      queue: core.queue,
      providerFor,
      moderator: claude,
      tools: [knowledgeSearchTool({ messages: store.messages })],
      logger: core.logger,
    },
  );
  const engine = createEngine(
    {
      historyLimit: core.config.HISTORY_LIMIT,
      maxToolRounds: core.config.MAX_TOOL_ROUNDS,
      maxTokens: core.config.MODEL_MAX_TOKENS,
      defaultPersonality: core.config.DEFAULT_PERSONALITY,
      publicUrl: core.config.PUBLIC_URL ?? null,
      attachments: attachmentPolicy,
    },
    {
      catalog: store.twins,
      routable: (owner, channelId) => workspace.routable(owner, channelId),
      channels: store.channels,
      messages: store.messages,
      images: core.images,
      stream,
      turns,
      providerFor,
      metrics: engineMetrics(core.metrics),
      completion: createCompletionProcessor(
        { maxTokens: core.config.MODEL_MAX_TOKENS, maxRounds: core.config.MAX_TOOL_ROUNDS },
        { catalog: store.twins, stream, providerFor, logger: core.logger },
      ),
      roundtable,
      logger: core.logger,
    },
  );
  return { engine, claude, providerFor, roundtable };
}
