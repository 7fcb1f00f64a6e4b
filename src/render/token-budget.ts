/**
 * A token-bucket Budget per (key, op): each op has its own rate per minute and a small burst,
 * callers wait in arrival order, and a penalty empties the bucket until it ends. Slack limits
 * each Web API method per workspace this way (tiers), so the key is the team and the op the method.
 */
import type { Budget } from './budget.js';
import type { Clock } from './clock.js';

export interface TokenBudgetOptions {
  /** Calls per minute, by op. */
  perMinute: Readonly<Record<string, number>>;
  /** For ops not in `perMinute`. */
  fallbackPerMinute: number;
  /** Calls that may go back to back before the rate applies. */
  burst: number;
  maxKeys?: number | undefined;
}

interface Bucket {
  tokens: number;
  refilledAt: number;
  blockedUntil: number;
  perMs: number;
  queue: Promise<void>;
  pending: number;
}

export interface TokenBudget extends Budget {
  /** Milliseconds until `op` may go to `key` without waiting (0 = now). */
  delayFor(key: string, op: string): number;
}

export function createTokenBudget(options: TokenBudgetOptions, clock: Clock): TokenBudget {
  const burst = Math.max(1, options.burst);
  const maxKeys = options.maxKeys ?? 4096;
  const buckets = new Map<string, Bucket>();

  function bucket(key: string, op: string): Bucket {
    const id = `${key}\u0000${op}`;
    let b = buckets.get(id);
    if (!b) {
      if (buckets.size >= maxKeys) sweep();
      const perMinute = options.perMinute[op] ?? options.fallbackPerMinute;
      b = { tokens: Math.min(burst, perMinute), refilledAt: clock.now(), blockedUntil: 0, perMs: perMinute / 60_000, queue: Promise.resolve(), pending: 0 };
      buckets.set(id, b);
    }
    return b;
  }

  /** Full, idle buckets hold no information: drop them. */
  function sweep(): void {
    for (const [id, b] of buckets) {
      refill(b);
      if (b.pending === 0 && b.blockedUntil <= clock.now() && b.tokens >= Math.min(burst, b.perMs * 60_000)) buckets.delete(id);
    }
  }

  function refill(b: Bucket): void {
    const t = clock.now();
    if (t <= b.refilledAt) return;
    const cap = Math.min(burst, Math.max(1, b.perMs * 60_000));
    b.tokens = Math.min(cap, b.tokens + (t - b.refilledAt) * b.perMs);
    b.refilledAt = t;
  }

  function wait(b: Bucket): number {
    refill(b);
    const blocked = Math.max(0, b.blockedUntil - clock.now());
    const starved = b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) / b.perMs);
    return Math.max(blocked, starved);
  }

  return {
    acquire(key, op) {
      const b = bucket(key, op);
      b.pending += 1;
      const turn = b.queue
        .then(async () => {
          for (let ms = wait(b); ms > 0; ms = wait(b)) await clock.sleep(ms);
          b.tokens -= 1;
        })
        .finally(() => {
          b.pending -= 1;
        });
      b.queue = turn.catch(() => undefined);
      return turn;
    },
    penalise(key, untilMs, op) {
      const targets = op ? [bucket(key, op)] : [...buckets.entries()].filter(([id]) => id.startsWith(`${key}\u0000`)).map(([, b]) => b);
      for (const b of targets) {
        refill(b);
        b.blockedUntil = Math.max(b.blockedUntil, untilMs);
        // One call may go as soon as the hold ends; the bucket refills from there.
        b.tokens = 1;
        b.refilledAt = Math.max(b.refilledAt, b.blockedUntil);
      }
    },
    delayFor(key, op) {
      return wait(bucket(key, op));
    },
  };
}
