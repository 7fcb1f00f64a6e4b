/**
 * A Clock that only moves when a test advances it, so rendering (intervals, budgets, backoff,
 * idle timeouts) is checked to the millisecond without real pauses.
 */
import type { Clock } from '../../src/render/clock.js';

export interface ManualClock extends Clock {
  /** Moves time forward, waking sleepers and timers in order, letting promise chains run between. */
  advance(ms: number): Promise<void>;
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 50; i++) await Promise.resolve();
};

export function manualClock(start = 1_000_000): ManualClock {
  let now = start;
  let seq = 0;
  const sleepers: { at: number; seq: number; wake: () => void; cancelled: boolean }[] = [];
  const add = (ms: number, wake: () => void) => {
    const s = { at: now + Math.max(0, ms), seq: seq++, wake, cancelled: false };
    sleepers.push(s);
    return s;
  };
  return {
    now: () => now,
    sleep: (ms) => new Promise((resolve) => add(ms, resolve)),
    timer(ms, fn) {
      const s = add(ms, fn);
      return () => {
        s.cancelled = true;
      };
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = sleepers[0];
        if (!next || next.at > target) break;
        sleepers.shift();
        if (next.cancelled) continue;
        now = next.at;
        next.wake();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}
