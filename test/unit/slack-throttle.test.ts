import { describe, expect, it } from 'vitest';
import { createRateGate } from '../../adapters/slack/render/throttle.js';

/** A clock the gate sleeps on: sleeping advances time instantly. */
function fakeClock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
  };
}

describe('createRateGate', () => {
  it('lets a burst through, then spaces calls at the tier rate', async () => {
    const clock = fakeClock();
    const gate = createRateGate({ limits: { 'chat.update': 60 }, burst: 2, now: clock.now, sleep: clock.sleep });
    const start = clock.now();
    const times: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      await gate.acquire('T1', 'chat.update');
      times.push(clock.now() - start);
    }
    // 60/min = one per second after the two-call burst.
    expect(times).toEqual([0, 0, 1000, 2000, 3000]);
  });

  it('shares one budget across all callers of a team, but not across teams or methods', async () => {
    const clock = fakeClock();
    const gate = createRateGate({ limits: { 'chat.update': 30 }, burst: 1, now: clock.now, sleep: clock.sleep });
    await gate.acquire('T1', 'chat.update');
    expect(gate.delayFor('T1', 'chat.update')).toBe(2000);
    expect(gate.delayFor('T2', 'chat.update')).toBe(0);
    expect(gate.delayFor('T1', 'chat.postMessage')).toBe(0);
  });

  it('serves waiters in arrival order', async () => {
    const clock = fakeClock();
    const gate = createRateGate({ limits: { m: 60 }, burst: 1, now: clock.now, sleep: clock.sleep });
    const order: string[] = [];
    await Promise.all(['a', 'b', 'c'].map((name) => gate.acquire('T', 'm').then(() => order.push(name))));
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('holds a method off for Retry-After, then allows one call at once', async () => {
    const clock = fakeClock();
    const gate = createRateGate({ limits: { 'chat.update': 50 }, burst: 3, now: clock.now, sleep: clock.sleep });
    gate.penalize('T1', 'chat.update', 5000);
    expect(gate.delayFor('T1', 'chat.update')).toBe(5000);
    const before = clock.now();
    await gate.acquire('T1', 'chat.update');
    expect(clock.now() - before).toBe(5000);
    // The next call waits for the refill (50/min = 1.2 s).
    expect(gate.delayFor('T1', 'chat.update')).toBe(1200);
  });

  it('refills while idle, up to the burst', async () => {
    const clock = fakeClock();
    const gate = createRateGate({ limits: { m: 60 }, burst: 2, now: clock.now, sleep: clock.sleep });
    await gate.acquire('T', 'm');
    await gate.acquire('T', 'm');
    clock.advance(60_000);
    await gate.acquire('T', 'm');
    await gate.acquire('T', 'm');
    expect(clock.sleeps).toEqual([]);
    expect(gate.delayFor('T', 'm')).toBe(1000);
  });
});
