/**
 * Model failures through the queue: retryable ones back off (honoring retry-after) and the
 * retried attempt tells renderers to reset; non-retryable ones end the stream with an error at
 * once. Whatever retried, the channel holds the reply once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { chat, channelOf, client, names, shape, stream, textAfterReset } from './chat-support.js';
import { startChatApp } from './chat-support.js';

let app: TestApp;

beforeAll(async () => {
  app = await startChatApp();
});
afterAll(() => app?.close());
beforeEach(() => app.anthropic!.reset());

async function storedReplies(streamId: string): Promise<string[]> {
  return (await channelOf(app, streamId)).messages.filter((m) => m.role === 'assistant').map((m) => m.content);
}

describe('retries', () => {
  it('529 overloaded with retry-after: 1, then success: the reply completes once, after the advised wait', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    app.anthropic!.enqueue({ error: { status: 529, type: 'overloaded_error', retryAfter: 1 } }, { text: ['Second ', 'time lucky.'] });
    const events = await stream(c, { message: 'try hard' });
    expect(shape(events)).toEqual(['connected', 'reset', 'text_delta', 'done']);
    expect(events[1]!.data).toMatchObject({ attempt: 2 });
    expect(events.at(-1)!.data.reply).toBe('Second time lucky.');
    const [first, second] = app.anthropic!.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(await storedReplies(events[0]!.data.streamId)).toEqual(['Second time lucky.']);
  });

  it('429 with retry-after-ms is honored too (sync endpoint)', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    app.anthropic!.enqueue({ error: { status: 429, type: 'rate_limit_error', retryAfterMs: 200 } }, { text: 'ok now' });
    const res = await chat(c, { message: 'again' });
    expect(res.status).toBe(200);
    expect(res.body.reply).toBe('ok now');
    const [first, second] = app.anthropic!.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(180);
    expect(second!.receivedAt - first!.receivedAt).toBeLessThan(900);
  });

  it('400 invalid_request: an error event at once, no retry', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    app.anthropic!.enqueue({ error: { status: 400, type: 'invalid_request_error', message: 'messages: bad' } }, { text: 'never sent' });
    const started = Date.now();
    const events = await stream(c, { message: 'broken' });
    expect(Date.now() - started).toBeLessThan(900);
    expect(names(events)).toEqual(['connected', 'error']);
    expect(events[1]!.data).toEqual({ streamId: events[0]!.data.streamId, code: 'MODEL_ERROR', message: 'The model could not answer that.' });
    expect(app.anthropic!.stats.received).toBe(1);
    expect(app.anthropic!.pending()).toBe(1);
    expect(await storedReplies(events[0]!.data.streamId)).toEqual([]);

    // The sync endpoint answers with the job's error and its status.
    app.anthropic!.reset();
    app.anthropic!.enqueue({ error: { status: 400, type: 'invalid_request_error' } });
    const res = await chat(c, { message: 'broken again' });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ success: false, error: { code: 'MODEL_ERROR' } });
  });

  it('an overloaded error mid-stream, then success: a reset precedes the new text', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    app.anthropic!.enqueue(
      { text: ['Partial ', 'answer ', 'that dies'], streamError: { afterChunks: 2, type: 'overloaded_error' } },
      { text: ['The whole ', 'answer.'] },
    );
    const events = await stream(c, { message: 'go' });
    expect(shape(events)).toEqual(['connected', 'text_delta', 'reset', 'text_delta', 'done']);
    const reset = events.findIndex((e) => e.event === 'reset');
    expect(events.slice(1, reset).map((e) => e.data.content).join('')).toBe('Partial answer ');
    // After the reset, accumulated_length starts over.
    expect(events[reset + 1]!.data.content).toMatch(/^The whole /);
    expect(events[reset + 1]!.data.accumulated_length).toBe(events[reset + 1]!.data.content.length);
    expect(textAfterReset(events)).toBe('The whole answer.');
    expect(events.at(-1)!.data.reply).toBe('The whole answer.');
    expect(await storedReplies(events[0]!.data.streamId)).toEqual(['The whole answer.']);
  });

  it('a stream cut off before message_stop is retried', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    app.anthropic!.enqueue({ text: ['cut ', 'off'], cutOff: { afterChunks: 1 } }, { text: 'complete' });
    const events = await stream(c, { message: 'go' });
    expect(shape(events)).toEqual(['connected', 'text_delta', 'reset', 'text_delta', 'done']);
    expect(events.at(-1)!.data.reply).toBe('complete');
  });

  it('gives up after JOB_ATTEMPTS with the last error', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const overloaded = { error: { status: 529, type: 'overloaded_error' as const, retryAfterMs: 50 } };
    app.anthropic!.enqueue(overloaded, overloaded, overloaded, { text: 'too late' });
    const events = await stream(c, { message: 'go' });
    expect(names(events)).toEqual(['connected', 'reset', 'reset', 'error']);
    expect(events.at(-1)!.data).toMatchObject({ code: 'MODEL_OVERLOADED' });
    expect(app.anthropic!.stats.received).toBe(app.config.JOB_ATTEMPTS);
    expect(await storedReplies(events[0]!.data.streamId)).toEqual([]);
  });
});
