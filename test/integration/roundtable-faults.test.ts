/**
 * Roundtable faults: a worker process SIGKILLed mid-turn (the turn resumes on another worker with
 * `reset`, is stored once, the roundtable completes), and every process restarted mid-roundtable
 * (it continues from its stored state, even when the queue lost the turn's job).
 */
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic/server.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { client, startChatApp } from './chat-support.js';
import { spawnWorker } from '../support/worker-process.js';
import { createRoundtable, openRoundtableStream, shape, storedTurns, turnTexts } from './roundtable-support.js';

// Short locks so a dead worker's job is recovered in about a second, not the default 30 s.
const FAST_RECOVERY = { JOB_LOCK_MS: '1000', STALLED_INTERVAL_MS: '500', SHUTDOWN_GRACE_MS: '200' };
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

/** Each turn's reply, the same in the stream (after resets), the store and the channel history. */
async function expectEachTurnOnce(app: TestApp, rtId: string, events: Parameters<typeof turnTexts>[0], turns: number) {
  const state = (await app.core.store.roundtables.get(rtId))!;
  expect(state.turns.map((t) => t.turn)).toEqual(Array.from({ length: turns }, (_, i) => i + 1));
  const shown = turnTexts(events);
  for (const t of state.turns) expect(shown.get(t.turn)).toBe(t.reply);
  const stored = await storedTurns(app, state.roundtable.channelId);
  expect(stored.map((s) => s.turn)).toEqual(state.turns.map((t) => t.turn));
  expect(stored.map((s) => s.content)).toEqual(state.turns.map((t) => t.reply));
  expect(events.filter((e) => e.event === 'turn_start').map((e) => e.data.turn)).toEqual(state.turns.map((t) => t.turn));
  expect(events.filter((e) => e.event === 'done')).toHaveLength(1);
}

describe('a worker SIGKILLed mid-turn', () => {
  it('the turn resumes elsewhere with reset, is stored once, and the roundtable completes', async () => {
    const app = await startChatApp({ worker: false, env: FAST_RECOVERY });
    let child: ChildProcess | null = null;
    cleanup.push(async () => {
      child?.kill('SIGKILL');
      await app.close();
    });
    const fake = app.anthropic!;
    fake.enqueue({ text: ['Half ', 'a thought ', 'never ', 'finished'], hang: { afterChunks: 2 } });
    child = await spawnWorker(app, FAST_RECOVERY);
    const c = await client(app, `u-${randomUUID()}`);
    const rt = (await createRoundtable(c, { topic: 'Kill me', twins: ['steve-jobs', 'paul-graham'], max_turns: 3, strategy: 'round_robin' })).body.data;
    const reader = await openRoundtableStream(c, rt.id);
    await reader.until((e) => e.event === 'text_delta' && e.data.content === 'a thought ');
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    child = null;
    await fake.waitForClientAborts(1);
    expect((await app.core.store.roundtables.get(rt.id))!.turns[0]!.reply).toBeNull();

    await app.startWorker();
    await reader.rest();
    const events = reader.events;
    expect(shape(events)).toEqual(['connected', 'turn_start', 'text_delta', 'reset', 'text_delta', 'turn_done', 'turn_start', 'text_delta', 'turn_done', 'turn_start', 'text_delta', 'turn_done', 'done']);
    expect(events.find((e) => e.event === 'reset')!.data).toEqual({ turn: 1, attempt: 2 });
    expect(events.at(-1)!.data).toMatchObject({ status: 'done', stopped_by: 'max_turns' });
    await expectEachTurnOnce(app, rt.id, events, 3);
    // Turn 2's job was enqueued once, by the worker that stored turn 1.
    expect(await app.core.queue.queue.getJobState(`rt-${rt.id}-2`)).toBe('completed');
    expect(await app.core.queue.queue.getJob(`rt-${rt.id}-4`)).toBeUndefined();
  });
});

describe('every process restarted mid-roundtable', () => {
  it('continues from the stored state, even when the queue lost the turn job', async () => {
    const fake: FakeAnthropic = await startFakeAnthropic();
    // Holds the deployment's data dir and Redis prefix across the restarts; runs no role.
    const holder = await startTestApp({ anthropic: fake, worker: false });
    cleanup.push(async () => {
      await holder.close();
      await fake.close();
    });
    const env = { ...FAST_RECOVERY, ANTHROPIC_MODEL: 'claude-sonnet-4-6' };
    const first = await startTestApp({ shareWith: holder, anthropic: fake, api: true, env });
    let calls = 0;
    fake.setDefault(() => (++calls === 2 ? { text: ['Interrupted ', 'turn ', 'two'], hang: { afterChunks: 1 } } : { text: [`Turn reply ${calls}.`] }));
    const c1 = await client(first, `u-${randomUUID()}`);
    const rt = (await createRoundtable(c1, { topic: 'Restart me', twins: ['steve-jobs', 'paul-graham'], max_turns: 4, strategy: 'round_robin' })).body.data;
    const r1 = await openRoundtableStream(c1, rt.id);
    await r1.until((e) => e.event === 'text_delta' && e.data.turn === 2);
    r1.close();
    await first.close();
    // The queue lost turn 2's job (as after a Redis without persistence restarted).
    const lost = await holder.core.queue.queue.getJob(`rt-${rt.id}-2`);
    expect(lost).toBeDefined();
    await lost!.remove();
    expect(await holder.core.queue.has(`rt-${rt.id}-2`)).toBe(false);

    const second = await startTestApp({ shareWith: holder, anthropic: fake, api: true, env });
    cleanup.push(() => second.close());
    const c2 = { ...c1, app: second };
    const events = await (await openRoundtableStream(c2, rt.id)).rest();
    expect(events.at(-1)!.data).toMatchObject({ status: 'done', stopped_by: 'max_turns' });
    expect(events.filter((e) => e.event === 'reset').map((e) => e.data.turn)).toEqual([2]);
    await expectEachTurnOnce(second, rt.id, events, 4);
    expect(turnTexts(events).get(2)).toMatch(/^Turn reply \d+\.$/);
  });
});
