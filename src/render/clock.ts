/**
 * Time as a port: every timing decision in rendering (edit intervals, backoff, budgets, idle
 * timeouts) goes through a Clock, so rendering tests run on a manual clock without real pauses.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Calls `fn` once after `ms`; the returned function cancels it. Never keeps the process alive. */
  timer(ms: number, fn: () => void): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref()),
  timer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return () => clearTimeout(t);
  },
};
