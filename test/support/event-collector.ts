import type { LoggedEvent } from '../../src/core/messages.js';

/**
 * Collects a follower's events and lets a test wait for a positive signal (a count, `done`),
 * woken by each event, failing with what it got once the deadline passes.
 */
export function eventCollector() {
  const events: LoggedEvent[] = [];
  let waiters: (() => void)[] = [];
  async function until(ready: () => boolean, what: string, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what}; got ${events.map((e) => e.event).join(',')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
  return {
    events,
    push(e: LoggedEvent): void {
      events.push(e);
      const woken = waiters;
      waiters = [];
      for (const w of woken) w();
    },
    /** Resolves once `n` events arrived. */
    until: (n: number, ms = 10_000) => until(() => events.length >= n, `fewer than ${n} events`, ms),
    /** Resolves once the stream's `done` arrived. */
    untilDone: (ms = 10_000) => until(() => events.some((e) => e.event === 'done'), 'no done', ms),
  };
}
