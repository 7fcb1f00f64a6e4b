/**
 * Private redis-server processes on free loopback ports, for tests that need a Redis Cluster or
 * a Sentinel setup: each runs in its own temp dir with persistence off, and is killed by `stop()`.
 * The shared Redis on 6379 is never touched.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export const hasRedisServer = (): boolean => spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** Polls `check` until it returns true (a positive signal), up to `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 20;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** One PING on a fresh connection, never retrying. */
export async function answers(port: number): Promise<boolean> {
  const r = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } finally {
    r.disconnect();
  }
}

export interface RedisGroup {
  ports: number[];
  dir: string;
  /** Sends a command to one server (redis-cli style arguments). */
  call(port: number, ...args: string[]): Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts one redis-server per argument list (each gets `--port P --dir <tmp>` added). */
export async function startRedisServers(configs: ((port: number, dir: string) => string[])[]): Promise<RedisGroup> {
  const dir = mkdtempSync(join(tmpdir(), 'tb-redis-'));
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  for (const [i, args] of configs.entries()) {
    const port = await freePort();
    const own = join(dir, String(i));
    spawnSync('mkdir', ['-p', own]);
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', own, '--save', '', '--appendonly', 'no', ...args(port, own)], { stdio: 'ignore' });
    children.push(child);
    ports.push(port);
  }
  const group: RedisGroup = {
    ports,
    dir,
    async call(port, ...args) {
      const r = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
      try {
        return await r.call(args[0]!, ...args.slice(1));
      } finally {
        r.disconnect();
      }
    },
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGKILL');
            }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (const port of ports) await waitUntil(() => answers(port), 10_000, `redis-server on ${port}`);
  } catch (err) {
    await group.stop();
    throw err;
  }
  return group;
}

/** Three masters, all 16384 slots assigned, `cluster_state:ok` on every node. */
export async function startRedisCluster(): Promise<RedisGroup> {
  const group = await startRedisServers(
    [0, 1, 2].map(() => (_port: number, dir: string) => ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '5000']),
  );
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...group.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8', timeout: 30_000 });
  if (created.status !== 0) {
    await group.stop();
    throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
  }
  try {
    for (const port of group.ports) {
      await waitUntil(async () => String(await group.call(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'), 20_000, `cluster state ok on ${port}`);
    }
  } catch (err) {
    await group.stop();
    throw err;
  }
  return group;
}
