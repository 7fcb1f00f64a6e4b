import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/** A Redis connection with our defaults; `role` names it in CLIENT LIST and logs. */
export function createRedis(url: string, role: string, deps: { logger: Logger }, extra: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    connectionName: `twinbridge:${role}`,
    enableAutoPipelining: true,
    ...extra,
  });
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

  constructor(private readonly sub: Redis) {
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
