/**
 * The core writer on a manual clock: coalescing, intervals, shared budget, failure handling
 * (gone, lost identity, rate limits, too long) and native streams (append, stop, expiry).
 */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createWindowBudget, type Budget } from '../../src/render/budget.js';
import type { ReplyView } from '../../src/render/projection.js';
import type { Failure, ReplySink, WriteOp } from '../../src/render/sink.js';
import { createReplyWriter } from '../../src/render/writer.js';
import { manualClock, type ManualClock } from '../support/manual-clock.js';

interface Write {
  op: WriteOp;
  id: string;
  content: string;
  at: number;
  sink: string;
}

class SinkFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.kind);
  }
}

const fail = (kind: Failure['kind'], extra: Partial<Failure> = {}) => new SinkFailure({ kind, ...extra });

/** Records writes; each takes `latency` ms of clock time and may fail on cue (by op). */
function recordingSink(clock: ManualClock, o: { key?: string; latency?: number; stream?: boolean; name?: string; maxChars?: number } = {}) {
  const writes: Write[] = [];
  const failures: { op?: WriteOp; err: Error }[] = [];
  let n = 0;
  const name = o.name ?? 's';
  const step = async (op: WriteOp, id: string, content: string): Promise<void> => {
    await clock.sleep(o.latency ?? 50);
    const i = failures.findIndex((f) => !f.op || f.op === op);
    if (i >= 0) throw failures.splice(i, 1)[0]!.err;
    writes.push({ op, id, content, at: clock.now(), sink: name });
  };
  const state = { streaming: o.stream ?? false, disabled: '' };
  const sink: ReplySink = {
    budgetKey: o.key ?? 'c1',
    limits: { maxChars: o.maxChars ?? 2000, editIntervalMs: 1000 },
    style: { header: '', placeholder: () => '…', empty: '(none)', failure: (m) => `! ${m}` },
    async post(content) {
      const id = `${name}${++n}`;
      await step('post', id, content);
      return id;
    },
    edit: (id, content) => step('edit', id, content),
    remove: (id) => step('remove', id, ''),
    classify: (err) => (err instanceof SinkFailure ? err.failure : { kind: 'retry' }),
    ...(o.stream
      ? {
          stream: {
            available: () => state.streaming,
            disable(reason: string) {
              state.streaming = false;
              state.disabled = reason;
            },
            async start(text: string) {
              const id = `${name}${++n}`;
              await step('start', id, text);
              return id;
            },
            append: (id: string, delta: string) => step('append', id, delta),
            stop: (id: string) => step('stop', id, ''),
          },
        }
      : {}),
  };
  return { sink, writes, failures, state };
}

const view = (text: string, final = false, extra: Partial<ReplyView> = {}): ReplyView => ({
  key: 'k', twin: null, text, status: null, final, error: null, firstTextAt: null, ...extra,
});

function setup(budget: { limit: number; windowMs: number } = { limit: 5, windowMs: 5000 }) {
  const clock = manualClock();
  const pacer: Budget = createWindowBudget({ ...budget, marginMs: 0 }, clock);
  return { clock, pacer, deps: { budget: pacer, clock, logger: pino({ level: 'silent' }) } };
}

const ops = (w: Write[]) => w.map((x) => [x.op, x.content]);

describe('createReplyWriter', () => {
  it('coalesces updates into at most one edit per interval, the next after the previous completed', async () => {
    const { clock, deps } = setup();
    const { sink, writes } = recordingSink(clock);
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    writer.set(view('a'));
    await clock.advance(10);
    for (const [i, text] of ['ab', 'abc', 'abcd', 'abcde'].entries()) {
      writer.set(view(text));
      await clock.advance(100 + i);
    }
    await clock.advance(2000);
    writer.set(view('abcdef!', true));
    await clock.advance(3000);
    const result = await writer.landed;
    expect(ops(writes)).toEqual([['post', 'a'], ['edit', 'abcde'], ['edit', 'abcdef!']]);
    for (let i = 1; i < writes.length; i++) expect(writes[i]!.at - writes[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(result).toMatchObject({ creates: 1, edits: 2, messageIds: ['s1'], failed: false });
    expect(result.firstTextVisibleAt).toBe(writes[0]!.at);
  });

  it('lands the final text after failed writes, backing off between tries', async () => {
    const { clock, deps } = setup();
    const { sink, writes, failures } = recordingSink(clock);
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    writer.set(view('partial'));
    await clock.advance(100);
    failures.push({ err: new Error('socket hang up') }, { err: new Error('bad gateway') });
    writer.set(view('the whole answer', true));
    await clock.advance(10_000);
    const result = await writer.landed;
    expect(writes.at(-1)).toMatchObject({ op: 'edit', content: 'the whole answer' });
    expect(result.failed).toBe(false);
  });

  it('re-posts a message someone deleted instead of losing the reply', async () => {
    const { clock, deps } = setup();
    const { sink, writes, failures } = recordingSink(clock);
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    writer.set(view('first'));
    await clock.advance(100);
    failures.push({ err: fail('gone', { code: 10008 }) });
    writer.set(view('final', true));
    await clock.advance(10_000);
    await writer.landed;
    expect(ops(writes)).toEqual([['post', 'first'], ['post', 'final']]);
  });

  it('finishes the reply on a replacement sink when its identity is lost, once', async () => {
    const { clock, deps } = setup();
    const first = recordingSink(clock, { name: 'hook' });
    const second = recordingSink(clock, { name: 'bot' });
    let replaced = 0;
    const sink: ReplySink = { ...first.sink, replace: async () => (replaced++, second.sink) };
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    writer.set(view('first words'));
    await clock.advance(100);
    first.failures.push({ err: fail('lost', { code: 10015 }) });
    writer.set(view('first words and the rest', true));
    await clock.advance(10_000);
    const result = await writer.landed;
    expect(replaced).toBe(1);
    expect(ops(second.writes)).toEqual([['post', 'first words and the rest']]);
    expect(result).toMatchObject({ failed: false, messageIds: ['bot1'] });
  });

  it('gives up when the identity is lost and nothing can replace it', async () => {
    const { clock, deps } = setup();
    const { sink, failures } = recordingSink(clock);
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    failures.push({ err: fail('lost') });
    writer.set(view('hello', true));
    await clock.advance(5000);
    expect((await writer.landed).failed).toBe(true);
  });

  it('adds messages as the reply grows and removes leftovers once final', async () => {
    const { clock, deps } = setup();
    const { sink, writes } = recordingSink(clock, { maxChars: 40 });
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    writer.set(view(['one '.repeat(9), 'two '.repeat(9), 'three '.repeat(6)].join('\n\n')));
    await clock.advance(1000);
    // A retried attempt restarted the text and came out shorter.
    writer.set(view('ONE', true));
    await clock.advance(5000);
    const result = await writer.landed;
    expect(writes.map((w) => w.op)).toEqual(['post', 'post', 'post', 'edit', 'remove', 'remove']);
    expect(result.messageIds).toEqual(['s1']);
  });

  it('shares the channel budget between replies, taking turns', async () => {
    const { clock, deps } = setup({ limit: 2, windowMs: 1000 });
    const a = recordingSink(clock, { key: 'shared', latency: 1, name: 'a' });
    const b = recordingSink(clock, { key: 'shared', latency: 1, name: 'b' });
    const wa = createReplyWriter(Promise.resolve(a.sink), deps);
    const wb = createReplyWriter(Promise.resolve(b.sink), deps);
    wa.set(view('a1'));
    wb.set(view('b1'));
    await clock.advance(10);
    wa.set(view('a2', true));
    wb.set(view('b2', true));
    await clock.advance(5000);
    await Promise.all([wa.landed, wb.landed]);
    const all = [...a.writes, ...b.writes].sort((x, y) => x.at - y.at);
    for (let i = 2; i < all.length; i++) expect(all[i]!.at - all[i - 2]!.at).toBeGreaterThanOrEqual(1000);
    expect(a.writes.at(-1)!.content).toBe('a2');
    expect(b.writes.at(-1)!.content).toBe('b2');
  });

  it('holds off after a rate limit for the time the platform said, then sends the newest text', async () => {
    const { clock, deps } = setup();
    const { sink, writes, failures } = recordingSink(clock);
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    writer.set(view('one'));
    await clock.advance(100);
    failures.push({ op: 'edit', err: fail('ratelimited', { retryAfterMs: 4000 }) });
    writer.set(view('one two'));
    await clock.advance(1500);
    const failedAt = clock.now();
    writer.set(view('one two three', true));
    await clock.advance(10_000);
    await writer.landed;
    expect(ops(writes)).toEqual([['post', 'one'], ['edit', 'one two three']]);
    expect(writes[1]!.at).toBeGreaterThanOrEqual(failedAt + 2000);
  });

  it('splits smaller when the platform says the text is too long', async () => {
    const { clock, deps } = setup();
    const { sink, writes, failures } = recordingSink(clock, { maxChars: 400 });
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    failures.push({ op: 'post', err: fail('too_long') });
    writer.set(view(Array.from({ length: 6 }, (_, i) => `Paragraph ${i} ${'word '.repeat(10)}`).join('\n\n'), true));
    await clock.advance(10_000);
    await writer.landed;
    expect(writes.length).toBeGreaterThan(1);
    for (const w of writes) expect(w.content.length).toBeLessThanOrEqual(240);
  });

  it('only lands final texts while the budget is restricted', async () => {
    const { clock, deps } = setup();
    let restricted = true;
    const budget: Budget = { ...deps.budget, restricted: () => restricted };
    const { sink, writes } = recordingSink(clock);
    const writer = createReplyWriter(Promise.resolve(sink), { ...deps, budget });
    writer.set(view('a'));
    await clock.advance(2000);
    writer.set(view('ab'));
    await clock.advance(2000);
    writer.set(view('abc', true));
    await clock.advance(2000);
    await writer.landed;
    expect(ops(writes)).toEqual([['post', 'a'], ['edit', 'abc']]);
    restricted = false;
  });
});

describe('createReplyWriter with a native stream', () => {
  it('streams by appends, stops at the end and edits in what a stream cannot say', async () => {
    const { clock, deps } = setup();
    const { sink, writes } = recordingSink(clock, { stream: true });
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    writer.set(view('Hello'));
    await clock.advance(1100);
    writer.set(view('Hello world'));
    await clock.advance(1100);
    writer.set(view('Hello world.', true));
    await clock.advance(3000);
    await writer.landed;
    expect(ops(writes)).toEqual([['start', 'Hello'], ['append', ' world'], ['append', '.'], ['stop', '']]);
  });

  it('continues by edits when the stream expired on the platform side', async () => {
    const { clock, deps } = setup();
    const { sink, writes, failures } = recordingSink(clock, { stream: true });
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    writer.set(view('Part one'));
    await clock.advance(1100);
    failures.push({ op: 'append', err: fail('stream_closed', { code: 'message_not_in_streaming_state' }) });
    writer.set(view('Part one, part two', true));
    await clock.advance(5000);
    const result = await writer.landed;
    expect(ops(writes)).toEqual([['start', 'Part one'], ['edit', 'Part one, part two']]);
    expect(result.failed).toBe(false);
  });

  it('falls back to post and edit for good when streaming is unavailable', async () => {
    const { clock, deps } = setup();
    const { sink, writes, failures, state } = recordingSink(clock, { stream: true });
    const writer = createReplyWriter(Promise.resolve(sink), deps);
    failures.push({ op: 'start', err: fail('unavailable', { code: 'unknown_method' }) });
    writer.set(view('Hi'));
    await clock.advance(1100);
    writer.set(view('Hi there', true));
    await clock.advance(3000);
    await writer.landed;
    expect(ops(writes)).toEqual([['post', 'Hi'], ['edit', 'Hi there']]);
    expect(state.disabled).toBe('unknown_method');
  });
});
