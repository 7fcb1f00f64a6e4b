/**
 * Authentication of the HTTP API against the real server: JWTs (HS256 with the shared secret) and
 * API keys, and every way a credential can be wrong. Each failure must be a 401 in the envelope.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger, type CapturedLogger } from '../fakes/mindreasoner/logger.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/harness.js';

const MINE = '/api/v2/twin-workspace/mine';
const STEVE = '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c';
const secret = new TextEncoder().encode(TEST_JWT_SECRET);

let app: TestApp;
let log: CapturedLogger;

beforeAll(async () => {
  log = captureLogger();
  app = await startTestApp({ api: true, anthropic: false, worker: false, logger: log.logger, env: { RATE_LIMIT_WORKSPACE_PER_MIN: '100000' } });
});
afterAll(async () => {
  await app?.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, { headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function expect401(headers: Record<string, string>, message?: RegExp): Promise<void> {
  const res = await get(MINE, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(401);
  // Exactly the envelope: nothing else rides along.
  expect(Object.keys(res.body).sort()).toEqual(['error', 'success']);
  expect(res.body.success).toBe(false);
  expect(Object.keys(res.body.error).sort()).toEqual(['code', 'message']);
  expect(res.body.error.code).toBe('UNAUTHORIZED');
  expect(res.body.error.message.length).toBeGreaterThan(0);
  if (message) expect(res.body.error.message).toMatch(message);
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** A token built by hand, so nothing in a JWT library can refuse to make it. */
function handmade(header: Record<string, unknown>, payload: Record<string, unknown>, sign: 'hs256' | 'empty' | string = 'hs256'): string {
  const input = `${b64(header)}.${b64(payload)}`;
  if (sign === 'hs256') return `${input}.${createHmac('sha256', TEST_JWT_SECRET).update(input).digest('base64url')}`;
  if (sign === 'empty') return `${input}.`;
  return `${input}.${sign}`;
}

describe('JWT', () => {
  it('accepts a valid HS256 token; sub is the user and customer_id the customer', async () => {
    const userId = randomUUID();
    const customerId = randomUUID();
    const res = await get(MINE, { authorization: `Bearer ${await app.token(userId, customerId)}` });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ user_id: userId, customer_id: customerId });
    // The scheme is case-insensitive; the hand-built token proves the test's own signing is right.
    const manual = handmade({ alg: 'HS256', typ: 'JWT' }, { sub: userId, exp: now() + 60 });
    expect((await get(MINE, { authorization: `bearer ${manual}` })).status).toBe(200);
  });

  it('refuses a request without credentials', async () => {
    await expect401({}, /Missing credentials/);
  });

  it.each([
    ['Basic dXNlcjpwYXNz', /Bearer/],
    ['Bearer', /Bearer/],
    ['Bearer ', /Bearer/],
    ['Bearer two tokens', /Bearer/],
    ['Token abc.def.ghi', /Bearer/],
    ['Bearer not-a-jwt', undefined],
    ['Bearer a.b.c', undefined],
  ])('refuses a malformed Authorization header: %s', async (header, message) => {
    await expect401({ authorization: header }, message);
  });

  it('refuses an expired token', async () => {
    await expect401({ authorization: `Bearer ${await app.token(randomUUID(), undefined, -30)}` }, /expired/i);
  });

  it('refuses a token once it expires, also after it was accepted before', async () => {
    const token = await app.token(randomUUID(), undefined, 2);
    expect((await get(MINE, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await get(MINE, { authorization: `Bearer ${token}` })).status).toBe(200);
    const exp = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp;
    await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now()) + 50));
    await expect401({ authorization: `Bearer ${token}` }, /expired/i);
  });

  it('refuses a tampered signature and a tampered payload', async () => {
    const token = await app.token(randomUUID());
    const [h, p, s] = token.split('.') as [string, string, string];
    const flipped = `${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`;
    await expect401({ authorization: `Bearer ${h}.${p}.${flipped}` });
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    await expect401({ authorization: `Bearer ${h}.${b64({ ...payload, sub: randomUUID() })}.${s}` });
    await expect401({ authorization: `Bearer ${h}.${p}.` });
  });

  it('refuses a token signed with another secret', async () => {
    const other = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(randomUUID()).setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-that-is-long-enough-for-hs256-xx'));
    await expect401({ authorization: `Bearer ${other}` });
  });

  it('refuses HS384 and HS512 tokens made with the right secret', async () => {
    for (const alg of ['HS384', 'HS512']) {
      const token = await new SignJWT({}).setProtectedHeader({ alg }).setSubject(randomUUID()).setExpirationTime('1h').sign(secret);
      await expect401({ authorization: `Bearer ${token}` }, new RegExp(alg));
    }
  });

  it('refuses RS256 when only HS256 is configured, and HS256 signed with an RSA public key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const rs = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setSubject(randomUUID()).setExpirationTime('1h').sign(privateKey);
    await expect401({ authorization: `Bearer ${rs}` }, /RS256/);
    // Algorithm confusion: HMAC keyed with the public key's text.
    const jwk: JWK = await exportJWK(publicKey);
    const input = `${b64({ alg: 'HS256' })}.${b64({ sub: randomUUID(), exp: now() + 60 })}`;
    const sig = createHmac('sha256', JSON.stringify(jwk)).update(input).digest('base64url');
    await expect401({ authorization: `Bearer ${input}.${sig}` });
  });

  it('refuses alg "none" in every spelling', async () => {
    const payload = { sub: randomUUID(), exp: now() + 600 };
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      await expect401({ authorization: `Bearer ${handmade({ alg, typ: 'JWT' }, payload, 'empty')}` });
    }
    // An HS256 header with no signature at all.
    await expect401({ authorization: `Bearer ${handmade({ alg: 'HS256' }, payload, 'empty')}` });
    // No alg at all.
    await expect401({ authorization: `Bearer ${handmade({ typ: 'JWT' }, payload)}` });
  });

  it('refuses a token without exp, without sub, or not yet valid', async () => {
    await expect401({ authorization: `Bearer ${handmade({ alg: 'HS256' }, { sub: randomUUID() })}` }, /exp/);
    await expect401({ authorization: `Bearer ${handmade({ alg: 'HS256' }, { exp: now() + 60 })}` }, /sub/);
    await expect401({ authorization: `Bearer ${handmade({ alg: 'HS256' }, { sub: randomUUID(), exp: now() + 600, nbf: now() + 300 })}` });
    await expect401({ authorization: `Bearer ${handmade({ alg: 'HS256' }, { sub: randomUUID(), exp: 'tomorrow' })}` });
  });

  it('guards every workspace route', async () => {
    for (const [method, path] of [
      ['GET', '/api/v2/twin-workspace/available'],
      ['GET', MINE],
      ['POST', '/api/v2/twin-workspace/twins'],
      ['DELETE', `/api/v2/twin-workspace/twins/${STEVE}`],
      ['PATCH', `/api/v2/twin-workspace/twins/${STEVE}`],
    ] as const) {
      const withBody = method === 'POST' || method === 'PATCH';
      const res = await fetch(`${app.url}${path}`, {
        method,
        headers: { authorization: 'Bearer nope', ...(withBody ? { 'content-type': 'application/json' } : {}) },
        ...(withBody ? { body: JSON.stringify({ twin_id: STEVE, is_favorite: true }) } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    }
  });
});

describe('API keys', () => {
  it('authenticate as Bearer tb_… and as X-API-Key, for the same workspace as the JWT', async () => {
    const userId = randomUUID();
    const customerId = randomUUID();
    const { key, record } = (await app.core.store.users.createApiKey({ userId, customerId, name: 'ci' }));
    expect(key).toMatch(/^tb_[A-Za-z0-9_-]{40,}$/);
    expect(record).toMatchObject({ userId, customerId, revokedAt: null });

    const viaBearer = await fetch(`${app.url}/api/v2/twin-workspace/twins`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ twin_id: STEVE }),
    });
    expect(viaBearer.status).toBe(201);
    const viaHeader = await get(MINE, { 'x-api-key': key });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body.data).toMatchObject({ user_id: userId, customer_id: customerId, total_twins: 1 });
    const viaJwt = await get(MINE, { authorization: `Bearer ${await app.token(userId, customerId)}` });
    expect(viaJwt.body.data.twins[0].twin_id).toBe(STEVE);
  });

  it('stores only a hash of the key', async () => {
    const { key } = (await app.core.store.users.createApiKey({ userId: randomUUID(), customerId: randomUUID() }));
    const rows = await app.core.store.handle.db.selectFrom('api_keys').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(key.slice(3));
  });

  it('refuses a revoked key in both places, and an unknown key', async () => {
    const userId = randomUUID();
    const { key, record } = (await app.core.store.users.createApiKey({ userId, customerId: userId }));
    expect((await get(MINE, { authorization: `Bearer ${key}` })).status).toBe(200);
    expect((await app.core.store.users.revokeApiKey(record.id))?.revokedAt).toBeTruthy();
    await expect401({ authorization: `Bearer ${key}` }, /revoked/);
    await expect401({ 'x-api-key': key }, /revoked/);
    await expect401({ 'x-api-key': `tb_${'A'.repeat(43)}` });
    await expect401({ authorization: `Bearer ${key.slice(0, -1)}` });
    // Another key of the same user still works.
    const fresh = (await app.core.store.users.createApiKey({ userId, customerId: userId }));
    expect((await get(MINE, { 'x-api-key': fresh.key })).status).toBe(200);
  });

  it('does not fall back to X-API-Key when the Authorization header is bad', async () => {
    const { key } = (await app.core.store.users.createApiKey({ userId: randomUUID(), customerId: randomUUID() }));
    await expect401({ authorization: 'Bearer garbage', 'x-api-key': key });
  });
});

describe('secrets in logs', () => {
  it('never writes a token, a key or a query token to the log', async () => {
    const token = await app.token(randomUUID());
    const { key } = (await app.core.store.users.createApiKey({ userId: randomUUID(), customerId: randomUUID() }));
    await get(MINE, { authorization: `Bearer ${token}` });
    await get(MINE, { 'x-api-key': key });
    await get(`${MINE}?token=${encodeURIComponent(token)}`);
    await get(`${MINE}?page=1&token=${encodeURIComponent(token)}`);
    const text = log.lines.join('\n');
    expect(text).toContain('incoming request');
    expect(text).not.toContain(token.split('.')[2]);
    expect(text).not.toContain(key.slice(3));
  });
});
