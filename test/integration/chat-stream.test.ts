/**
 * POST /api/v2/chat/stream and GET /api/v2/chat/stream/:id through real HTTP: every SSE event
 * type with its documented fields, each written whole with an id; a knowledge_search round trip;
 * web search in research mode; re-attaching with Last-Event-ID; arrival order in a channel.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src/http/api.js';
import { TEST_JWT_SECRET, type TestApp } from '../support/harness.js';
import { chat, channelOf, client, names, openStream, reattach, shape, startChatApp, stream, type SseEvent } from './chat-support.js';

let app: TestApp;
let slowServer: Server;
let slowUrl: string;

beforeAll(async () => {
  app = await startChatApp({ env: { ATTACHMENT_ALLOW_HOSTS: '127.0.0.1' } });
  // Serves a document after a delay: holds the first message of a channel back before it starts.
  slowServer = createServer((req, res) => {
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('slow document'), Number(new URL(req.url!, 'http://x').searchParams.get('ms') ?? 0));
  });
  await new Promise<void>((r) => slowServer.listen(0, '127.0.0.1', r));
  slowUrl = `http://127.0.0.1:${(slowServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  slowServer?.closeAllConnections();
  await new Promise((r) => slowServer?.close(r));
});
beforeEach(() => app.anthropic!.reset());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The events a client renders (what the log holds minus the internal ones), with ids. */
async function loggedSse(jobId: string, afterId = '0'): Promise<Array<{ id: string; event: string }>> {
  const all = await app.core.stream.read(jobId, afterId);
  return all.filter((e) => e.event !== 'status' && e.event !== 'twin_done').map((e) => ({ id: e.id, event: e.event }));
}

describe('POST /api/v2/chat/stream', () => {
  it('streams connected, text_delta (accumulated_length) and done with the documented fields', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    app.anthropic!.enqueue({ text: ["Here's an efficient", ' Python function', ' using memoization.'], chunkDelayMs: 30 });
    const r = await openStream(c, { message: 'Write a Python Fibonacci function', channelId: randomUUID() });
    expect(r.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(r.res.headers.get('cache-control')).toContain('no-cache');
    const events = await r.rest();
    expect(names(events)).toEqual(['connected', 'text_delta', 'text_delta', 'text_delta', 'done']);

    const [connected, d1, d2, d3, done] = events as [SseEvent, SseEvent, SseEvent, SseEvent, SseEvent];
    // sessionId (what the client passes back as channelId) rides on the first and last frame (issue 10).
    expect(connected.data).toEqual({ streamId: expect.any(String), sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/), timestamp: expect.stringMatching(ISO) });
    expect(done.data['sessionId']).toBe(connected.data['sessionId']);
    const streamId = connected.data.streamId as string;
    expect(d1.data).toMatchObject({ content: "Here's an efficient", accumulated_length: 19, personality: 'assistant' });
    expect(d2.data).toMatchObject({ content: ' Python function', accumulated_length: 35 });
    expect(d3.data).toMatchObject({ content: ' using memoization.', accumulated_length: 54 });
    const reply = "Here's an efficient Python function using memoization.";
    expect(done.data).toMatchObject({
      streamId,
      reply,
      personality: 'assistant',
      toolsUsed: [],
      confidence: null,
      metadata: { toolsUsed: [], knowledgeGraphQueried: false, model: 'claude-sonnet-4-6' },
    });
    expect(done.data.responseTime).toBeTypeOf('number');
    expect(done.data.messageId).toBe((await channelOf(app, streamId)).messages[1]!.id);
    expect(done.data.metadata.routing[0]).toMatchObject({ rule: 'default', reason: expect.any(String) });

    // Ids increase, and are the reply-stream log's ids.
    const ids = events.slice(1).map((e) => e.id!);
    expect(ids).toEqual((await loggedSse(streamId)).map((e) => e.id));
    // The connection closed after done (rest() returned) and each read held whole frames only.
    expect(r.reads.every((t) => t.endsWith('\n\n'))).toBe(true);
  });

  it('runs a knowledge_search round trip over earlier channel messages, with every tool event', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const channelId = randomUUID();
    app.anthropic!.enqueue({ text: 'Noted.' });
    await chat(c, { message: 'Our warehouse in Rotterdam ships on Tuesdays and Fridays.', channelId });
    app.anthropic!.reset();

    const filler = 'x'.repeat(400);
    await chat(c, { message: `Unrelated long note ${filler} rotterdam`, channelId });
    app.anthropic!.reset();
    app.anthropic!.enqueue(
      { text: 'Let me check.', toolUses: [{ id: 'toolu_ks1', name: 'knowledge_search', input: { query: 'Rotterdam warehouse ships', limit: 3 } }] },
      { text: [' Tuesdays', ' and Fridays.'] },
    );
    const events = await stream(c, { message: 'When does the warehouse ship?', channelId });
    expect(shape(events)).toEqual(['connected', 'text_delta', 'tool_start', 'tool_call', 'tool_result', 'tool_complete', 'text_delta', 'done']);
    const get = (name: string) => events.find((e) => e.event === name)!.data;
    expect(get('tool_start')).toMatchObject({ tool: 'knowledge_search', toolId: 'toolu_ks1', timestamp: expect.stringMatching(ISO) });
    expect(get('tool_call')).toMatchObject({ tool: 'knowledge_search', input: { query: 'Rotterdam warehouse ships', limit: 3 } });
    const result = get('tool_result');
    expect(result).toMatchObject({ tool: 'knowledge_search', duration: expect.any(Number) });
    expect(result.resultPreview.length).toBeLessThanOrEqual(200);
    expect(get('tool_complete')).toMatchObject({ tool: 'knowledge_search', toolId: 'toolu_ks1', success: true, duration: expect.any(Number) });
    const done = get('done');
    expect(done.reply).toBe('Let me check. Tuesdays and Fridays.');
    expect(done.toolsUsed).toEqual(['knowledge_search']);
    expect(done.metadata).toMatchObject({ toolsUsed: ['knowledge_search'], knowledgeGraphQueried: true });
    // accumulated_length counts the whole reply so far, across rounds.
    const deltas = events.filter((e) => e.event === 'text_delta');
    expect(deltas.at(-1)!.data.accumulated_length).toBe(done.reply.length);

    // The second model call carries the tool result with the found text, right after the tool use.
    expect(app.anthropic!.requests).toHaveLength(2);
    const second = app.anthropic!.requests[1]!.body.messages;
    const assistant = second.at(-2)!;
    expect(assistant.role).toBe('assistant');
    expect(assistant.content).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'tool_use', id: 'toolu_ks1', name: 'knowledge_search' })]));
    const toolResult = (second.at(-1)!.content as Array<Record<string, unknown>>).find((b) => b.type === 'tool_result')!;
    expect(toolResult.tool_use_id).toBe('toolu_ks1');
    const found = JSON.parse(String(toolResult.content)) as Array<{ snippet: string }>;
    expect(found.map((h) => h.snippet).join(' ')).toMatch(/Tuesdays and Fridays/);
    expect(found.map((h) => h.snippet).join(' ')).not.toMatch(/When does the warehouse ship/);
  });

  it('a tool that fails reports success: false and the model still answers', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    app.anthropic!.enqueue({ toolUses: [{ id: 'toolu_bad', name: 'no_such_tool', input: {} }] }, { text: 'Fine without it.' });
    const events = await stream(c, { message: 'try a tool' });
    expect(events.find((e) => e.event === 'tool_complete')!.data).toMatchObject({ tool: 'no_such_tool', success: false });
    expect(events.at(-1)!.data.reply).toBe('Fine without it.');
    const toolResult = (app.anthropic!.requests[1]!.body.messages.at(-1)!.content as Array<Record<string, unknown>>)[0]!;
    expect(toolResult).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_bad', is_error: true });
  });

  it('offers web search in research mode and streams its events', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    app.anthropic!.enqueue({
      webSearch: { id: 'srvtoolu_1', query: 'latest fusion news', results: [{ title: 'Fusion record', url: 'https://example.com/fusion' }] },
      text: ['Fusion hit ', 'a record.'],
    });
    const events = await stream(c, { message: 'What is new in fusion?', messageType: 'research' });
    expect(shape(events)).toEqual(['connected', 'tool_start', 'tool_call', 'tool_result', 'tool_complete', 'text_delta', 'done']);
    const get = (name: string) => events.find((e) => e.event === name)!.data;
    expect(get('tool_start')).toMatchObject({ tool: 'web_search', toolId: 'srvtoolu_1' });
    expect(get('tool_call')).toMatchObject({ tool: 'web_search', input: { query: 'latest fusion news' } });
    expect(get('tool_result').resultPreview).toContain('Fusion record');
    expect(get('tool_result').resultPreview.length).toBeLessThanOrEqual(200);
    expect(get('tool_complete')).toMatchObject({ tool: 'web_search', success: true });
    expect(get('done').toolsUsed).toEqual(['web_search']);
    const tools = app.anthropic!.lastRequest()!.body.tools!;
    expect(tools.map((t) => t['name'])).toEqual(['knowledge_search', 'web_search']);
    expect(tools.find((t) => t['name'] === 'web_search')).toMatchObject({ type: expect.stringMatching(/^web_search_/) });

    // Plain chat does not offer it; useFirecrawl does.
    await stream(c, { message: 'plain' });
    expect(app.anthropic!.lastRequest()!.body.tools!.map((t) => t['name'])).toEqual(['knowledge_search']);
    await chat(c, { message: 'firecrawl', useFirecrawl: true });
    expect(app.anthropic!.lastRequest()!.body.tools!.map((t) => t['name'])).toContain('web_search');
  });

  it('ends with an error event when the model refuses the request', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    app.anthropic!.enqueue({ error: { status: 401, type: 'authentication_error' } });
    const events = await stream(c, { message: 'hello' });
    expect(names(events)).toEqual(['connected', 'error']);
    const streamId = events[0]!.data.streamId as string;
    expect(events[1]!.data).toEqual({ streamId, message: expect.any(String), code: 'MODEL_AUTH_FAILED' });
    expect(events[1]!.data.message).not.toContain('sk-ant');
    expect(app.anthropic!.stats.received).toBe(1);
  });
});

describe('GET /api/v2/chat/stream/:streamId', () => {
  it('re-attaches with Last-Event-ID and gets exactly the missed events, then done', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const chunks = Array.from({ length: 12 }, (_, i) => `w${i} `);
    app.anthropic!.enqueue({ text: chunks, chunkDelayMs: 30 });
    const first = await openStream(c, { message: 'count for me' });
    const seen = await first.until((e) => e.event === 'text_delta' && e.data.accumulated_length >= 9);
    first.close();
    const streamId = seen[0]!.data.streamId as string;
    const lastId = seen.at(-1)!.id!;

    const again = await reattach(c, streamId, lastId);
    expect(again.status).toBe(200);
    const rest = await again.reader!.rest();
    expect(rest[0]).toMatchObject({ event: 'connected', id: lastId, data: { streamId } });
    expect(rest.at(-1)!.event).toBe('done');
    // Exactly the events after lastId, in order, none twice.
    const missed = await loggedSse(streamId, lastId);
    expect(rest.slice(1).map((e) => ({ id: e.id, event: e.event }))).toEqual(missed);
    const text = [...seen, ...rest].filter((e) => e.event === 'text_delta').map((e) => e.data.content).join('');
    expect(text).toBe(chunks.join(''));
    expect(rest.at(-1)!.data.reply).toBe(chunks.join(''));

    // Without Last-Event-ID: the whole log again. After done: the same reply.
    const whole = await reattach(c, streamId);
    const all = await whole.reader!.rest();
    expect(all.slice(1).map((e) => e.id)).toEqual((await loggedSse(streamId)).map((e) => e.id));
  });

  it('a repeated Idempotency-Key on the stream endpoint replays the same stream', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    app.anthropic!.enqueue({ text: ['same ', 'answer'] });
    const key = `k-${randomUUID()}`;
    const first = await stream(c, { message: 'once' }, { 'idempotency-key': key });
    const again = await stream(c, { message: 'once' }, { 'idempotency-key': key });
    expect(again[0]!.data.streamId).toBe(first[0]!.data.streamId);
    expect(again.slice(1).map((e) => [e.id, e.event])).toEqual(first.slice(1).map((e) => [e.id, e.event]));
    expect(again.at(-1)!.data.reply).toBe('same answer');
    expect(app.anthropic!.stats.received).toBe(1);
    expect((await app.core.store.messages.repliesFor(first[0]!.data.streamId))).toHaveLength(1);
  });

  it('another user cannot attach (404), nor can anyone to an unknown id', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const events = await stream(c, { message: 'mine' });
    const streamId = events[0]!.data.streamId as string;
    const intruder = await client(app, `u-${randomUUID()}`);
    const res = await reattach(intruder, streamId);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('STREAM_NOT_FOUND');
    const unknown = await reattach(c, 'api-no-such-stream');
    expect(unknown.status).toBe(404);
    await unknown.body?.cancel();
    const bad = await reattach(c, 'bad:id');
    expect(bad.status).toBe(400);
    await bad.body?.cancel();
  });

  it('replays a finished reply from the store once its stream log has expired', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    app.anthropic!.enqueue({ text: 'Kept forever.' });
    const events = await stream(c, { message: 'remember' });
    const streamId = events[0]!.data.streamId as string;
    await app.core.redis.del(`${app.config.REDIS_PREFIX}:rs:${streamId}`);
    // connected, then a done rebuilt from the stored reply (there is no log id left to give it).
    const res = await reattach(c, streamId, undefined, { requireIds: false });
    expect(res.status).toBe(200);
    const rest = await res.reader!.rest();
    expect(names(rest)).toEqual(['connected', 'done']);
    expect(rest[1]!.data).toMatchObject({ streamId, reply: 'Kept forever.', personality: 'assistant', confidence: null });
  });
});

describe('ordering', () => {
  it('several messages in one channel at once: replies start in arrival order', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const channelId = randomUUID();
    const newest = (text: string) => [...text.matchAll(/message #\d/g)].at(-1)![0];
    app.anthropic!.setDefault((req) => ({ text: `re: ${newest(req.lastUserText)}` }));
    // The first message fetches a slow attachment before it can start; the others must wait for it.
    const firstStream = await openStream(c, {
      message: 'message #0',
      channelId,
      attachments: [{ id: 'a1', name: 'slow.txt', type: 'text/plain', url: `${slowUrl}/slow.txt?ms=400` }],
    });
    const others = await Promise.all([1, 2, 3, 4, 5].map((i) => openStream(c, { message: `message #${i}`, channelId })));
    await Promise.all([firstStream, ...others].map((r) => r.rest()));

    const { messages } = (await channelOf(app, firstStream.events[0]!.data.streamId as string));
    const arrival = messages.filter((m) => m.role === 'user').map((m) => m.content);
    expect(arrival[0]).toBe('message #0');
    expect(arrival).toHaveLength(6);
    // The newest message is the last one in the request (earlier unanswered ones precede it).
    const started = app.anthropic!.requests.map((r) => newest(r.lastUserText));
    expect(started).toEqual(arrival);
    // Each reply answers its own message.
    for (const [i, r] of [firstStream, ...others].entries()) {
      expect(r.events.at(-1)!).toMatchObject({ event: 'done', data: { reply: `re: message #${i}` } });
    }
  });
});

describe('keepalive', () => {
  it('writes a `: keepalive` comment while the reply is slow, each in its own whole frame', async () => {
    // The same app behind an API with a short keepalive period (15 s by default).
    const api = await createApi(app.core, { jwtSecret: TEST_JWT_SECRET, version: 'test', keepaliveMs: 40 });
    const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const c = await client({ ...app, url }, `u-${randomUUID()}`);
      app.anthropic!.enqueue({ text: ['slow ', 'reply'], headersDelayMs: 300 });
      const r = await openStream(c, { message: 'take your time' });
      const events = await r.rest();
      expect(names(events)).toEqual(['connected', 'text_delta', 'text_delta', 'done']);
      expect(r.comments.length).toBeGreaterThanOrEqual(3);
      expect(new Set(r.comments)).toEqual(new Set([': keepalive']));
    } finally {
      await api.close();
    }
  });
});
