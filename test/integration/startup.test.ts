import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { serve } from '../../src/main.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('npm start with nothing configured', () => {
  it('starts a private redis-server when none answers, generates a dev JWT secret, and serves', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tb-start-'));
    dirs.push(dataDir);
    const [redisPort, httpPort] = [await freePort(), await freePort()];
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: String(httpPort),
      HOST: '127.0.0.1',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      LOG_LEVEL: 'silent',
      SHUTDOWN_GRACE_MS: '1000',
    });
    const stop = await serve(config);
    try {
      const ready = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { sqlite: 'ok', redis: 'ok' } });
      expect(existsSync(join(dataDir, 'twinbridge.db'))).toBe(true);
      expect(existsSync(join(dataDir, 'redis'))).toBe(true);
      expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim().length).toBeGreaterThanOrEqual(32);
      const available = await fetch(`http://127.0.0.1:${httpPort}/api/v2/twin-workspace/available`);
      expect(available.status).toBe(401);
    } finally {
      await stop();
    }
    // The private Redis went away with the service.
    await new Promise((r) => setTimeout(r, 300));
    await expect(fetch(`http://127.0.0.1:${httpPort}/healthz`)).rejects.toThrow();
  });

  it('exits with one clear line when no Redis answers and autostart is off', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tb-start-'));
    dirs.push(dataDir);
    const config = loadConfig({ DATA_DIR: dataDir, REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_AUTOSTART: 'false', LOG_LEVEL: 'silent' });
    await expect(serve(config)).rejects.toThrow(/No Redis answers at redis:\/\/127\.0\.0\.1:\d+\. Start one/);
  });

  it('refuses a bad configuration, naming every variable', () => {
    expect(() => loadConfig({ PORT: 'abc', WORKER_CONCURRENCY: '0', REDIS_URL: 'not a url' })).toThrow(
      /PORT: must be a whole number[\s\S]*REDIS_URL[\s\S]*WORKER_CONCURRENCY: must be at least 1/,
    );
  });
});
