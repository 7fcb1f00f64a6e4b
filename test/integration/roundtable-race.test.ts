/**
 * Two workers racing on the same roundtable turn (a stalled job taken over while its first
 * worker still runs): the turn is stored once, shown as the stored reply, and the "turn
 * finished → next enqueued" transition happens once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineForCore } from '../../src/roles/worker-engine.js';
import { turnJob } from '../../src/roundtable/turns.js';
import type { TestApp } from '../support/harness.js';
import { client, startChatApp } from './chat-support.js';
import { createRoundtable, storedTurns, turnTexts } from './roundtable-support.js';

let app: TestApp;
beforeAll(async () => {
  app = await startChatApp({ worker: false });
});
afterAll(() => app?.close());

describe('two workers on one turn', () => {
  it('one reply is stored and shown, turn 2 is enqueued once, nothing else', async () => {
    let n = 0;
    app.anthropic!.setDefault(() => ({ text: [`Reply `, `${String.fromCharCode(65 + n++)}.`] }));
    const c = await client(app, `u-${randomUUID()}`);
    const rt = (await createRoundtable(c, { topic: 'Race', twins: ['steve-jobs', 'paul-graham'], max_turns: 3, strategy: 'round_robin' })).body.data;
    const events: Parameters<typeof turnTexts>[0] = [];
    const stop = await app.core.roundtableFeed.follow(rt.id, '0', (e) => events.push({ event: e.event, id: e.id, data: e.data }));
    // Two independent engines, like two worker processes, given the same job at once.
    const workers = [createEngineForCore(app.core).roundtable, createEngineForCore(app.core).roundtable];
    const ctx = () => ({ run: 1, lastAttempt: false, logger: app.core.logger, signal: new AbortController().signal });
    await Promise.all(workers.map((w) => w.process(turnJob(rt.id, 1), ctx())));
    stop();

    const state = (await app.core.store.roundtables.get(rt.id))!;
    expect(state.turns).toHaveLength(1);
    const reply = state.turns[0]!.reply!;
    expect(['Reply A.', 'Reply B.']).toContain(reply);
    expect(app.anthropic!.stats.received).toBe(2);
    expect(await storedTurns(app, state.roundtable.channelId)).toEqual([{ turn: 1, content: reply }]);
    expect(turnTexts(events).get(1)).toBe(reply);
    expect(events.filter((e) => e.event === 'turn_start')).toHaveLength(1);
    // The next turn is queued exactly once (under its fixed id), and no turn beyond it.
    const queued = await app.core.queue.queue.getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(queued.map((j) => j.id).filter((id) => id?.startsWith(`rt-${rt.id}-`)).sort()).toEqual([`rt-${rt.id}-1`, `rt-${rt.id}-2`]);
  });
});
