/**
 * A clock for the pacer and writer that only moves when a test advances it, so throttling can
 * be checked to the millisecond without sleeping.
 */
import type { PacerClock } from '../../../adapters/discord/pacer.js';

export interface ManualClock extends PacerClock {
  /** Moves time forward, waking sleepers in order and letting promise chains run in between. */
  advance(ms: number): Promise<void>;
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 50; i++) await Promise.resolve();
};

export function manualClock(start = 1_000_000): ManualClock {
  let now = start;
  const sleepers: { at: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise((resolve) => sleepers.push({ at: now + Math.max(0, ms), wake: resolve })),
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next || next.at > target) break;
        sleepers.shift();
        now = next.at;
        next.wake();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}
