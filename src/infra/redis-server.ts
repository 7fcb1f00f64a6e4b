import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export async function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * For `npm start` on a fresh machine: when nothing answers at a local REDIS_URL and a
 * redis-server binary is installed, run a private one (AOF on, noeviction) under DATA_DIR/redis
 * for the life of this process.
 */
export async function ensureRedis(url: string, dataDir: string, logger: Logger, options: { autostart: boolean }): Promise<ChildProcess | null> {
  if (await redisAnswers(url)) return null;
  const parsed = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(parsed.hostname);
  if (!options.autostart || !local || !hasRedisServer()) {
    throw new Error(
      `No Redis answers at ${parsed.protocol}//${parsed.host}. Start one (e.g. "sudo apt-get install redis-server" or "docker run -p 6379:6379 redis:7") or set REDIS_URL.`,
    );
  }
  const dir = resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = parsed.port || '6379';
  const child = spawn(
    'redis-server',
    ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', '', '--daemonize', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(url, 500)) {
      logger.warn({ port, dir }, 'no Redis was running; started a private redis-server for this process');
      return child;
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`Could not start redis-server on port ${port}; set REDIS_URL to a running Redis.`);
}
