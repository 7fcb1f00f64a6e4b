/** One job rendered end to end through the core, on a manual clock and an in-memory event log. */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { LoggedEvent, TwinRef } from '../../src/core/messages.js';
import { createWindowBudget } from '../../src/render/budget.js';
import { renderJob } from '../../src/render/job.js';
import { createFollowerRegistry } from '../../src/render/registry.js';
import type { ReplySink } from '../../src/render/sink.js';
import { manualClock, type ManualClock } from '../support/manual-clock.js';

const ada: TwinRef = { id: 't-ada', slug: 'ada', name: 'Ada', avatarUrl: null };

function memorySink(clock: ManualClock, shown: Map<string, string>): ReplySink {
  let n = 0;
  return {
    budgetKey: 'c',
    limits: { maxChars: 2000, editIntervalMs: 1000 },
    style: { header: '', placeholder: () => '…', empty: '(none)', failure: (m) => `! ${m}` },
    async post(content) {
      await clock.sleep(10);
      const id = `m${++n}`;
      shown.set(id, content);
      return id;
    },
    async edit(id, content) {
      await clock.sleep(10);
      shown.set(id, content);
    },
    async remove(id) {
      shown.delete(id);
    },
    classify: () => ({ kind: 'retry' }),
  };
}

function setup() {
  const clock = manualClock();
  let listener: ((e: LoggedEvent) => void) | null = null;
  let stopped = 0;
  const follow = async (_job: string, _after: string, on: (e: LoggedEvent) => void) => {
    listener = on;
    return () => void (stopped += 1);
  };
  const deps = { follow, budget: createWindowBudget({ limit: 5, windowMs: 5000 }, clock), clock, logger: pino({ level: 'silent' }), idleTimeoutMs: 60_000 };
  const emit = (e: Omit<LoggedEvent, 'id'>) => listener?.({ id: '1', ...e } as LoggedEvent);
  return { clock, deps, emit, stopped: () => stopped };
}

describe('renderJob', () => {
  it('renders deltas and lands the final text, typing until text shows, then stops following', async () => {
    const { clock, deps, emit, stopped } = setup();
    const shown = new Map<string, string>();
    const waiting: boolean[] = [];
    const render = renderJob({ jobId: 'j1', sinkFor: async () => memorySink(clock, shown), onWaiting: (w) => waiting.push(w) }, deps);
    await clock.advance(0);
    emit({ event: 'text_delta', twin: ada, data: { content: 'Hello', accumulated_length: 5 } });
    await clock.advance(100);
    emit({ event: 'twin_done', twin: ada, data: { messageId: 'm', reply: 'Hello there.', personality: 'ada', twinId: ada.id, twinName: 'Ada', confidence: null, toolsUsed: [], model: 'x', responseTime: 1, trace: [] } as never });
    emit({ event: 'done', twin: null, data: { replies: [], reply: '' } as never });
    await clock.advance(5000);
    const result = await render.done;
    expect([...shown.values()]).toEqual(['Hello there.']);
    expect(result.replies).toHaveLength(1);
    expect(waiting[0]).toBe(true);
    expect(waiting.at(-1)).toBe(false);
    expect(stopped()).toBe(1);
  });

  it('closes a silent stream after the idle timeout with a sentence', async () => {
    const { clock, deps, emit } = setup();
    const shown = new Map<string, string>();
    const render = renderJob({ jobId: 'j2', sinkFor: async () => memorySink(clock, shown) }, deps);
    await clock.advance(0);
    emit({ event: 'text_delta', twin: ada, data: { content: 'Half an ans', accumulated_length: 11 } });
    await clock.advance(61_000);
    const result = await render.done;
    expect(result.timedOut).toBe(true);
    expect([...shown.values()][0]).toMatch(/^Half an ans\n\n! This reply took too long/);
  });

  it('drains on shutdown: what each reply has lands as final', async () => {
    const { clock, deps, emit } = setup();
    const shown = new Map<string, string>();
    const registry = createFollowerRegistry(clock);
    const render = renderJob({ jobId: 'j3', sinkFor: async () => memorySink(clock, shown) }, deps);
    registry.track('j3', render);
    expect(registry.has('j3')).toBe(true);
    await clock.advance(0);
    emit({ event: 'text_delta', twin: ada, data: { content: 'So far', accumulated_length: 6 } });
    const drained = registry.drain(1000, 5000);
    await clock.advance(10_000);
    await drained;
    expect([...shown.values()]).toEqual(['So far']);
    expect(registry.size).toBe(0);
  });
});
