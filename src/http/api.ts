import type { FastifyInstance } from 'fastify';
import type { Core } from '../roles/core.js';
import { createCompletionService } from '../chat/completion-service.js';
import { createAuthenticator } from './auth.js';
import { createIdempotencyGuard } from './idempotency.js';
import { createRateLimiter } from './rate-limit.js';
import { registerChatRoutes } from './routes/chat.js';
import { consoleOpenApi, findConsoleDir, registerConsoleRoutes } from './routes/console.js';
import { devTokenOpenApi, devTokensEnabled, registerDevTokenRoute } from './routes/dev-token.js';
import { registerEventRoutes } from './routes/events.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerRoundtableRoutes } from './routes/roundtables.js';
import { registerTwinServiceRoutes } from './routes/twin-service.js';
import { registerTwinRoutes } from './routes/twins.js';
import { registerWorkspaceRoutes } from './routes/workspace.js';
import { createHttpServer } from './server.js';

export interface ApiOptions {
  jwtSecret: string | null;
  version: string;
  /** Routes of other roles that share this port (Slack's /slack/events). */
  extraRoutes?: ((app: FastifyInstance) => void | Promise<void>)[];
  keepaliveMs?: number;
  /** The built web console (web/dist); default: found next to the package, `null` for none. */
  consoleDir?: string | null;
}

/** The HTTP API role: every route of api/*.md on one fastify instance. */
export async function createApi(core: Core, options: ApiOptions): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const { config } = core;
  const auth = createAuthenticator(
    { jwtSecret: options.jwtSecret, jwksUrl: config.JWT_JWKS_URL ?? null, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
    { users: core.store.users },
  );
  const app = await createHttpServer({ bodyLimit: config.BODY_LIMIT_BYTES, trustProxy: config.TRUST_PROXY.length > 0 ? [...config.TRUST_PROXY] : false }, { logger: core.logger, auth });
  const idempotency = createIdempotencyGuard({ redis: core.redis, prefix: config.REDIS_PREFIX });
  const limiter = (name: string, points: number) =>
    createRateLimiter({ name, points, durationSec: 60 }, { redis: core.redis, prefix: config.REDIS_PREFIX });

  const consoleDir = options.consoleDir === undefined ? findConsoleDir() : options.consoleDir;
  const devTokens = devTokensEnabled(config, options.jwtSecret);
  registerHealthRoutes(app, {
    checks: { [core.store.dialect]: () => core.store.ping(), redis: async () => (await core.redis.ping()) === 'PONG' },
    metrics: core.metrics,
    version: options.version,
    extraPaths: { ...consoleOpenApi(consoleDir !== null), ...(devTokens ? devTokenOpenApi : {}) },
  });
  await registerConsoleRoutes(app, { dir: consoleDir, version: options.version });
  if (devTokens && options.jwtSecret) {
    registerDevTokenRoute(app, { jwtSecret: options.jwtSecret, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  }
  registerWorkspaceRoutes(app, {
    auth,
    limiter: limiter('workspace', config.RATE_LIMIT_WORKSPACE_PER_MIN),
    catalog: core.catalog,
    workspace: core.workspace,
  });
  registerTwinRoutes(app, { auth, limiter: limiter('workspace', config.RATE_LIMIT_WORKSPACE_PER_MIN), twins: core.customTwins });
  registerChatRoutes(app, {
    auth,
    ipLimiter: limiter('chat-ip', config.RATE_LIMIT_CHAT_PER_IP_PER_MIN),
    userLimiter: limiter('chat-user', config.RATE_LIMIT_CHAT_PER_USER_PER_MIN),
    chat: core.chat,
    messages: core.store.messages,
    stream: core.stream,
    queue: core.queue,
    channels: core.store.channels,
    catalog: core.store.twins,
    attachments: core.attachmentPolicy,
    imageMaxBytes: config.IMAGE_MAX_BYTES,
    keepaliveMs: options.keepaliveMs ?? 15_000,
    syncTimeoutMs: Math.max(config.MODEL_TIMEOUT_MS * 2, 60_000),
    sse: { maxBufferBytes: config.SSE_MAX_BUFFER_BYTES, maxLifetimeMs: config.SSE_MAX_LIFETIME_MS },
    idempotency,
  });
  registerRoundtableRoutes(app, {
    auth,
    ipLimiter: limiter('chat-ip', config.RATE_LIMIT_CHAT_PER_IP_PER_MIN),
    userLimiter: limiter('chat-user', config.RATE_LIMIT_CHAT_PER_USER_PER_MIN),
    roundtables: core.roundtables,
    channels: core.store.channels,
    keepaliveMs: options.keepaliveMs ?? 15_000,
  });
  registerTwinServiceRoutes(app, {
    auth,
    readLimiter: limiter('twin-service-read', config.RATE_LIMIT_WORKSPACE_PER_MIN),
    completionLimiter: limiter('twin-service-completion', config.RATE_LIMIT_CHAT_PER_USER_PER_MIN),
    catalog: core.store.twins,
    idempotency,
    completions: createCompletionService(
      { timeoutMs: Math.max(config.MODEL_TIMEOUT_MS * 2, 60_000) },
      { queue: core.queue, stream: core.stream },
    ),
  });
  const stopEvents = await registerEventRoutes(app, { auth, events: core.events, heartbeatMs: 30_000 });
  for (const extra of options.extraRoutes ?? []) await extra(app);
  return {
    app,
    async close() {
      await stopEvents();
      await app.close();
    },
  };
}
