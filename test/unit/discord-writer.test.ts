import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createDiscordMetrics } from '../../adapters/discord/metrics.js';
import { createChannelPacer } from '../../adapters/discord/pacer.js';
import { createReplyWriter, type ReplySink } from '../../adapters/discord/writer.js';
import { manualClock, type ManualClock } from '../fakes/discord/clock.js';

interface Write {
  op: 'create' | 'edit' | 'remove';
  id: string;
  content: string;
  at: number;
}

/** A sink that records writes; each takes `latency` ms of clock time and may fail on cue. */
function recordingSink(clock: ManualClock, channelKey = 'c1', latency = 50) {
  const writes: Write[] = [];
  const failures: Error[] = [];
  let n = 0;
  const step = async (op: Write['op'], id: string, content: string): Promise<void> => {
    await clock.sleep(latency);
    const failure = failures.shift();
    if (failure) throw failure;
    writes.push({ op, id, content, at: clock.now() });
  };
  const sink: ReplySink = {
    channelKey,
    header: '',
    async create(content) {
      const id = `m${++n}`;
      await step('create', id, content);
      return id;
    },
    edit: (id, content) => step('edit', id, content),
    remove: (id) => step('remove', id, ''),
  };
  return { sink, writes, failures };
}

function setup(intervalMs = 1000, budget = { limit: 5, windowMs: 5000 }) {
  const clock = manualClock();
  const pacer = createChannelPacer({ ...budget, marginMs: 0 }, clock);
  const metrics = createDiscordMetrics(new Registry());
  const deps = { pacer, clock, intervalMs, metrics, logger: pino({ level: 'silent' }) };
  return { clock, pacer, metrics, deps };
}

const chunks = (...c: string[]) => () => c;

describe('createReplyWriter', () => {
  it('coalesces updates into at most one edit per interval, next edit after the previous completed', async () => {
    const { clock, deps } = setup();
    const { sink, writes } = recordingSink(clock);
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    writer.set(chunks('a'), false, true);
    await clock.advance(10);
    for (const [i, text] of ['ab', 'abc', 'abcd', 'abcde'].entries()) {
      writer.set(chunks(text), false, true);
      await clock.advance(100 + i);
    }
    await clock.advance(2000);
    writer.set(chunks('abcdef!'), true, true);
    await clock.advance(3000);
    const result = await writer.landed;

    expect(writes.map((w) => [w.op, w.content])).toEqual([
      ['create', 'a'],
      ['edit', 'abcde'],
      ['edit', 'abcdef!'],
    ]);
    for (let i = 1; i < writes.length; i++) expect(writes[i]!.at - writes[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(result).toMatchObject({ creates: 1, edits: 2, messageIds: ['m1'], failed: false });
    expect(result.firstTextVisibleAt).toBe(writes[0]!.at);
  });

  it('lands the final text after failed writes, backing off between tries', async () => {
    const { clock, deps } = setup();
    const { sink, writes, failures } = recordingSink(clock);
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    writer.set(chunks('partial'), false, true);
    await clock.advance(100);
    failures.push(new Error('socket hang up'), Object.assign(new Error('bad gateway'), { status: 502 }));
    writer.set(chunks('the whole answer'), true, true);
    await clock.advance(10_000);
    const result = await writer.landed;
    expect(writes.at(-1)).toMatchObject({ op: 'edit', content: 'the whole answer' });
    expect(result.failed).toBe(false);
  });

  it('re-posts a message someone deleted instead of losing the reply', async () => {
    const { clock, deps } = setup();
    const { sink, writes, failures } = recordingSink(clock);
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    writer.set(chunks('first'), false, true);
    await clock.advance(100);
    failures.push(Object.assign(new Error('Unknown Message'), { code: 10008 }));
    writer.set(chunks('final'), true, true);
    await clock.advance(10_000);
    await writer.landed;
    expect(writes.map((w) => [w.op, w.content])).toEqual([
      ['create', 'first'],
      ['create', 'final'],
    ]);
  });

  it('adds messages as the reply grows and removes leftovers once final', async () => {
    const { clock, deps } = setup(100);
    const { sink, writes } = recordingSink(clock);
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    writer.set(chunks('one', 'two', 'three'), false, true);
    await clock.advance(1000);
    // A retried attempt restarted the text and came out shorter.
    writer.set(chunks('ONE'), true, true);
    await clock.advance(5000);
    const result = await writer.landed;
    expect(writes.map((w) => w.op)).toEqual(['create', 'create', 'create', 'edit', 'remove', 'remove']);
    expect(result.messageIds).toEqual(['m1']);
  });

  it('shares the channel budget between twins, taking turns', async () => {
    const { clock, deps } = setup(100, { limit: 2, windowMs: 1000 });
    const a = recordingSink(clock, 'shared', 1);
    const b = recordingSink(clock, 'shared', 1);
    const wa = createReplyWriter(Promise.resolve(a.sink), deps);
    const wb = createReplyWriter(Promise.resolve(b.sink), deps);
    wa.set(chunks('a1'), false, true);
    wb.set(chunks('b1'), false, true);
    await clock.advance(10);
    wa.set(chunks('a2'), true, true);
    wb.set(chunks('b2'), true, true);
    await clock.advance(5000);
    await Promise.all([wa.landed, wb.landed]);
    const all = [...a.writes, ...b.writes].sort((x, y) => x.at - y.at);
    // Two writes per second for the channel, whoever they belong to.
    for (let i = 2; i < all.length; i++) expect(all[i]!.at - all[i - 2]!.at).toBeGreaterThanOrEqual(1000);
    expect(a.writes.at(-1)!.content).toBe('a2');
    expect(b.writes.at(-1)!.content).toBe('b2');
  });
});
