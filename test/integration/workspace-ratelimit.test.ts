/**
 * The workspace routes' rate limit: per user, counted in Redis so every API process of one
 * deployment spends from the same budget.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

const BASE = '/api/v2/twin-workspace';
const STEVE = '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c';

async function call(app: TestApp, token: string, method = 'GET', path = `${BASE}/mine`, body?: unknown) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as { success: boolean; error?: { code: string; message: string } };
  return { status: res.status, headers: res.headers, body: json };
}

function limitHeaders(h: Headers) {
  return {
    limit: Number(h.get('ratelimit-limit')),
    remaining: Number(h.get('ratelimit-remaining')),
    reset: Number(h.get('ratelimit-reset')),
    policy: h.get('ratelimit-policy'),
  };
}

describe('default limit: 60 requests per minute per user', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ api: true, anthropic: false, worker: false });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('counts down in RateLimit-* headers across all workspace routes, then answers 429 with Retry-After', async () => {
    const userId = randomUUID();
    const token = await app.token(userId);
    const routes: [string, string, unknown?][] = [
      ['GET', `${BASE}/mine`],
      ['GET', `${BASE}/available?page_size=1`],
      ['POST', `${BASE}/twins`, { twin_id: 'bad' }],
      ['PATCH', `${BASE}/twins/${STEVE}`, { is_favorite: true }],
      ['DELETE', `${BASE}/twins/${STEVE}`],
    ];
    for (let i = 1; i <= 60; i++) {
      const [method, path, body] = routes[i % routes.length]!;
      const res = await call(app, token, method, path, body);
      expect(res.status, `request ${i}`).not.toBe(429);
      const h = limitHeaders(res.headers);
      expect(h).toMatchObject({ limit: 60, remaining: 60 - i, policy: '60;w=60' });
      expect(h.reset).toBeGreaterThanOrEqual(1);
      expect(h.reset).toBeLessThanOrEqual(60);
      expect(res.headers.get('retry-after')).toBeNull();
    }
    const limited = await call(app, token);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ success: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/60 requests per 60s/) } });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limitHeaders(limited.headers)).toMatchObject({ limit: 60, remaining: 0 });
    // Every route is behind the same budget.
    expect((await call(app, token, 'POST', `${BASE}/twins`, { twin_id: STEVE })).status).toBe(429);
    expect((await call(app, token, 'GET', `${BASE}/available`)).status).toBe(429);
    // A 429 changed nothing.
    expect((await app.core.workspace.list({ customerId: userId, userId }))).toEqual([]);

    // Another user has a budget of their own.
    const other = await call(app, await app.token(randomUUID()));
    expect(other.status).toBe(200);
    expect(limitHeaders(other.headers).remaining).toBe(59);
  });

  it('counts per user, whatever the credential', async () => {
    const userId = randomUUID();
    const { key } = (await app.core.store.users.createApiKey({ userId, customerId: userId }));
    const jwt = await app.token(userId);
    const first = await call(app, jwt);
    const second = await call(app, key);
    expect(limitHeaders(first.headers).remaining).toBe(59);
    expect(limitHeaders(second.headers).remaining).toBe(58);
  });
});

describe('a limit shared by two API processes of one deployment', () => {
  let a: TestApp;
  let b: TestApp;
  const env = { RATE_LIMIT_WORKSPACE_PER_MIN: '5' };
  beforeAll(async () => {
    a = await startTestApp({ api: true, anthropic: false, worker: false, env });
    b = await startTestApp({ api: true, anthropic: false, worker: false, env, shareWith: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('spends one budget whichever process answers', async () => {
    expect(a.url).not.toBe(b.url);
    const userId = randomUUID();
    const token = await a.token(userId);
    const seen: number[] = [];
    for (const app of [a, b, a, b, b]) {
      const res = await call(app, token);
      expect(res.status).toBe(200);
      seen.push(limitHeaders(res.headers).remaining);
    }
    expect(seen).toEqual([4, 3, 2, 1, 0]);
    for (const app of [a, b]) {
      const res = await call(app, token);
      expect(res.status).toBe(429);
      expect(res.body.error?.code).toBe('RATE_LIMITED');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limitHeaders(res.headers)).toMatchObject({ limit: 5, remaining: 0 });
    }
    // The other user, on either process, is untouched.
    const fresh = await a.token(randomUUID());
    expect((await call(b, fresh)).status).toBe(200);
    expect((await call(a, fresh)).status).toBe(200);
  });

  it('counts requests from both processes at once without losing any', async () => {
    const token = await a.token(randomUUID());
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => call(i % 2 ? a : b, token)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(7);
  });
});
