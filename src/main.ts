import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from './config.js';
import { ensureRedis } from './infra/redis-server.js';
import { createLogger } from './logger.js';
import { startApi } from './roles/api.js';
import { createCore } from './roles/core.js';
import { startDiscord } from './roles/discord.js';
import type { PlatformRole } from './roles/platform.js';
import { startSlack } from './roles/slack.js';
import { startWorker } from './roles/worker.js';

/** package.json's version, found from here whether running from src/ (tsx) or dist/src/. */
function readVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'twinbridge' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();

/**
 * The composition root: starts the roles asked for in one process (each built by its file in
 * src/roles/ from the shared core); returns a function that stops them gracefully.
 */
export async function serve(config: Config): Promise<() => Promise<void>> {
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  // A Cluster or Sentinel deployment is managed elsewhere: nothing to autostart.
  const managed = Boolean(config.REDIS_CLUSTER_NODES || config.REDIS_SENTINELS);
  const redisChild = managed ? null : await ensureRedis(config.REDIS_URL, config.DATA_DIR, logger, { autostart: config.REDIS_AUTOSTART });
  const core = await createCore(config, { logger });
  const roles = new Set(config.ROLES);
  const stops: (() => Promise<void>)[] = [];

  const worker = roles.has('worker') ? await startWorker(core) : null;
  if (worker) stops.push(() => worker.close());
  const none: PlatformRole = { routes: [], stop: async () => undefined };
  const platforms = [roles.has('discord') ? await startDiscord(core) : none, roles.has('slack') ? await startSlack(core) : none];
  for (const p of platforms) stops.push(p.stop);

  // Slack's HTTP receiver shares the service's port, so an HTTP server runs for `api` or `slack`.
  const extraRoutes = platforms.flatMap((p) => p.routes);
  if (roles.has('api') || extraRoutes.length > 0) {
    const api = await startApi(core, { version: VERSION, extraRoutes });
    stops.unshift(api.stop);
  } else {
    logger.info({ roles: [...roles] }, `Twinbridge ${VERSION} started`);
  }
  if (roles.has('worker') && !config.ANTHROPIC_API_KEY) {
    logger.warn('ANTHROPIC_API_KEY is not set: twins answer with offline replies. Set it to talk to Claude.');
  }

  return async () => {
    for (const stop of stops) await stop().catch((err: unknown) => logger.error({ err }, 'error while stopping'));
    await core.close();
    redisChild?.kill();
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  let stop: () => Promise<void>;
  try {
    stop = await serve(config);
  } catch (err) {
    process.stderr.write(`twinbridge: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write(`twinbridge: ${signal} received, finishing running replies (up to ${config.SHUTDOWN_GRACE_MS} ms)...\n`);
    stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
