/**
 * One roundtable over HTTP with the app on PostgreSQL (DATABASE_URL, a throwaway database): the
 * same event sequence, a person joining, the stored state and the contract's guards as on the
 * embedded SQLite (roundtables.test.ts covers the rest there; the store suite covers both).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/postgres.js';
import { api, client, startChatApp } from './chat-support.js';
import { createRoundtable, openRoundtableStream, shape, storedTurns, turnTexts } from './roundtable-support.js';

let pgdb: ThrowawayDatabase;
let app: TestApp;
beforeAll(async () => {
  pgdb = await createThrowawayDatabase('rthttp');
  app = await startChatApp({ env: { DATABASE_URL: pgdb.url } });
});
afterAll(async () => {
  await app?.close();
  await pgdb?.drop();
});

describe('a roundtable over HTTP on PostgreSQL', () => {
  it('3 turns in round robin order with a person joining after the first; stored once each; done', async () => {
    expect(app.core.store.dialect).toBe('postgres');
    const c = await client(app, `u-${randomUUID()}`);
    const channelId = randomUUID();
    // Turn 2 streams for a while, so the person's message lands before turn 3 starts.
    app.anthropic!.enqueue({ text: ['Turn one.'] });
    app.anthropic!.enqueue({ text: Array.from({ length: 10 }, (_, i) => `w${i} `), chunkDelayMs: 30 });
    const created = await createRoundtable(c, { topic: 'Own billing?', twins: ['steve-jobs', 'paul-graham'], channelId, max_turns: 3, strategy: 'round_robin' });
    expect(created.status).toBe(201);
    const rt = created.body.data;
    expect(rt).toMatchObject({ channel_id: channelId, status: 'running', turns: [], stopped_by: null });
    const busy = await createRoundtable(c, { topic: 'again', twins: ['steve-jobs', 'paul-graham'], channelId });
    expect([busy.status, busy.body.error.code]).toEqual([409, 'ROUNDTABLE_RUNNING']);

    const reader = await openRoundtableStream(c, rt.id);
    await reader.until((e) => e.event === 'turn_done' && e.data.turn === 1);
    const posted = await api(c, 'POST', `/api/v2/roundtables/${rt.id}/messages`, { message: 'What about taxes?' });
    expect(posted.status).toBe(202);
    // reader.events holds every event read, those `until` had not handed out yet included.
    await reader.rest();
    const events = reader.events;
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.filter((e) => e.event === 'message').map((e) => e.data.content)).toEqual(['What about taxes?']);
    // The person's message may land between two deltas of a turn: left out before the runs collapse.
    expect(shape(events.filter((e) => e.event !== 'message'))).toEqual(['connected', ...Array.from({ length: 3 }, () => ['turn_start', 'text_delta', 'turn_done']).flat(), 'done']);
    expect(events.filter((e) => e.event === 'turn_start').map((e) => e.data.personality)).toEqual(['steve-jobs', 'paul-graham', 'steve-jobs']);
    expect(events.at(-1)!.data).toMatchObject({ roundtableId: rt.id, status: 'done', stopped_by: 'max_turns' });

    const got = await api(c, 'GET', `/api/v2/roundtables/${rt.id}`);
    expect(got.body.data).toMatchObject({ status: 'done', stopped_by: 'max_turns' });
    for (const [turn, text] of turnTexts(events)) expect(got.body.data.turns[turn - 1].reply).toBe(text);
    const state = (await app.core.store.roundtables.get(rt.id))!;
    expect(state.messages.map((m) => m.content)).toEqual(['What about taxes?']);
    // The person's message is answered by a later turn: its prompt carries it.
    const after = state.messages[0]!.afterTurn;
    expect([1, 2]).toContain(after);
    expect(JSON.stringify(app.anthropic!.requests[after]!.body.messages)).toContain('What about taxes?');
    expect((await storedTurns(app, state.roundtable.channelId)).map((t) => t.turn)).toEqual([1, 2, 3]);

    const listed = await api(c, 'GET', `/api/v2/roundtables?channelId=${channelId}`);
    expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual([rt.id]);
    const other = await client(app, `u-${randomUUID()}`);
    expect((await api(other, 'GET', `/api/v2/roundtables/${rt.id}`)).status).toBe(404);
  });
});
