/**
 * The per-job publisher (issue 11, hot path): a lone event goes out at once; events emitted while
 * a publish is in flight go out together as one batch with consecutive deltas merged; the log's
 * expiry is set by the first and the terminal batch only.
 */
import { describe, expect, it } from 'vitest';
import type { LoggedEvent, StreamEvent } from '../../src/core/messages.js';
import type { PublishOptions, ReplyStream } from '../../src/core/ports.js';
import { JobPublisher } from '../../src/engine/publisher.js';

const ada = { id: 'a', slug: 'ada', name: 'Ada', avatarUrl: null };
const bob = { id: 'b', slug: 'bob', name: 'Bob', avatarUrl: null };
const delta = (twin: typeof ada, content: string, n: number): StreamEvent => ({ event: 'text_delta', twin, data: { content, accumulated_length: n } });

function heldStream() {
  const calls: { events: StreamEvent[]; options: PublishOptions }[] = [];
  const releases: (() => void)[] = [];
  const stream: ReplyStream = {
    publish(_jobId, events, options = {}) {
      calls.push({ events: Array.isArray(events) ? [...(events as StreamEvent[])] : [events as StreamEvent], options });
      return new Promise((r) => releases.push(() => r(String(calls.length))));
    },
    read: async () => [] as LoggedEvent[],
    follow: async () => () => undefined,
    exists: async () => true,
  };
  const releaseNext = async () => {
    while (releases.length === 0) await new Promise((r) => setImmediate(r));
    releases.shift()!();
  };
  return { stream, calls, releaseNext };
}

describe('JobPublisher', () => {
  it('sends the first event at once, then coalesces what arrives while that publish is in flight', async () => {
    const { stream, calls, releaseNext } = heldStream();
    const p = new JobPublisher(stream, 'job');
    p.emit(delta(ada, 'He', 2));
    expect(calls).toHaveLength(1);
    p.emit(delta(ada, 'll', 4));
    p.emit(delta(ada, 'o', 5));
    p.emit(delta(bob, 'Hi', 2));
    p.emit(delta(ada, '!', 6));
    expect(calls).toHaveLength(1);
    await releaseNext();
    await releaseNext();
    p.emit({ event: 'done', twin: null, data: {} as never });
    await releaseNext();
    await p.flush();
    expect(calls.map((c) => c.events.map((e) => (e.event === 'text_delta' ? `${e.twin?.slug}:${e.data.content}:${e.data.accumulated_length}` : e.event)))).toEqual([
      ['ada:He:2'],
      ['ada:llo:5', 'bob:Hi:2', 'ada:!:6'],
      ['done'],
    ]);
    expect(calls.map((c) => c.options.keepTtl)).toEqual([false, true, false]);
  });

  it('surfaces the first failure on flush and keeps publishing after it', async () => {
    let n = 0;
    const seen: string[] = [];
    const stream: ReplyStream = {
      publish: async (_j, events) => {
        n++;
        for (const e of Array.isArray(events) ? (events as StreamEvent[]) : [events as StreamEvent]) seen.push(e.event);
        if (n === 1) throw new Error('boom');
        return String(n);
      },
      read: async () => [],
      follow: async () => () => undefined,
      exists: async () => true,
    };
    const p = new JobPublisher(stream, 'job');
    p.emit(delta(ada, 'a', 1));
    p.emit({ event: 'done', twin: null, data: {} as never });
    await expect(p.flush()).rejects.toThrow('boom');
    expect(seen).toEqual(['text_delta', 'done']);
  });
});
