/**
 * The rate budget a writer draws from before every platform call. The port is small: wait for
 * a grant, and hear from the platform (rate-limit headers, a 429) that a key is empty until
 * some time. Two policies ship here; an adapter picks one and its numbers.
 *
 * `createWindowBudget`: at most `limit` grants per sliding window per key (Discord allows about
 * five message writes per 5 s per channel, shared by every twin streaming there). Grants are
 * first come, first served, so twins take turns.
 */
import type { Clock } from './clock.js';

export interface Budget {
  /** Resolves when one more call of kind `op` may go to `key`. */
  acquire(key: string, op: string): Promise<void>;
  /** Nothing goes to `key` (for `op`, or any op) before `untilMs` (epoch ms). */
  penalise(key: string, untilMs: number, op?: string): void;
  /** While true, writers send only what must land (final texts), not intermediate edits. */
  restricted?(): boolean;
}

export interface WindowBudgetOptions {
  limit: number;
  windowMs: number;
  /**
   * Added to the window: the platform's window starts when our first request arrives, later
   * than we sent it, so a window measured here would reopen a little early.
   */
  marginMs?: number | undefined;
  /** Idle keys kept before the oldest idle ones are dropped. */
  maxKeys?: number | undefined;
}

interface Lane {
  grants: number[];
  blockedUntil: number;
  tail: Promise<void>;
  pending: number;
}

export function createWindowBudget(options: WindowBudgetOptions, clock: Clock): Budget {
  const lanes = new Map<string, Lane>();
  const window = options.windowMs + (options.marginMs ?? 150);
  const maxKeys = options.maxKeys ?? 512;

  function lane(key: string): Lane {
    let l = lanes.get(key);
    if (!l) {
      if (lanes.size >= maxKeys) sweep();
      l = { grants: [], blockedUntil: 0, tail: Promise.resolve(), pending: 0 };
      lanes.set(key, l);
    }
    return l;
  }

  /** Drops idle lanes so a long-running process does not keep one per channel forever. */
  function sweep(): void {
    const now = clock.now();
    for (const [key, l] of lanes) {
      if (l.pending === 0 && l.blockedUntil < now && l.grants.every((t) => t <= now - window)) lanes.delete(key);
    }
  }

  async function grant(l: Lane): Promise<void> {
    for (;;) {
      const now = clock.now();
      l.grants = l.grants.filter((t) => t > now - window);
      const full = l.grants.length >= options.limit ? l.grants[l.grants.length - options.limit]! + window : 0;
      const at = Math.max(now, l.blockedUntil, full);
      if (at <= now) {
        l.grants.push(now);
        return;
      }
      await clock.sleep(at - now);
    }
  }

  return {
    acquire(key) {
      const l = lane(key);
      l.pending += 1;
      const turn = l.tail.then(() => grant(l)).finally(() => {
        l.pending -= 1;
      });
      l.tail = turn.catch(() => undefined);
      return turn;
    },
    penalise(key, untilMs) {
      const l = lane(key);
      l.blockedUntil = Math.max(l.blockedUntil, untilMs);
    },
  };
}
