import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisClient } from './keys.js';

export type { RedisClient } from './keys.js';

interface HostPort {
  host: string;
  port: number;
}

/** Where Redis is: one node (REDIS_URL), a Sentinel-managed master, or a Redis Cluster. */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'sentinel'; url: string; sentinels: HostPort[]; name: string }
  | { kind: 'cluster'; url: string; nodes: HostPort[] };

export function redisTarget(config: {
  REDIS_URL: string;
  REDIS_CLUSTER_NODES?: HostPort[] | undefined;
  REDIS_SENTINELS?: HostPort[] | undefined;
  REDIS_SENTINEL_NAME?: string | undefined;
}): RedisTarget {
  if (config.REDIS_CLUSTER_NODES) return { kind: 'cluster', url: config.REDIS_URL, nodes: config.REDIS_CLUSTER_NODES };
  if (config.REDIS_SENTINELS) return { kind: 'sentinel', url: config.REDIS_URL, sentinels: config.REDIS_SENTINELS, name: config.REDIS_SENTINEL_NAME ?? 'mymaster' };
  return { kind: 'single', url: config.REDIS_URL };
}

/** Credentials and db from REDIS_URL, for the nodes a Sentinel or a Cluster points at. */
function urlOptions(url: string): RedisOptions {
  const u = new URL(url);
  const db = Number(u.pathname.replace(/^\//, '') || 0);
  return {
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** A Redis connection with our defaults; `role` names it in CLIENT LIST and logs. */
export function createRedis(target: string, role: string, deps: { logger: Logger }, extra?: RedisOptions): Redis;
export function createRedis(target: RedisTarget, role: string, deps: { logger: Logger }, extra?: RedisOptions): RedisClient;
export function createRedis(target: RedisTarget | string, role: string, deps: { logger: Logger }, extra: RedisOptions = {}): RedisClient {
  const where: RedisTarget = typeof target === 'string' ? { kind: 'single', url: target } : target;
  const base: RedisOptions = { connectionName: `twinbridge:${role}`, enableAutoPipelining: true, ...extra };
  let client: RedisClient;
  if (where.kind === 'cluster') {
    const { db: _db, ...nodeOptions } = { ...urlOptions(where.url), ...base };
    client = new Cluster(where.nodes, { redisOptions: nodeOptions, enableAutoPipelining: true });
  } else if (where.kind === 'sentinel') {
    client = new Redis({
      sentinels: where.sentinels,
      name: where.name,
      // Follow a failover as soon as the sentinels announce it (+switch-master), and reconnect
      // (resending the command) if a write still reaches the demoted master.
      failoverDetector: true,
      reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
      ...urlOptions(where.url),
      ...base,
    });
  } else {
    client = new Redis(where.url, base);
  }
  let lastError = '';
  client.on('error', (err: Error) => {
    // ioredis retries on its own; log each distinct failure once rather than every 50 ms.
    if (err.message !== lastError) deps.logger.warn({ role, err: err.message }, 'redis connection error');
    lastError = err.message;
  });
  client.on('ready', () => {
    lastError = '';
  });
  return client;
}

/**
 * One subscriber connection per process, shared by every follower: reply streams and workspace
 * events. Holding 1,000 followed streams costs 1,000 SUBSCRIBEs, not 1,000 connections.
 */
export class RedisSubscriberHub {
  private readonly listeners = new Map<string, Set<(message: string) => void>>();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(private readonly sub: RedisClient) {
    sub.on('message', (channel: string, message: string) => {
      const set = this.listeners.get(channel);
      if (!set) return;
      for (const fn of set) fn(message);
    });
  }

  async listen(channel: string, fn: (message: string) => void): Promise<() => void> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(fn);
    const inflight = this.pending.get(channel);
    if (inflight) await inflight;
    else if (set.size === 1) {
      const p = this.sub.subscribe(channel);
      this.pending.set(channel, p);
      try {
        await p;
      } finally {
        this.pending.delete(channel);
      }
    }
    return () => {
      const current = this.listeners.get(channel);
      if (!current) return;
      current.delete(fn);
      if (current.size === 0) {
        this.listeners.delete(channel);
        this.sub.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  get channelCount(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.sub.disconnect();
  }
}
