import { describe, expect, it } from 'vitest';
import { createChannelPacer } from '../../adapters/discord/pacer.js';
import { manualClock } from '../fakes/discord/clock.js';

describe('createChannelPacer', () => {
  it('grants `limit` writes per window per channel, then waits for the window', async () => {
    const clock = manualClock();
    const pacer = createChannelPacer({ limit: 5, windowMs: 5000, marginMs: 0 }, clock);
    const granted: number[] = [];
    for (let i = 0; i < 7; i++) void pacer.acquire('c1').then(() => granted.push(clock.now()));
    await clock.advance(0);
    expect(granted).toHaveLength(5);
    await clock.advance(4999);
    expect(granted).toHaveLength(5);
    await clock.advance(1);
    expect(granted).toHaveLength(7);
  });

  it('keeps channels independent and serves one channel first come, first served', async () => {
    const clock = manualClock();
    const pacer = createChannelPacer({ limit: 1, windowMs: 1000, marginMs: 0 }, clock);
    const order: string[] = [];
    for (const who of ['a', 'b', 'c']) void pacer.acquire('shared').then(() => order.push(who));
    void pacer.acquire('other').then(() => order.push('other'));
    await clock.advance(0);
    expect(order).toEqual(['a', 'other']);
    await clock.advance(1000);
    expect(order).toEqual(['a', 'other', 'b']);
    await clock.advance(1000);
    expect(order).toEqual(['a', 'other', 'b', 'c']);
  });

  it('blocks a channel until Discord says its bucket resets', async () => {
    const clock = manualClock();
    const pacer = createChannelPacer({ limit: 5, windowMs: 5000, marginMs: 0 }, clock);
    pacer.block('c1', clock.now() + 2500);
    let done = false;
    void pacer.acquire('c1').then(() => (done = true));
    await clock.advance(2000);
    expect(done).toBe(false);
    await clock.advance(500);
    expect(done).toBe(true);
  });

  it('adds the margin to the window', async () => {
    const clock = manualClock();
    const pacer = createChannelPacer({ limit: 1, windowMs: 1000, marginMs: 200 }, clock);
    await Promise.all([pacer.acquire('c'), clock.advance(0)]);
    let second = false;
    void pacer.acquire('c').then(() => (second = true));
    await clock.advance(1100);
    expect(second).toBe(false);
    await clock.advance(100);
    expect(second).toBe(true);
  });
});
