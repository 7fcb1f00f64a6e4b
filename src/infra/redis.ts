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

/** A listener's hooks for the subscriber connection dropping and coming back. */
export interface ListenHooks {
  /** The connection dropped: messages published from now on may never arrive. */
  onGap?(): void;
  /** Every channel is subscribed again after a drop; what was missed must be read elsewhere. */
  onResume?(): void;
}

interface Entry {
  fn: (message: string) => void;
  hooks: ListenHooks;
}

/**
 * One subscriber connection per process, shared by every follower: reply streams and workspace
 * events. Holding 1,000 followed streams costs 1,000 SUBSCRIBEs, not 1,000 connections. Pub/sub
 * loses what is published while the connection is down, so listeners are told of the gap and,
 * once every channel is subscribed again, of the resumption (reply streams then re-read their log).
 */
export class RedisSubscriberHub {
  private readonly listeners = new Map<string, Set<Entry>>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private down = false;

  constructor(private readonly sub: RedisClient) {
    sub.on('message', (channel: string, message: string) => {
      const set = this.listeners.get(channel);
      if (!set) return;
      for (const e of set) e.fn(message);
    });
    sub.on('close', () => {
      if (this.down) return;
      this.down = true;
      for (const e of this.entries()) e.hooks.onGap?.();
    });
    sub.on('ready', () => {
      if (this.down) void this.resume();
    });
  }

  private *entries(): Iterable<Entry> {
    for (const set of this.listeners.values()) yield* set;
  }

  /**
   * ioredis resubscribes on its own as the connection becomes ready; our SUBSCRIBE is queued
   * behind its, so when ours is answered every channel is live again.
   */
  private async resume(): Promise<void> {
    const channels = [...this.listeners.keys()];
    try {
      if (channels.length > 0) await this.sub.subscribe(...channels);
    } catch {
      return; // dropped again: the next 'ready' resumes
    }
    if (this.sub.status !== 'ready') return;
    this.down = false;
    for (const e of [...this.entries()]) e.hooks.onResume?.();
  }

  async listen(channel: string, fn: (message: string) => void, hooks: ListenHooks = {}): Promise<() => void> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    const entry: Entry = { fn, hooks };
    set.add(entry);
    const stop = () => {
      const current = this.listeners.get(channel);
      if (!current || !current.delete(entry)) return;
      if (current.size === 0) {
        this.listeners.delete(channel);
        this.sub.unsubscribe(channel).catch(() => undefined);
      }
    };
    try {
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
    } catch (err) {
      stop();
      throw err;
    }
    return stop;
  }

  /** Channels with at least one listener (each one Redis SUBSCRIBE). */
  get channelCount(): number {
    return this.listeners.size;
  }

  /** Listeners over all channels. */
  get listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.sub.disconnect();
  }
}
