/**
 * Slack rate limits are per method per workspace, so every stream in a team draws from the same
 * budget. One token bucket per (team, method), refilled at the method's tier rate; callers wait
 * their turn in order. A 429 empties the bucket and holds everyone off for `Retry-After`.
 */

/**
 * Calls per minute, kept under Slack's tiers (2 = 20, 3 = 50, 4 = 100 per minute; chat.postMessage
 * about one per second per channel) with room for the burst, so no window ever holds more than
 * the tier allows.
 */
export const DEFAULT_METHOD_LIMITS: Readonly<Record<string, number>> = {
  'chat.postMessage': 55,
  'chat.postEphemeral': 90,
  'chat.update': 45,
  'chat.delete': 45,
  'chat.startStream': 45,
  'chat.appendStream': 90,
  'chat.stopStream': 45,
  'assistant.threads.setStatus': 45,
};
const FALLBACK_PER_MINUTE = 18;

export interface RateGateOptions {
  /** Per-method calls per minute; merged over the defaults. */
  limits?: Readonly<Record<string, number>> | undefined;
  /** Bucket size: calls that may go back to back before the rate applies. */
  burst?: number | undefined;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RateGate {
  /** Resolves when `team` may call `method` once more. */
  acquire(team: string, method: string): Promise<void>;
  /** Slack answered 429: nobody in `team` calls `method` for `ms`. */
  penalize(team: string, method: string, ms: number): void;
  /** Milliseconds until `team` may call `method` again without waiting (0 = now). */
  delayFor(team: string, method: string): number;
}

interface Bucket {
  tokens: number;
  refilledAt: number;
  blockedUntil: number;
  perMs: number;
  /** Callers queue on this chain so they are served in arrival order. */
  queue: Promise<void>;
}

const realSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export function createRateGate(options: RateGateOptions = {}): RateGate {
  const limits = { ...DEFAULT_METHOD_LIMITS, ...(options.limits ?? {}) };
  const burst = Math.max(1, options.burst ?? 3);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const buckets = new Map<string, Bucket>();

  function bucket(team: string, method: string): Bucket {
    const key = `${team}\u0000${method}`;
    let b = buckets.get(key);
    if (!b) {
      const perMinute = limits[method] ?? FALLBACK_PER_MINUTE;
      b = { tokens: Math.min(burst, perMinute), refilledAt: now(), blockedUntil: 0, perMs: perMinute / 60_000, queue: Promise.resolve() };
      buckets.set(key, b);
    }
    return b;
  }

  function refill(b: Bucket): void {
    const t = now();
    if (t <= b.refilledAt) return;
    const cap = Math.min(burst, Math.max(1, b.perMs * 60_000));
    b.tokens = Math.min(cap, b.tokens + (t - b.refilledAt) * b.perMs);
    b.refilledAt = t;
  }

  function wait(b: Bucket): number {
    refill(b);
    const blocked = Math.max(0, b.blockedUntil - now());
    const starved = b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) / b.perMs);
    return Math.max(blocked, starved);
  }

  return {
    acquire(team, method) {
      const b = bucket(team, method);
      const turn = b.queue.then(async () => {
        for (let ms = wait(b); ms > 0; ms = wait(b)) await sleep(ms);
        b.tokens -= 1;
      });
      b.queue = turn.catch(() => undefined);
      return turn;
    },
    penalize(team, method, ms) {
      const b = bucket(team, method);
      refill(b);
      b.blockedUntil = Math.max(b.blockedUntil, now() + ms);
      // One call may go as soon as the hold ends; the bucket refills from there.
      b.tokens = 1;
      b.refilledAt = b.blockedUntil;
    },
    delayFor(team, method) {
      return wait(bucket(team, method));
    },
  };
}
