/**
 * The server around the workspace routes: health and readiness, the OpenAPI document, the 404
 * envelope, and 500s that carry a request id and nothing of the internals.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

const STEVE = '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c';
const SECRET_DETAIL = 'sqlite-internal-detail-7f3a';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    api: true,
    anthropic: false,
    worker: false,
    extraRoutes: [
      (http) => {
        http.get('/test/boom', async () => {
          const err = new Error(`exploded at /srv/app/src/secret.ts:42 ${SECRET_DETAIL}`);
          throw err;
        });
      },
    ],
  });
});
afterAll(async () => {
  await app?.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text.startsWith('{') ? JSON.parse(text) : null };
}

describe('health', () => {
  it('GET /healthz answers without credentials', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: 'test' });
  });

  it('GET /readyz checks SQLite and Redis', async () => {
    const res = await get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { sqlite: 'ok', redis: 'ok' } });
  });
});

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3 document with every workspace path and its parameters', async () => {
    const res = await get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const doc = JSON.parse(res.text) as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { properties?: Record<string, { enum?: string[] }>; required?: string[] } }> } }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.version).toBe('test');
    const paths = doc.paths;
    expect(Object.keys(paths['/api/v2/twin-workspace/available'] ?? {})).toEqual(['get']);
    expect(Object.keys(paths['/api/v2/twin-workspace/mine'] ?? {})).toEqual(['get']);
    expect(Object.keys(paths['/api/v2/twin-workspace/twins'] ?? {})).toEqual(['post']);
    expect(Object.keys(paths['/api/v2/twin-workspace/twins/{twinId}'] ?? {}).sort()).toEqual(['delete', 'patch']);
    expect(paths['/api/v2/ws']?.['get']).toBeDefined();
    expect(paths['/healthz']?.['get']).toBeDefined();
    expect(paths['/readyz']?.['get']).toBeDefined();

    const params = paths['/api/v2/twin-workspace/available']!['get']!.parameters!.map((p) => `${p.in}:${p.name}`).sort();
    expect(params).toEqual(['query:category', 'query:page', 'query:page_size', 'query:search']);
    // Generated from the zod schemas that validate: the body schema has the same fields and enums.
    const add = paths['/api/v2/twin-workspace/twins']!['post']!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(add.properties ?? {}).sort()).toEqual(['is_favorite', 'participation_mode', 'settings', 'twin_id']);
    expect(add.required).toEqual(['twin_id']);
    expect(add.properties?.['participation_mode']?.enum).toEqual(['active', 'observer', 'on-demand']);
  });
});

describe('errors', () => {
  it('answers an unknown route with the 404 envelope', async () => {
    const token = await app.token(randomUUID());
    for (const path of ['/nope', '/api/v2/twin-workspace/nope', '/api/v2/twin-workspace/twins/a/b']) {
      const res = await get(path, { authorization: `Bearer ${token}` });
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({ success: false, error: { code: 'NOT_FOUND', message: expect.stringContaining(path) } });
      expect(res.headers.get('x-request-id')).toBeTruthy();
    }
    // The query string is not echoed back.
    const res = await get('/nope?token=abc');
    expect(res.body.error.message).not.toContain('token=abc');
  });

  it('answers an unexpected error with 500, a request id, and no internals', async () => {
    const res = await get('/test/boom', { 'x-request-id': 'req-boom-1' });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('req-boom-1');
    expect(res.body).toEqual({
      success: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('req-boom-1'), request_id: 'req-boom-1' },
    });
    expect(res.text).not.toContain(SECRET_DETAIL);
    expect(res.text).not.toContain('secret.ts');
    expect(res.text).not.toMatch(/\bat\s+\S+\s+\(/); // no stack frame
    expect(res.text).not.toContain('stack');
  });

  it('gives each 500 its own generated request id when the client sent none', async () => {
    const one = await get('/test/boom');
    const two = await get('/test/boom');
    expect(one.body.error.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(one.body.error.request_id).not.toBe(two.body.error.request_id);
    expect(one.headers.get('x-request-id')).toBe(one.body.error.request_id);
  });

  it('answers a failure inside a workspace route with 500 and no internals, and changes nothing', async () => {
    const userId = randomUUID();
    const token = await app.token(userId);
    app.core.store.handle.sqlite!.exec(
      `CREATE TRIGGER test_boom BEFORE INSERT ON workspace_twins BEGIN SELECT RAISE(ABORT, '${SECRET_DETAIL}'); END`,
    );
    try {
      const res = await fetch(`${app.url}/api/v2/twin-workspace/twins`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ twin_id: STEVE }),
      });
      const text = await res.text();
      expect(res.status).toBe(500);
      const body = JSON.parse(text) as { error: { code: string; request_id: string } };
      expect(body.error.code).toBe('INTERNAL');
      expect(body.error.request_id).toBe(res.headers.get('x-request-id'));
      expect(text).not.toContain(SECRET_DETAIL);
      expect(text.toLowerCase()).not.toContain('sqlite');
    } finally {
      app.core.store.handle.sqlite!.exec('DROP TRIGGER test_boom');
    }
    expect((await app.core.workspace.list({ customerId: userId, userId }))).toEqual([]);
  });

  it('refuses an unsafe client request id and makes its own', async () => {
    const res = await get('/healthz', { 'x-request-id': 'bad id with spaces <script>' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('readiness without Redis', () => {
  it('answers 503 naming the failed check', async () => {
    const own = await startTestApp({ api: true, anthropic: false, worker: false });
    try {
      own.core.redis.disconnect();
      const res = await fetch(`${own.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'not_ready', checks: { sqlite: 'ok', redis: 'fail' } });
      expect((await fetch(`${own.url}/healthz`)).status).toBe(200);
    } finally {
      await own.close();
    }
  });
});
