/**
 * POST /api/v1/chat through real HTTP, the queue, the engine worker and the real Anthropic SDK
 * against the fake Messages API: the documented body, several twins, the debug trace,
 * idempotency, bad input, and the offline provider.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { addTwin, chat, channelOf, client, jobCount, openStream, sleep, startChatApp, type Client } from './chat-support.js';

let app: TestApp;
let offline: TestApp;

beforeAll(async () => {
  [app, offline] = await Promise.all([startChatApp(), startChatApp({ anthropic: false })]);
});
afterAll(async () => {
  await Promise.all([app?.close(), offline?.close()]);
});
beforeEach(() => app.anthropic!.reset());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('POST /api/v1/chat', () => {
  it('returns the documented body (confidence null for Claude)', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const channelId = randomUUID();
    app.anthropic!.enqueue({ text: ['Q1 revenue ', 'grew 23%.'], model: 'claude-test-model' });
    const res = await chat(c, { message: 'Summarize the sales report', channelId, platform: 'api' });
    expect(res.status).toBe(200);
    const b = res.body;
    expect(Object.keys(b).sort()).toEqual(
      ['attachments', 'confidence', 'messageId', 'metadata', 'personality', 'reply', 'responseTime', 'sessionId', 'streamId', 'timestamp'].sort(),
    );
    expect(b.messageId).toMatch(UUID);
    expect(b.reply).toBe('Q1 revenue grew 23%.');
    expect(b.personality).toBe('assistant');
    expect(b.sessionId).toBe(channelId);
    expect(new Date(b.timestamp).toISOString()).toBe(b.timestamp);
    expect(b.responseTime).toBeTypeOf('number');
    expect(b.responseTime).toBeGreaterThanOrEqual(0);
    expect(b.attachments).toEqual([]);
    expect(b.confidence).toBeNull();
    expect(b.metadata.toolsUsed).toEqual([]);
    expect(b.metadata.model).toBe('claude-test-model');
    expect(b.metadata.routing).toEqual([expect.objectContaining({ rule: 'default', slug: 'assistant' })]);
    expect(b.metadata.trace).toBeUndefined();
    expect(b.replies).toBeUndefined();

    // The message and the reply are in the channel history, the reply exactly once.
    const { messages } = (await channelOf(app, b.streamId));
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Summarize the sales report'],
      ['assistant', 'Q1 revenue grew 23%.'],
    ]);
    expect(messages[1]!.id).toBe(b.messageId);
    // The request reached the model with the message, the default persona and the model default.
    const req = app.anthropic!.lastRequest()!;
    expect(req.lastUserText).toContain('Summarize the sales report');
    expect(req.systemText).toContain('Twinbridge Assistant');
    expect(req.body.model).toBe(app.config.ANTHROPIC_MODEL);
  });

  it('honors a model override and a session without channelId', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const res = await chat(c, { message: 'hi', model: 'claude-opus-4-6' });
    expect(res.status).toBe(200);
    expect(app.anthropic!.lastRequest()!.body.model).toBe('claude-opus-4-6');
    expect(res.body.metadata.model).toBe('claude-opus-4-6');
    expect(res.body.sessionId).toMatch(UUID);
    // The default session is stable per user.
    const again = await chat(c, { message: 'again' });
    expect(again.body.sessionId).toBe(res.body.sessionId);
  });

  it('returns `replies` when two twins answer, the first one\'s fields on top', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const pg = await addTwin(c, 'paul-graham', { mode: 'on-demand' });
    const wb = await addTwin(c, 'warren-buffett', { mode: 'on-demand' });
    app.anthropic!.setDefault((req) => ({ text: req.systemText.includes('Paul Graham') ? 'PG speaking.' : 'Buffett speaking.' }));
    const res = await chat(c, { message: '@paul-graham and @warren-buffett: what should I build?' });
    expect(res.status).toBe(200);
    expect(res.body.personality).toBe('paul-graham');
    expect(res.body.reply).toBe('PG speaking.');
    expect(res.body.replies).toHaveLength(2);
    expect(res.body.replies).toEqual([
      expect.objectContaining({ personality: 'paul-graham', twinId: pg, name: 'Paul Graham', reply: 'PG speaking.', confidence: null }),
      expect.objectContaining({ personality: 'warren-buffett', twinId: wb, name: 'Warren Buffett', reply: 'Buffett speaking.', confidence: null }),
    ]);
    expect(res.body.replies[0].messageId).toBe(res.body.messageId);
    expect(res.body.replies[1].messageId).not.toBe(res.body.messageId);
    expect(res.body.metadata.routing.map((r: { slug: string; rule: string }) => [r.slug, r.rule])).toEqual([
      ['paul-graham', 'addressed'],
      ['warren-buffett', 'addressed'],
    ]);
    expect(app.anthropic!.requests).toHaveLength(2);
    expect((await channelOf(app, res.body.streamId)).messages.filter((m) => m.role === 'assistant')).toHaveLength(2);
  });

  it('adds the tool trace with debug: true (and only then)', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const channelId = randomUUID();
    expect((await chat(c, { message: 'The launch code name is Bluebird.', channelId })).status).toBe(200);
    app.anthropic!.enqueue({ toolUses: [{ id: 'toolu_dbg', name: 'knowledge_search', input: { query: 'code name' } }] }, { text: 'It is Bluebird.' });
    const res = await chat(c, { message: 'What was the code name?', channelId, debug: true });
    expect(res.status).toBe(200);
    expect(res.body.metadata.toolsUsed).toEqual(['knowledge_search']);
    expect(res.body.metadata.trace).toEqual([
      expect.objectContaining({ tool: 'knowledge_search', toolId: 'toolu_dbg', input: { query: 'code name' }, success: true }),
    ]);
    // The best hit is the earlier message, not the question being answered.
    expect(res.body.metadata.trace[0].resultPreview).toContain('Bluebird');
    expect(res.body.metadata.trace[0].resultPreview).not.toContain('What was the code name?');

    app.anthropic!.enqueue({ toolUses: [{ name: 'knowledge_search', input: { query: 'code name' } }] }, { text: 'Still Bluebird.' });
    const plain = await chat(c, { message: 'And again?', channelId });
    expect(plain.body.metadata.toolsUsed).toEqual(['knowledge_search']);
    expect(plain.body.metadata.trace).toBeUndefined();
  });

  it('is idempotent: the same Idempotency-Key gives the same reply, one model call, one stored reply', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const channelId = randomUUID();
    app.anthropic!.enqueue({ text: 'Only once.' });
    const key = `idem-${randomUUID()}`;
    const first = await chat(c, { message: 'once please', channelId }, { 'idempotency-key': key });
    const second = await chat(c, { message: 'once please', channelId }, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.messageId).toBe(first.body.messageId);
    expect(second.body.reply).toBe('Only once.');
    expect(second.body.streamId).toBe(first.body.streamId);
    expect(app.anthropic!.stats.received).toBe(1);
    const { messages } = (await channelOf(app, first.body.streamId));
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);

    // The key is scoped to the caller: another user with the same key gets their own reply.
    const other = await client(app, `u-${randomUUID()}`);
    const theirs = await chat(other, { message: 'once please', channelId }, { 'idempotency-key': key });
    expect(theirs.body.messageId).not.toBe(first.body.messageId);
    expect(app.anthropic!.stats.received).toBe(2);
  });

  it('answers concurrent requests with one key once, and does not hold up the channel', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const channelId = randomUUID();
    app.anthropic!.setDefault(() => ({ text: 'Reply.', chunkDelayMs: 5 }));
    const key = `idem-${randomUUID()}`;
    const all = await Promise.all([1, 2, 3].map(() => chat(c, { message: 'double submit', channelId }, { 'idempotency-key': key })));
    expect(new Set(all.map((r) => r.body.messageId)).size).toBe(1);
    expect(app.anthropic!.stats.received).toBe(1);
    // The next message of the channel starts at once (no turn is left waiting for a lost one).
    const started = Date.now();
    const next = await chat(c, { message: 'next one', channelId });
    expect(next.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await channelOf(app, next.body.streamId)).messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('refuses bad input with a 400 naming the field, and enqueues nothing', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const before = await jobCount(app);
    const cases: Array<[unknown, string]> = [
      [{}, 'message'],
      [{ message: '' }, 'message'],
      [{ message: 42 }, 'message'],
      [{ message: 'x', channelId: 'not-a-uuid' }, 'channelId'],
      [{ message: 'x', platform: 'myspace' }, 'platform'],
      [{ message: 'x', messageType: 'poem' }, 'messageType'],
      [{ message: 'x', debug: 'yes' }, 'debug'],
      [{ message: 'x', model: 'bad model name!' }, 'model'],
      [{ message: 'x', attachments: [{ id: 'a', name: 'a.txt', url: 'ftp://example.com/a' }] }, 'attachments[0].url'],
      [{ message: 'x', images: [{ filename: 'a.png', mediaType: 'image/bmp', base64: 'iVBORw0KGgo=' }] }, 'images[0].mediaType'],
    ];
    for (const [body, field] of cases) {
      const res = await chat(c, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', field } });
      expect(res.body.error.message).toContain(field);
    }
    // A workspace the caller may not use is 404, as if it did not exist.
    const foreign = await chat(c, { message: 'x', workspaceId: randomUUID() });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'workspaceId' });
    const unknown = await chat(c, { message: 'x', personality: 'nobody-at-all' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'TWIN_NOT_FOUND', field: 'personality' });
    expect(unknown.body.error.message).toContain('nobody-at-all');

    const badJson = await fetch(`${app.url}/api/v1/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
      body: '{"message": ',
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { field: string } }).error.field).toBe('body');
    const noAuth = await fetch(`${app.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"x"}' });
    expect(noAuth.status).toBe(401);

    await sleep(50);
    expect(await jobCount(app)).toBe(before);
    expect(app.anthropic!.stats.received).toBe(0);
  });

  it('a client that disconnects does not lose the reply', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    app.anthropic!.enqueue({ text: ['Still ', 'delivered ', 'later.'], chunkDelayMs: 100 });
    const r = await openStream(c, { message: 'I will hang up' });
    const [connected] = await r.until((e) => e.event === 'connected');
    r.close();
    const jobId = connected!.data.streamId as string;
    for (let i = 0; i < 100 && (await app.core.store.messages.repliesFor(jobId)).length === 0; i++) await sleep(50);
    expect((await app.core.store.messages.repliesFor(jobId)).map((m) => m.content)).toEqual(['Still delivered later.']);
  });
});

describe('offline provider (no ANTHROPIC_API_KEY)', () => {
  let c: Client;
  beforeAll(async () => {
    c = await client(offline, `u-${randomUUID()}`);
  });

  it('answers in the twin\'s name, says it is offline, and reports model "offline"', async () => {
    const res = await chat(c, { message: 'What should I build?', personality: 'paul-graham' });
    expect(res.status).toBe(200);
    expect(res.body.personality).toBe('paul-graham');
    expect(res.body.reply).toContain('Paul Graham');
    expect(res.body.reply).toMatch(/offline/i);
    expect(res.body.reply).toContain('ANTHROPIC_API_KEY');
    expect(res.body.reply).toContain('What should I build?');
    expect(res.body.metadata.model).toBe('offline');
    expect(res.body.confidence).toBeNull();
  });

  it('the default assistant is offline too', async () => {
    const res = await chat(c, { message: 'hello' });
    expect(res.body.personality).toBe('assistant');
    expect(res.body.reply).toContain('Twinbridge Assistant');
    expect(res.body.metadata.model).toBe('offline');
  });
});
