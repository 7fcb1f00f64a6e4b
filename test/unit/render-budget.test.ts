import { describe, expect, it } from 'vitest';
import { createWindowBudget } from '../../src/render/budget.js';
import { createTokenBudget } from '../../src/render/token-budget.js';
import { manualClock } from '../support/manual-clock.js';

describe('createWindowBudget', () => {
  it('grants `limit` calls per window per key, then waits for the window', async () => {
    const clock = manualClock();
    const budget = createWindowBudget({ limit: 5, windowMs: 5000, marginMs: 0 }, clock);
    const granted: number[] = [];
    for (let i = 0; i < 7; i++) void budget.acquire('c1', 'edit').then(() => granted.push(clock.now()));
    await clock.advance(0);
    expect(granted).toHaveLength(5);
    await clock.advance(4999);
    expect(granted).toHaveLength(5);
    await clock.advance(1);
    expect(granted).toHaveLength(7);
  });

  it('keeps keys independent, first come first served, and blocks a key a platform reported empty', async () => {
    const clock = manualClock();
    const budget = createWindowBudget({ limit: 1, windowMs: 1000, marginMs: 0 }, clock);
    const order: string[] = [];
    for (const who of ['a', 'b']) void budget.acquire('shared', 'edit').then(() => order.push(who));
    void budget.acquire('other', 'edit').then(() => order.push('other'));
    await clock.advance(0);
    expect(order).toEqual(['a', 'other']);
    budget.penalise('shared', clock.now() + 3000);
    await clock.advance(2000);
    expect(order).toEqual(['a', 'other']);
    await clock.advance(1000);
    expect(order).toEqual(['a', 'other', 'b']);
  });
});

describe('createTokenBudget', () => {
  const options = { perMinute: { 'chat.update': 60 }, fallbackPerMinute: 18, burst: 2 };

  it('lets the burst go at once, then paces at the rate', async () => {
    const clock = manualClock();
    const budget = createTokenBudget(options, clock);
    const times: number[] = [];
    const start = clock.now();
    for (let i = 0; i < 5; i += 1) void budget.acquire('T1', 'chat.update').then(() => times.push(clock.now() - start));
    await clock.advance(10_000);
    expect(times).toEqual([0, 0, 1000, 2000, 3000]);
  });

  it('keeps teams and ops apart, and holds an op off for Retry-After', async () => {
    const clock = manualClock();
    const budget = createTokenBudget({ ...options, burst: 1 }, clock);
    await budget.acquire('T1', 'chat.update');
    expect(budget.delayFor('T1', 'chat.update')).toBe(1000);
    expect(budget.delayFor('T2', 'chat.update')).toBe(0);
    expect(budget.delayFor('T1', 'chat.postMessage')).toBe(0);
    budget.penalise('T2', clock.now() + 5000, 'chat.update');
    expect(budget.delayFor('T2', 'chat.update')).toBe(5000);
  });
});

describe('createWindowBudget with a reserve', () => {
  it('keeps reserved grants from intermediate edits, and lets essential writes go first', async () => {
    const clock = manualClock();
    const budget = createWindowBudget({ limit: 5, windowMs: 5000, marginMs: 0, reserve: 2 }, clock);
    const granted: string[] = [];
    for (let i = 0; i < 4; i++) void budget.acquire('c', 'edit').then(() => granted.push(`edit${i}`));
    await clock.advance(0);
    // Three of five for edits; the fourth edit waits although two grants are left.
    expect(granted).toEqual(['edit0', 'edit1', 'edit2']);
    void budget.acquire('c', 'post', { essential: true }).then(() => granted.push('post'));
    void budget.acquire('c', 'edit', { essential: true }).then(() => granted.push('final'));
    await clock.advance(0);
    // Both essential writes go at once, ahead of the edit that was waiting before them.
    expect(granted).toEqual(['edit0', 'edit1', 'edit2', 'post', 'final']);
    void budget.acquire('c', 'post', { essential: true }).then(() => granted.push('post2'));
    await clock.advance(4999);
    expect(granted).toHaveLength(5);
    await clock.advance(1);
    // The window reopens: the essential write first, then the edit that waited longest.
    expect(granted.slice(5)).toEqual(['post2', 'edit3']);
  });
});
