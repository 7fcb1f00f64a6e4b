/**
 * The rate budget a writer draws from before every platform call. The port is small: wait for
 * a grant, and hear from the platform (rate-limit headers, a 429) that a key is empty until
 * some time. Two policies ship here; an adapter picks one and its numbers.
 *
 * `createWindowBudget`: at most `limit` grants per sliding window per key (Discord allows about
 * five message writes per 5 s per channel, shared by every twin streaming there). Grants are
 * first come, first served, so twins take turns, except that essential writes (a first message,
 * a final text) go first and may use the grants held in reserve from intermediate edits.
 */
import type { Clock } from './clock.js';

export interface AcquireOptions {
  /**
   * A write that must land for the reader to see the reply at all: a reply's first message, or
   * its final text. Essential writes go before waiting intermediate edits and may use the grants
   * a policy keeps in reserve.
   */
  essential?: boolean;
}

export interface Budget {
  /** Resolves when one more call of kind `op` may go to `key`. */
  acquire(key: string, op: string, options?: AcquireOptions): Promise<void>;
  /** Nothing goes to `key` (for `op`, or any op) before `untilMs` (epoch ms). */
  penalise(key: string, untilMs: number, op?: string): void;
  /** While true, writers send only what must land (final texts), not intermediate edits. */
  restricted?(): boolean;
}

export interface WindowBudgetOptions {
  limit: number;
  windowMs: number;
  /**
   * Grants per window that intermediate edits may not use, kept for essential writes: a reply
   * streaming edits never leaves the next reply (a roundtable's next turn, another twin's first
   * message) waiting for the window to reopen. Default 0.
   */
  reserve?: number | undefined;
  /**
   * Added to the window: the platform's window starts when our first request arrives, later
   * than we sent it, so a window measured here would reopen a little early.
   */
  marginMs?: number | undefined;
  /** Idle keys kept before the oldest idle ones are dropped. */
  maxKeys?: number | undefined;
}

interface Waiter {
  essential: boolean;
  resolve(): void;
}

interface Lane {
  grants: number[];
  blockedUntil: number;
  waiting: Waiter[];
  pumping: boolean;
  /** Ends the pump's current sleep early (an essential write arrived). */
  wake: (() => void) | null;
}

export function createWindowBudget(options: WindowBudgetOptions, clock: Clock): Budget {
  const lanes = new Map<string, Lane>();
  const window = options.windowMs + (options.marginMs ?? 150);
  const maxKeys = options.maxKeys ?? 512;
  const editCap = Math.max(1, options.limit - (options.reserve ?? 0));

  function lane(key: string): Lane {
    let l = lanes.get(key);
    if (!l) {
      if (lanes.size >= maxKeys) sweep();
      l = { grants: [], blockedUntil: 0, waiting: [], pumping: false, wake: null };
      lanes.set(key, l);
    }
    return l;
  }

  /** Drops idle lanes so a long-running process does not keep one per channel forever. */
  function sweep(): void {
    const now = clock.now();
    for (const [key, l] of lanes) {
      if (l.waiting.length === 0 && l.blockedUntil < now && l.grants.every((t) => t <= now - window)) lanes.delete(key);
    }
  }

  /** Grants waiting writes in order (essential ones first) as the window allows. */
  async function pump(l: Lane): Promise<void> {
    l.pumping = true;
    while (l.waiting.length > 0) {
      const now = clock.now();
      l.grants = l.grants.filter((t) => t > now - window);
      const first = l.waiting.findIndex((w) => w.essential);
      const index = first >= 0 ? first : 0;
      const next = l.waiting[index]!;
      const cap = next.essential ? options.limit : editCap;
      const full = l.grants.length >= cap ? l.grants[l.grants.length - cap]! + window : 0;
      const at = Math.max(now, l.blockedUntil, full);
      if (at <= now) {
        l.grants.push(now);
        l.waiting.splice(index, 1);
        next.resolve();
        continue;
      }
      await Promise.race([clock.sleep(at - now), new Promise<void>((resolve) => (l.wake = resolve))]);
      l.wake = null;
    }
    l.pumping = false;
  }

  return {
    acquire(key, _op, acquireOptions) {
      const l = lane(key);
      const essential = acquireOptions?.essential === true;
      const granted = new Promise<void>((resolve) => l.waiting.push({ essential, resolve }));
      if (!l.pumping) void pump(l);
      else if (essential) l.wake?.();
      return granted;
    },
    penalise(key, untilMs) {
      const l = lane(key);
      l.blockedUntil = Math.max(l.blockedUntil, untilMs);
    },
  };
}
