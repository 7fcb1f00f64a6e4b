/**
 * Roundtables over HTTP (api/roundtables.md) against the fake Anthropic API, through the real
 * queue, worker, store and reply stream: the event sequence, people joining, stop, the `model`
 * strategy with "nobody", failures, and the contract's errors.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../fakes/anthropic/server.js';
import type { TestApp } from '../support/harness.js';
import { api, client, eventually, startChatApp } from './chat-support.js';
import { createRoundtable, openRoundtableStream, shape, storedTurns, turnTexts } from './roundtable-support.js';

let app: TestApp;
beforeAll(async () => {
  app = await startChatApp({ env: { ROUNDTABLE_MAX_RUNNING_PER_CUSTOMER: '50', SHUTDOWN_GRACE_MS: '200' } });
});
afterAll(() => app?.close());
beforeEach(() => app.anthropic!.reset());

const user = () => client(app, `u-${randomUUID()}`);
const isModerator = (r: RecordedRequest) => Boolean(r.body.output_config?.format?.schema);
const turnRequests = () => app.anthropic!.requests.filter((r) => !isModerator(r));
const internalChannel = async (id: string) => (await app.core.store.roundtables.get(id))!.roundtable.channelId;

describe('a roundtable over HTTP', () => {
  it('6 turns: 201, then turn_start/text_delta/turn_done per turn in round robin order, done; each turn stored once', async () => {
    const c = await user();
    const channelId = randomUUID();
    const created = await createRoundtable(c, { topic: 'Should a two-person startup build its own billing?', twins: ['steve-jobs', 'Paul Graham', 'ada-lovelace'], channelId, max_turns: 6, strategy: 'round_robin' });
    expect(created.status).toBe(201);
    const rt = created.body.data;
    expect(rt).toMatchObject({ channel_id: channelId, stream_id: `rt-${rt.id}`, topic: 'Should a two-person startup build its own billing?', max_turns: 6, strategy: 'round_robin', status: 'running', turns: [], stopped_by: null });
    expect(rt.twins.map((t: { slug: string }) => t.slug)).toEqual(['steve-jobs', 'paul-graham', 'ada-lovelace']);
    expect(Object.keys(rt.twins[0])).toEqual(['twin_id', 'slug', 'name']);

    const reader = await openRoundtableStream(c, rt.id);
    const events = await reader.rest();
    expect(shape(events)).toEqual(['connected', ...Array.from({ length: 6 }, () => ['turn_start', 'text_delta', 'turn_done']).flat(), 'done']);
    expect(events[0]!.data).toMatchObject({ streamId: `rt-${rt.id}`, roundtableId: rt.id });
    const starts = events.filter((e) => e.event === 'turn_start');
    expect(starts.map((e) => e.data.personality)).toEqual(['steve-jobs', 'paul-graham', 'ada-lovelace', 'steve-jobs', 'paul-graham', 'ada-lovelace']);
    expect(starts.map((e) => e.data.turn)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(starts[0]!.data).toMatchObject({ name: 'Steve Jobs', reason: 'round robin' });
    const done = events.at(-1)!.data;
    expect(done).toMatchObject({ roundtableId: rt.id, status: 'done', stopped_by: 'max_turns' });
    expect(done.turns).toHaveLength(6);
    for (const [turn, text] of turnTexts(events)) expect(done.turns[turn - 1].reply).toBe(text);
    for (const e of events.filter((x) => x.event === 'turn_done')) expect(e.data.reply).toBe(turnTexts(events).get(e.data.turn));

    const got = await api(c, 'GET', `/api/v2/roundtables/${rt.id}`);
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({ status: 'done', stopped_by: 'max_turns', channel_id: channelId });
    expect(Object.keys(got.body.data.turns[0]).sort()).toEqual(['finished_at', 'name', 'reason', 'reply', 'started_at', 'turn', 'twin_id']);
    expect((await storedTurns(app, await internalChannel(rt.id))).map((t) => t.turn)).toEqual([1, 2, 3, 4, 5, 6]);

    // Turn 2's prompt: Paul's persona, the topic, Steve's turn labelled, and the instruction.
    const second = turnRequests()[1]!;
    expect(second.systemText).toContain('Paul Graham');
    const prompt = JSON.stringify(second.body.messages);
    expect(prompt).toContain('[Roundtable topic] Should a two-person startup build its own billing?');
    expect(prompt).toContain(`[Steve Jobs (twin)] ${done.turns[0].reply}`);
    expect(second.lastUserText).toContain('It is your turn, Paul Graham (turn 2 of 6)');
    // Turn 4 is Steve again: his own turn 1 is an assistant turn.
    expect(turnRequests()[3]!.body.messages.some((m) => m.role === 'assistant' && JSON.stringify(m.content).includes(done.turns[0].reply))).toBe(true);

    const listed = await api(c, 'GET', `/api/v2/roundtables?channelId=${channelId}`);
    expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual([rt.id]);

    // Re-attaching after the end replays from the log; from the last id, only what followed.
    const again = await (await openRoundtableStream(c, rt.id)).rest();
    expect(shape(again)).toEqual(shape(events));
    const tail = await (await openRoundtableStream(c, rt.id, events.at(-2)!.id!)).rest();
    expect(shape(tail)).toEqual(['connected', 'done']);
  });

  it("a person's message mid-way joins the transcript and is answered by the next speaker", async () => {
    const c = await user();
    const created = await createRoundtable(c, { topic: 'Remote work', twins: ['steve-jobs', 'paul-graham', 'ada-lovelace', 'marie-curie'], max_turns: 4 });
    const rt = created.body.data;
    const reader = await openRoundtableStream(c, rt.id);
    await reader.until((e) => e.event === 'turn_done' && e.data.turn === 1);
    const posted = await api(c, 'POST', `/api/v2/roundtables/${rt.id}/messages`, { message: '@marie-curie what does the evidence say?' });
    expect(posted.status).toBe(202);
    await reader.rest();
    const events = reader.events;
    const message = events.find((e) => e.event === 'message')!;
    expect(message.data).toMatchObject({ author: 'User', content: '@marie-curie what does the evidence say?' });
    const state = (await app.core.store.roundtables.get(rt.id))!;
    const after = state.messages[0]!.afterTurn;
    const answering = state.turns.find((t) => t.turn === after + 1)!;
    expect(answering).toMatchObject({ name: 'Marie Curie', reason: 'addressed by User' });
    // Its prompt ends with the person's message, right before the instruction.
    const req = turnRequests()[after]!;
    const lastBlocks = req.body.messages.at(-1)!.content as unknown as { text: string }[];
    expect(lastBlocks.at(-2)!.text).toBe('[User] @marie-curie what does the evidence say?');
    // It is in the channel's history too.
    const history = (await app.core.store.messages.history(state.roundtable.channelId, null, Number.MAX_SAFE_INTEGER, 100));
    expect(history.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['@marie-curie what does the evidence say?']);
  });

  it('stop mid-turn: the streaming turn completes, no new one starts, done is `stopped`; stop again changes nothing', async () => {
    const c = await user();
    app.anthropic!.enqueue({ text: Array.from({ length: 40 }, (_, i) => `w${i} `), chunkDelayMs: 50 });
    const rt = (await createRoundtable(c, { topic: 'Stop me', twins: ['steve-jobs', 'paul-graham'], max_turns: 5 })).body.data;
    const reader = await openRoundtableStream(c, rt.id);
    await reader.until((e) => e.event === 'text_delta');
    const stopped = await api(c, 'POST', `/api/v2/roundtables/${rt.id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.data).toMatchObject({ status: 'stopped', stopped_by: 'stopped' });
    await reader.rest();
    const events = reader.events;
    expect(shape(events)).toEqual(['connected', 'turn_start', 'text_delta', 'turn_done', 'done']);
    expect(events.at(-1)!.data).toMatchObject({ status: 'stopped', stopped_by: 'stopped' });
    expect(events.at(-1)!.data.turns).toHaveLength(1);
    expect(events.at(-1)!.data.turns[0].reply).toBe(Array.from({ length: 40 }, (_, i) => `w${i} `).join(''));
    const again = await api(c, 'POST', `/api/v2/roundtables/${rt.id}/stop`);
    expect(again.status).toBe(200);
    expect(again.body.data.turns).toHaveLength(1);
    const late = await api(c, 'POST', `/api/v2/roundtables/${rt.id}/messages`, { message: 'too late' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ROUNDTABLE_FINISHED');
    expect(app.anthropic!.stats.received).toBe(1);
  });

  it('`model` strategy: the moderator picks each speaker (with its reason) until it answers "nobody"', async () => {
    const c = await user();
    const picks = ['ada-lovelace', 'steve-jobs', 'nobody'];
    app.anthropic!.setDefault((req) => {
      if (!isModerator(req)) return { text: ['A thought ', 'worth sharing.'] };
      const next = picks.shift() ?? 'nobody';
      return { text: JSON.stringify({ next, reason: next === 'nobody' ? 'the point is settled' : `${next} knows this best` }) };
    });
    const rt = (await createRoundtable(c, { topic: 'Engines', twins: ['steve-jobs', 'paul-graham', 'ada-lovelace'], strategy: 'model', max_turns: 6 })).body.data;
    const events = await (await openRoundtableStream(c, rt.id)).rest();
    expect(shape(events)).toEqual(['connected', 'turn_start', 'text_delta', 'turn_done', 'turn_start', 'text_delta', 'turn_done', 'done']);
    const starts = events.filter((e) => e.event === 'turn_start').map((e) => [e.data.personality, e.data.reason]);
    expect(starts).toEqual([
      ['ada-lovelace', 'chosen by the moderator: ada-lovelace knows this best'],
      ['steve-jobs', 'chosen by the moderator: steve-jobs knows this best'],
    ]);
    expect(events.at(-1)!.data).toMatchObject({ status: 'done', stopped_by: 'nobody' });
    // The moderator never gets the last speaker as a candidate.
    const second = app.anthropic!.requests.filter(isModerator)[1]!;
    expect((second.body.output_config!.format!.schema as { properties: { next: { enum: string[] } } }).properties.next.enum).toEqual(['steve-jobs', 'paul-graham', 'nobody']);
  });

  it('a turn whose model call fails for good: error with the turn, done `failed`, nothing hangs', async () => {
    const c = await user();
    app.anthropic!.enqueue({ text: 'first is fine' }, { error: { status: 400, type: 'invalid_request_error', message: 'bad' } });
    const rt = (await createRoundtable(c, { topic: 'Fail', twins: ['steve-jobs', 'paul-graham'], max_turns: 4 })).body.data;
    const events = await (await openRoundtableStream(c, rt.id)).rest();
    expect(shape(events)).toEqual(['connected', 'turn_start', 'text_delta', 'turn_done', 'turn_start', 'error', 'done']);
    expect(events.find((e) => e.event === 'error')!.data).toEqual({ message: 'The model could not answer that.', turn: 2 });
    expect(events.at(-1)!.data).toMatchObject({ status: 'failed', stopped_by: 'error' });
    const got = await api(c, 'GET', `/api/v2/roundtables/${rt.id}`);
    expect(got.body.data.status).toBe('failed');
  });
});

describe('errors and guards', () => {
  it('400 naming the field; 404 for unknown twins and for others; 409 ROUNDTABLE_RUNNING', async () => {
    const c = await user();
    const bad = async (body: Record<string, unknown>) => {
      const r = await createRoundtable(c, body);
      return [r.status, r.body.error?.field, r.body.error?.code];
    };
    expect(await bad({ twins: ['steve-jobs', 'paul-graham'] })).toEqual([400, 'topic', 'VALIDATION_ERROR']);
    expect(await bad({ topic: 't', twins: ['steve-jobs'] })).toEqual([400, 'twins', 'VALIDATION_ERROR']);
    expect(await bad({ topic: 't', twins: Array.from({ length: 9 }, () => 'steve-jobs') })).toEqual([400, 'twins', 'VALIDATION_ERROR']);
    expect(await bad({ topic: 't', twins: ['steve-jobs', 'Steve Jobs'] })).toEqual([400, 'twins[1]', 'VALIDATION_ERROR']);
    expect(await bad({ topic: 't', twins: ['steve-jobs', 'paul-graham'], max_turns: 21 })).toEqual([400, 'max_turns', 'VALIDATION_ERROR']);
    expect(await bad({ topic: 't', twins: ['steve-jobs', 'paul-graham'], strategy: 'loudest' })).toEqual([400, 'strategy', 'VALIDATION_ERROR']);
    expect(await bad({ topic: 't', twins: ['steve-jobs', 'nobody-at-all-zz'] })).toEqual([404, 'twins[1]', 'TWIN_NOT_FOUND']);
    // No twins given and an empty workspace: fewer than 2.
    expect(await bad({ topic: 't' })).toEqual([400, 'twins', 'VALIDATION_ERROR']);

    // The workspace's twins are the default.
    await api(c, 'POST', '/api/v2/twin-workspace/twins', { twin_id: (await app.core.store.twins.resolve('paul-graham'))!.id });
    await api(c, 'POST', '/api/v2/twin-workspace/twins', { twin_id: (await app.core.store.twins.resolve('ada-lovelace'))!.id, is_favorite: true });
    app.anthropic!.enqueue({ text: 'slow', hang: { afterChunks: 0 } });
    const channelId = randomUUID();
    const first = await createRoundtable(c, { topic: 'defaults', channelId, max_turns: 2 });
    expect(first.status).toBe(201);
    expect(first.body.data.twins.map((t: { slug: string }) => t.slug)).toEqual(['ada-lovelace', 'paul-graham']);
    const second = await createRoundtable(c, { topic: 'again', channelId, twins: ['steve-jobs', 'paul-graham'] });
    expect([second.status, second.body.error.code]).toEqual([409, 'ROUNDTABLE_RUNNING']);

    const other = await user();
    expect((await api(other, 'GET', `/api/v2/roundtables/${first.body.data.id}`)).status).toBe(404);
    expect((await api(other, 'POST', `/api/v2/roundtables/${first.body.data.id}/stop`)).status).toBe(404);
    expect((await api(c, 'GET', '/api/v2/roundtables/not-a-uuid')).status).toBe(400);
    await api(c, 'POST', `/api/v2/roundtables/${first.body.data.id}/stop`);
    await eventually(async () => (await api(c, 'GET', `/api/v2/roundtables/${first.body.data.id}`)).body.data.status === 'stopped');
  });
});
