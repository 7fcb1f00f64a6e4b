/**
 * Chat rate limits (shared through Redis): per user and per IP, lowered by env for the test;
 * 429 with Retry-After, and nothing enqueued for a refused request.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { chat, client, jobCount, openStream, startChatApp } from './chat-support.js';

let app: TestApp;

beforeAll(async () => {
  app = await startChatApp({ env: { RATE_LIMIT_CHAT_PER_USER_PER_MIN: '3', RATE_LIMIT_CHAT_PER_IP_PER_MIN: '5' } });
});
afterAll(() => app?.close());

describe('chat rate limits', () => {
  it('per user (across both endpoints), then per IP: 429 with Retry-After, nothing enqueued', async () => {
    const alice = await client(app, `alice-${randomUUID()}`);
    const ok1 = await chat(alice, { message: 'one' });
    expect(ok1.status).toBe(200);
    expect(ok1.headers.get('ratelimit-limit')).toBe('3');
    expect(ok1.headers.get('ratelimit-remaining')).toBe('2');
    const r = await openStream(alice, { message: 'two' });
    await r.rest();
    expect((await chat(alice, { message: 'three' })).status).toBe(200);

    const jobs = await jobCount(app);
    const limited = await chat(alice, { message: 'four' });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ success: false, error: { code: 'RATE_LIMITED', message: expect.stringContaining('3 requests per 60s') } });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const streamLimited = await fetch(`${app.url}/api/v2/chat/stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'five' }),
    });
    expect(streamLimited.status).toBe(429);
    expect(streamLimited.headers.get('retry-after')).toBeTruthy();
    await streamLimited.body?.cancel();
    expect(await jobCount(app)).toBe(jobs);

    // Alice spent 5 points of the IP's budget (refused requests count too): Bob gets none.
    const bob = await client(app, `bob-${randomUUID()}`);
    const ipLimited = await chat(bob, { message: 'hi' });
    expect(ipLimited.status).toBe(429);
    expect(ipLimited.body.error.message).toContain('5 requests per 60s');
    expect(Number(ipLimited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await jobCount(app)).toBe(jobs);
  });
});
