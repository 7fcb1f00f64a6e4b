/**
 * Starts the real application (store, Redis, queue, engine worker, optionally the HTTP API) for
 * one test file, isolated by its own SQLite file, Redis key prefix and queue name. Redis is the
 * shared one at TEST_REDIS_URL (default 127.0.0.1:6379); only this app's keys are ever deleted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { deletePrefix } from './redis-prefix.js';
import { pino, type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { createCore, type Core } from '../../src/roles/core.js';
import { createTwinFiles } from '../../src/catalog/twin-files.js';
import type { TwinFiles } from '../../src/core/services.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createApi } from '../../src/http/api.js';
import { startWorker } from '../../src/roles/worker.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic/server.js';

export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestAppOptions {
  /** Extra environment for loadConfig (e.g. { MAX_ACTIVE_TWINS_PER_CHANNEL: '2' }). */
  env?: Record<string, string>;
  /** Start a fake Anthropic server and point the SDK at it (default true). Pass one to share it. */
  anthropic?: boolean | FakeAnthropic;
  /** Start the HTTP API on 127.0.0.1:0 (default false). */
  api?: boolean;
  /** Start the engine worker (default true). */
  worker?: boolean;
  /** Reuse another app's data dir and prefix (a second process of the same deployment). */
  shareWith?: TestApp;
  /** Extra fastify routes (e.g. Slack's). */
  extraRoutes?: ((app: FastifyInstance) => void | Promise<void>)[];
  logger?: Logger;
  /** The built web console to serve (default none). */
  consoleDir?: string | null;
}

export interface TestApp {
  core: Core;
  config: Config;
  /** Base URL of the HTTP API when `api` was set. */
  url: string;
  http: FastifyInstance | null;
  anthropic: FakeAnthropic | null;
  /** The deps platform adapters take. */
  deps: Pick<Core, 'logger' | 'chat' | 'workspace' | 'catalog' | 'metrics' | 'roundtables'> & { channels: Core['store']['channels']; twinFiles: TwinFiles };
  /** A signed HS256 JWT for a user. */
  token(userId: string, customerId?: string, ttlSeconds?: number): Promise<string>;
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function signTestToken(userId: string, customerId?: string, ttlSeconds = 3600, secret = TEST_JWT_SECRET): Promise<string> {
  return new SignJWT(customerId ? { customer_id: customerId } : {})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}

export { deletePrefix };

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const shared = options.shareWith;
  const dataDir = shared ? shared.config.DATA_DIR : mkdtempSync(join(tmpdir(), 'twinbridge-test-'));
  const prefix = shared ? shared.config.REDIS_PREFIX : `tbtest-${randomBytes(5).toString('hex')}`;
  let anthropic: FakeAnthropic | null = null;
  let ownAnthropic = false;
  if (options.anthropic !== false) {
    if (typeof options.anthropic === 'object') anthropic = options.anthropic;
    else {
      anthropic = await startFakeAnthropic();
      ownAnthropic = true;
    }
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    ROLES: 'api,worker',
    OFFLINE_CHUNK_DELAY_MS: '0',
    JOB_ATTEMPTS: '3',
    ...(anthropic ? { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: anthropic.url } : {}),
    ...options.env,
  });
  const logger = options.logger ?? pino({ level: config.LOG_LEVEL });
  const core = await createCore(config, { logger });
  let worker = options.worker === false ? null : await startWorker(core);
  let api: Awaited<ReturnType<typeof createApi>> | null = null;
  let url = '';
  if (options.api) {
    api = await createApi(core, {
      jwtSecret: TEST_JWT_SECRET,
      version: 'test',
      ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
      // No console unless a test asks: whether web/dist happens to be built must not change results.
      consoleDir: options.consoleDir ?? null,
    });
    url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  }
  return {
    core,
    config,
    url,
    http: api?.app ?? null,
    anthropic,
    deps: { logger: core.logger, chat: core.chat, workspace: core.workspace, catalog: core.catalog, metrics: core.metrics, channels: core.store.channels, twinFiles: createTwinFiles({ attachments: core.attachmentPolicy }, { twins: core.customTwins }), roundtables: core.roundtables },
    token: (userId, customerId, ttl) => signTestToken(userId, customerId, ttl),
    async stopWorker() {
      await worker?.close();
      worker = null;
    },
    async startWorker() {
      worker ??= await startWorker(core);
    },
    async close() {
      await api?.close();
      await worker?.close();
      await core.close();
      if (ownAnthropic) await anthropic?.close();
      if (!shared) {
        await deletePrefix(TEST_REDIS_URL, prefix);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
