/** A roundtable rendered through the render core: each turn its own reply under its twin, in order. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { TwinRef } from '../../src/core/messages.js';
import { createWindowBudget } from '../../src/render/budget.js';
import type { ReplySink } from '../../src/render/sink.js';
import type { LoggedRoundtableEvent, RoundtableEvent } from '../../src/roundtable/events.js';
import { renderRoundtable, type FollowRoundtable } from '../../src/roundtable/render.js';
import { manualClock, type ManualClock } from '../support/manual-clock.js';

const refs: Record<string, TwinRef> = {
  a: { id: 'a', slug: 'ada', name: 'Ada', avatarUrl: 'https://x/a.png' },
  b: { id: 'b', slug: 'bob', name: 'Bob', avatarUrl: null },
};

/** An in-memory roundtable log: backlog after `afterId`, then live events, like the Redis one. */
function memoryFeed() {
  const log: LoggedRoundtableEvent[] = [];
  const listeners = new Set<(e: LoggedRoundtableEvent) => void>();
  const follow: FollowRoundtable = async (_id, afterId, on) => {
    for (const e of log) if (Number(e.id) > Number(afterId)) on(e);
    listeners.add(on);
    return () => void listeners.delete(on);
  };
  const emit = (e: RoundtableEvent) => {
    const logged = { ...e, id: String(log.length + 1) } as LoggedRoundtableEvent;
    log.push(logged);
    for (const l of [...listeners]) l(logged);
  };
  return { follow, emit, listeners };
}

interface Shown {
  who: string;
  turn: number;
  text: string;
}

function sinkFor(clock: ManualClock, shown: Shown[]) {
  return async (twin: TwinRef, turn: number): Promise<ReplySink> => ({
    budgetKey: 'channel',
    limits: { maxChars: 2000, editIntervalMs: 1000 },
    style: { header: '', placeholder: () => '…', empty: '(none)', failure: (m) => `! ${m}` },
    async post(content) {
      await clock.sleep(5);
      shown.push({ who: twin.name, turn, text: content });
      return String(shown.length - 1);
    },
    async edit(id, content) {
      await clock.sleep(5);
      shown[Number(id)]!.text = content;
    },
    async remove() {},
    classify: () => ({ kind: 'retry' }),
  });
}

const turn = (n: number, who: 'a' | 'b', text: string): RoundtableEvent[] => [
  { event: 'turn_start', data: { turn: n, twinId: who, personality: refs[who]!.slug, name: refs[who]!.name, reason: 'round robin' } },
  { event: 'text_delta', data: { turn: n, twinId: who, personality: refs[who]!.slug, content: text.slice(0, 3), accumulated_length: 3 } },
  { event: 'turn_done', data: { turn: n, twinId: who, personality: refs[who]!.slug, reply: text } },
];

describe('renderRoundtable', () => {
  it('each turn is its own message under its twin, in order, with the final text; a reset drops partial text', async () => {
    const clock = manualClock();
    const feed = memoryFeed();
    const shown: Shown[] = [];
    const seen: string[] = [];
    const r = renderRoundtable(
      { roundtableId: 'rt1', twinRef: (id) => refs[id]!, sinkFor: sinkFor(clock, shown), onEvent: (e) => seen.push(e.event) },
      { follow: feed.follow, render: { budget: createWindowBudget({ limit: 5, windowMs: 5000 }, clock), clock, logger: pino({ level: 'silent' }), idleTimeoutMs: 60_000 } },
    );
    await clock.advance(0);
    for (const e of turn(1, 'a', 'Ada speaks first.')) feed.emit(e);
    await clock.advance(2000);
    feed.emit({ event: 'turn_start', data: { turn: 2, twinId: 'b', personality: 'bob', name: 'Bob', reason: 'addressed by Ada' } });
    feed.emit({ event: 'text_delta', data: { turn: 2, twinId: 'b', personality: 'bob', content: 'Half a tho', accumulated_length: 10 } });
    await clock.advance(1500);
    feed.emit({ event: 'reset', data: { turn: 2, attempt: 2 } });
    feed.emit({ event: 'text_delta', data: { turn: 2, twinId: 'b', personality: 'bob', content: 'Bob answers.', accumulated_length: 12 } });
    feed.emit({ event: 'turn_done', data: { turn: 2, twinId: 'b', personality: 'bob', reply: 'Bob answers.' } });
    feed.emit({ event: 'message', data: { author: 'Ana', content: 'hi', timestamp: 't' } });
    for (const e of turn(3, 'a', 'Ada again.')) feed.emit(e);
    feed.emit({ event: 'done', data: { roundtableId: 'rt1', status: 'done', stopped_by: 'max_turns', turns: [] } });
    await clock.advance(10_000);
    await r.done;
    expect(shown).toEqual([
      { who: 'Ada', turn: 1, text: 'Ada speaks first.' },
      { who: 'Bob', turn: 2, text: 'Bob answers.' },
      { who: 'Ada', turn: 3, text: 'Ada again.' },
    ]);
    expect(seen).toContain('message');
    expect(feed.listeners.size).toBe(0);
  });

  it('a turn that fails shows the error on that turn and the render ends', async () => {
    const clock = manualClock();
    const feed = memoryFeed();
    const shown: Shown[] = [];
    const r = renderRoundtable(
      { roundtableId: 'rt2', twinRef: (id) => refs[id]!, sinkFor: sinkFor(clock, shown) },
      { follow: feed.follow, render: { budget: createWindowBudget({ limit: 5, windowMs: 5000 }, clock), clock, logger: pino({ level: 'silent' }), idleTimeoutMs: 60_000 } },
    );
    await clock.advance(0);
    feed.emit({ event: 'turn_start', data: { turn: 1, twinId: 'b', personality: 'bob', name: 'Bob', reason: 'round robin' } });
    feed.emit({ event: 'error', data: { message: 'The model could not answer that.', turn: 1 } });
    feed.emit({ event: 'done', data: { roundtableId: 'rt2', status: 'failed', stopped_by: 'error', turns: [] } });
    await clock.advance(10_000);
    await r.done;
    expect(shown).toEqual([{ who: 'Bob', turn: 1, text: '! The model could not answer that.' }]);
  });

  it('shows turns one after another: the next turn is posted only once the last one\'s text landed', async () => {
    const clock = manualClock();
    const feed = memoryFeed();
    const shown: Shown[] = [];
    const writes: string[] = [];
    const sink = sinkFor(clock, shown);
    const logging = async (twin: TwinRef, n: number): Promise<ReplySink> => {
      const s = await sink(twin, n);
      return {
        ...s,
        post: async (c, i) => (writes.push(`post ${n}: ${c}`), s.post(c, i)),
        edit: async (id, c, i) => (writes.push(`edit ${n}: ${c}`), s.edit(id, c, i)),
      };
    };
    const r = renderRoundtable(
      { roundtableId: 'rt3', twinRef: (id) => refs[id]!, sinkFor: logging },
      { follow: feed.follow, render: { budget: createWindowBudget({ limit: 5, windowMs: 5000, reserve: 2 }, clock), clock, logger: pino({ level: 'silent' }), idleTimeoutMs: 60_000 } },
    );
    await clock.advance(0);
    // A fast model: turn 1 is on screen with its first words, then it ends and turn 2 is done
    // before turn 1's final edit may go (the edit interval).
    const [start1, delta1, done1] = turn(1, 'a', 'Ada has a long first say.');
    feed.emit(start1!);
    feed.emit(delta1!);
    await clock.advance(100);
    expect(writes).toEqual(['post 1: Ada']);
    for (const e of [done1!, ...turn(2, 'b', 'Bob replies.')]) feed.emit(e);
    feed.emit({ event: 'done', data: { roundtableId: 'rt3', status: 'done', stopped_by: 'max_turns', turns: [] } });
    await clock.advance(10_000);
    await r.done;
    const lastOfTurn1 = writes.map((w) => w.startsWith('edit 1') || w.startsWith('post 1')).lastIndexOf(true);
    const firstOfTurn2 = writes.findIndex((w) => w.startsWith('post 2'));
    expect(writes[lastOfTurn1]).toMatch(/Ada has a long first say\.$/);
    expect(firstOfTurn2).toBeGreaterThan(lastOfTurn1);
    expect(shown.map((x) => x.text)).toEqual(['Ada has a long first say.', 'Bob replies.']);
  });
});
