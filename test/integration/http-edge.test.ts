/**
 * The HTTP edge against the real server over real sockets: every answer of the framework, node's
 * parser and plugins in the envelope; 405/413/414/415/431; limits that name themselves; depth
 * bounds; one id schema; Idempotency-Key bound to its body; infrastructure errors as 503 with
 * Retry-After; claims checked after the signature; GET /; the WebSocket hint; what is logged.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger, type CapturedLogger } from '../fakes/mindreasoner/logger.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/harness.js';
import { handmadeToken } from '../support/tokens.js';

const BODY_LIMIT = 65_536;
const SEED_ID = 'f6a7b8c9-0d1e-2f3a-4b5c-6d7e8f901234'; // no RFC version/variant bits

let app: TestApp;
let log: CapturedLogger;
let token: string;
let dir: string;

/** A real SQLITE_BUSY from better-sqlite3: another connection holds the write lock. */
function realSqliteBusy(): unknown {
  const file = join(dir, 'busy.db');
  const holder = new Database(file);
  holder.exec('CREATE TABLE IF NOT EXISTS t (x)');
  holder.exec('BEGIN EXCLUSIVE');
  const other = new Database(file, { timeout: 0 });
  try {
    other.exec('INSERT INTO t VALUES (1)');
    return new Error('expected SQLITE_BUSY');
  } catch (err) {
    return err;
  } finally {
    other.close();
    holder.exec('ROLLBACK');
    holder.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tb-edge-'));
  log = captureLogger();
  app = await startTestApp({
    api: true,
    anthropic: false,
    logger: log.logger,
    env: { BODY_LIMIT_BYTES: String(BODY_LIMIT), RATE_LIMIT_CHAT_PER_USER_PER_MIN: '10000', RATE_LIMIT_CHAT_PER_IP_PER_MIN: '10000', RATE_LIMIT_WORKSPACE_PER_MIN: '10000' },
    extraRoutes: [
      (http) => {
        http.get('/test/sqlite-busy', async () => {
          throw realSqliteBusy();
        });
      },
    ],
  });
  token = await app.token(randomUUID(), randomUUID());
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Res {
  status: number;
  headers: Headers;
  text: string;
  body: { success?: boolean; error?: { code: string; message: string; field?: string }; [k: string]: unknown };
}

async function call(method: string, path: string, opts: { body?: string; headers?: Record<string, string>; auth?: boolean } = {}): Promise<Res> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...(opts.auth === false ? {} : { authorization: `Bearer ${token}` }), ...opts.headers },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
  const text = await res.text();
  let body: Res['body'] = {};
  try {
    body = JSON.parse(text) as Res['body'];
  } catch {
    // left empty: the assertion on the envelope shows the text
  }
  return { status: res.status, headers: res.headers, text, body };
}
const json = (method: string, path: string, value: unknown, headers: Record<string, string> = {}) =>
  call(method, path, { body: typeof value === 'string' ? value : JSON.stringify(value), headers: { 'content-type': 'application/json', ...headers } });

function expectEnvelope(res: { status: number; text: string }, status: number, code: string): { code: string; message: string; field?: string } {
  expect(res.status, res.text).toBe(status);
  const body = JSON.parse(res.text) as { success: boolean; error: { code: string; message: string; field?: string } };
  expect(body.success).toBe(false);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

/** One raw HTTP/1.1 exchange on a socket: what `fetch` would refuse to send. */
function raw(request: string): Promise<{ status: number; text: string }> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request));
    let out = '';
    socket.on('data', (d) => (out += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = out.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), text: rest.join('\r\n\r\n') });
    });
  });
}

describe('framework errors over a real socket, in the envelope', () => {
  it('a bad percent-encoding in the path (FST_ERR_BAD_URL) is a 400', async () => {
    const res = await raw('GET /v1/workspaces/%zz/twins/x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n');
    expect(expectEnvelope(res, 400, 'BAD_REQUEST').message).toMatch(/not a valid URL/);
  });

  it('a path parameter over 100 characters is a 414', async () => {
    const res = await raw(`GET /api/v2/chat/stream/${'a'.repeat(150)} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`);
    expect(expectEnvelope(res, 414, 'URI_TOO_LONG').message).toMatch(/100 characters/);
  });

  it('oversized headers are a 431', async () => {
    const res = await raw(`GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectEnvelope(res, 431, 'HEADERS_TOO_LARGE');
  });

  it('an API key header with a control character (node refuses to parse it) is a 400, not fastify\'s "Client Error"', async () => {
    const res = await raw('GET /api/v2/twin-workspace/mine HTTP/1.1\r\nHost: t\r\nX-API-Key: tb_\x01abc\r\n\r\n');
    expect(res.text).not.toContain('Client Error');
    expectEnvelope(res, 400, 'BAD_REQUEST');
  });

  it('a known path under another method is a 405 with Allow, from the router itself', async () => {
    for (const [method, path, allow] of [
      ['GET', '/api/v1/chat', 'POST'],
      ['PUT', '/api/v2/twin-workspace/twins', 'POST'],
      ['POST', '/api/v2/twin-workspace/twins/8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c', 'DELETE, PATCH'],
      ['DELETE', '/healthz', 'GET, HEAD'],
    ] as const) {
      const res = await call(method, path);
      expectEnvelope(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.get('allow'), `${method} ${path}`).toBe(allow);
    }
    expectEnvelope(await call('GET', '/no/such/path'), 404, 'NOT_FOUND');
  });

  it('a plain GET of the WebSocket endpoint says what it is (426)', async () => {
    expect(expectEnvelope(await call('GET', '/api/v2/ws'), 426, 'UPGRADE_REQUIRED').message).toContain('?token=');
  });
});

describe('bodies', () => {
  it('over the limit: 413 stating the limit in bytes', async () => {
    const res = await json('POST', '/api/v1/chat', { message: 'x'.repeat(BODY_LIMIT) });
    expect(expectEnvelope(res, 413, 'PAYLOAD_TOO_LARGE').message).toContain(`${BODY_LIMIT} bytes`);
  });

  it('text/plain and a missing content type: 415 naming what to send', async () => {
    const plain = await call('POST', '/api/v1/chat', { body: '{"message":"hi"}', headers: { 'content-type': 'text/plain' } });
    expect(expectEnvelope(plain, 415, 'UNSUPPORTED_MEDIA_TYPE').message).toContain('Content-Type: application/json');
    const none = await call('POST', '/api/v1/chat', { body: new TextEncoder().encode('{"message":"hi"}') as unknown as string });
    expect(expectEnvelope(none, 415, 'UNSUPPORTED_MEDIA_TYPE').message).toContain('Content-Type: application/json');
  });

  it('a message over the length limit names the limit', async () => {
    const err = expectEnvelope(await json('POST', '/api/v1/chat', { message: 'x'.repeat(32_001) }), 400, 'VALIDATION_ERROR');
    expect(err.message).toBe('message: at most 32000 characters');
  });

  it.each([
    ['/api/v1/chat', (v: string) => `{"message":"hi","context":${v}}`, 'context'],
    ['/api/v2/twin-workspace/twins', (v: string) => `{"twin_id":"8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c","settings":${v}}`, 'settings'],
  ])('deep JSON in %s is a 400 naming the field and the limit, at 20 and at 5,000 levels', async (path, make, field) => {
    // Built as text: the test's own JSON.stringify would overflow at 5,000 levels.
    const nest = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const moderate = expectEnvelope(await json('POST', path, make(nest(20))), 400, 'VALIDATION_ERROR');
    expect(moderate.field).toBe(field);
    expect(moderate.message).toBe(`${field}: must be nested at most 16 levels deep`);
    const hostile = expectEnvelope(await json('POST', path, make(nest(5000))), 400, 'VALIDATION_ERROR');
    expect(hostile.field).toBe(field);
    expect(hostile.message).toMatch(/at most 64 levels/);
  });

  it('a deep responseFormat schema is a 400 naming it, never a stack overflow', async () => {
    const schema = JSON.parse(`${'{"type":"object","properties":{"a":'.repeat(20)}{"type":"string"}${'}}'.repeat(20)}`) as unknown;
    const own = await app.token('u-deep', 'cust-deep');
    const mine = await fetch(`${app.url}/v1/workspaces/cust-deep/twins/3f006fa0-7185-47e6-aede-8ade78a347b6/chat-completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${own}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], responseFormat: { type: 'json_schema', json_schema: { name: 'deep', schema } } }),
    });
    const err = expectEnvelope({ status: mine.status, text: await mine.text() }, 400, 'VALIDATION_ERROR');
    expect(err.field).toBe('responseFormat.json_schema.schema');
    expect(err.message).toContain('at most 32 levels deep');
  });
});

describe('ids', () => {
  it('channelId, workspaceId and twin ids accept any 8-4-4-4-12 hex id, like the seed examples', async () => {
    const res = await json('POST', '/api/v1/chat', { message: 'hello', channelId: SEED_ID });
    expect(res.status, res.text).toBe(200);
    expect(res.body['sessionId']).toBe(SEED_ID);
    // workspaceId is parsed by the same schema: a well-formed foreign id is a 404, not a 400.
    expectEnvelope(await json('POST', '/api/v1/chat', { message: 'hello', workspaceId: SEED_ID }), 404, 'NOT_FOUND');
    const bad = expectEnvelope(await json('POST', '/api/v1/chat', { message: 'hello', channelId: 'f6a7b8c9-0d1e' }), 400, 'VALIDATION_ERROR');
    expect(bad.message).toContain('8-4-4-4-12');
  });
});

describe('Idempotency-Key', () => {
  it('same key and same body: the same reply; same key and another body: 422', async () => {
    const key = randomUUID();
    const first = await json('POST', '/api/v1/chat', { message: 'once', channelId: SEED_ID }, { 'idempotency-key': key });
    expect(first.status, first.text).toBe(200);
    // The same request with its keys in another order is the same request.
    const again = await json('POST', '/api/v1/chat', { channelId: SEED_ID, message: 'once' }, { 'idempotency-key': key });
    expect(again.body['messageId']).toBe(first.body['messageId']);
    const other = await json('POST', '/api/v1/chat', { message: 'something else', channelId: SEED_ID }, { 'idempotency-key': key });
    const err = expectEnvelope(other, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(err.field).toBe('Idempotency-Key');
  });
});

describe('infrastructure errors', () => {
  it('a real SQLITE_BUSY is a 503 with Retry-After, not a 500', async () => {
    const res = await call('GET', '/test/sqlite-busy', { auth: false });
    expectEnvelope(res, 503, 'SERVICE_UNAVAILABLE');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.text).not.toContain('database is locked');
  });
});

describe('JWT claims are checked after the signature', () => {
  it.each([
    ['sub an array', { sub: ['a', 'b'] }],
    ['sub an object', { sub: { $gt: '' } }],
    ['sub a number', { sub: 12345 }],
    ['sub empty', { sub: '' }],
    ['sub too long', { sub: 'x'.repeat(201) }],
    ['sub with a control character', { sub: 'a\u0000b' }],
    ['customer_id a number', { sub: 'u1', customer_id: 7 }],
    ['customer_id empty', { sub: 'u1', customer_id: '' }],
  ])('%s: 401 INVALID_TOKEN', async (_label, claims) => {
    const signed = handmadeToken({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: Math.floor(Date.now() / 1000) + 600 }, TEST_JWT_SECRET);
    const res = await call('GET', '/api/v2/twin-workspace/mine', { headers: { authorization: `Bearer ${signed}` }, auth: false });
    expectEnvelope(res, 401, 'INVALID_TOKEN');
  });

  it('a malformed API key is 401 INVALID_TOKEN', async () => {
    for (const key of ['tb_', 'tb_short', `tb_${'a'.repeat(300)}`, 'tb_has space!!!!!!!!!!!!!!!!']) {
      expectEnvelope(await call('GET', '/api/v2/twin-workspace/mine', { headers: { 'x-api-key': key }, auth: false }), 401, 'INVALID_TOKEN');
    }
  });
});

describe('GET /', () => {
  it('answers a small HTML page, or JSON for Accept: application/json, with the version and links', async () => {
    const page = await call('GET', '/', { auth: false });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    for (const link of ['/api/openapi.json', '/healthz', 'docs/api']) expect(page.text).toContain(link);
    const info = await call('GET', '/', { auth: false, headers: { accept: 'application/json' } });
    expect(info.body).toMatchObject({ service: 'twinbridge', version: 'test', links: { openapi: '/api/openapi.json', health: '/healthz' } });
  });
});

describe('logs', () => {
  it('client-side outcomes are warn without a stack, probes are not logged, real faults are errors with stacks', async () => {
    log.lines.length = 0;
    await call('GET', '/api/v2/twin-workspace/mine', { auth: false });
    await call('GET', '/healthz', { auth: false });
    await call('GET', '/readyz', { auth: false });
    await new Promise((r) => setImmediate(r));
    const records = log.records();
    const refused = records.find((r) => r['msg'] === 'request refused');
    expect(refused).toMatchObject({ level: 40, code: 'UNAUTHORIZED', status: 401 });
    expect(JSON.stringify(refused)).not.toContain('"stack"');
    expect(records.filter((r) => r['level'] === 50)).toEqual([]);
    expect(records.some((r) => JSON.stringify(r).includes('/healthz') || JSON.stringify(r).includes('/readyz'))).toBe(false);
  });

  it('a client that disconnects mid-body is logged at info, without a stack', async () => {
    log.lines.length = 0;
    const { port } = new URL(app.url);
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /api/v1/chat HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"message":`);
        setImmediate(() => socket.destroy());
      });
      socket.on('close', () => resolve());
    });
    await expect.poll(() => log.records().some((r) => r['code'] === 'CLIENT_ABORTED')).toBe(true);
    const aborted = log.records().find((r) => r['code'] === 'CLIENT_ABORTED')!;
    expect(aborted['level']).toBe(30);
    expect(log.records().filter((r) => Number(r['level']) >= 50)).toEqual([]);
  });

  it('a WebSocket client breaking the protocol (an unmasked frame) is a warn without a stack', async () => {
    log.lines.length = 0;
    const { port } = new URL(app.url);
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `GET /api/v2/ws?token=${token} HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
      });
      let upgraded = false;
      socket.on('data', (d) => {
        if (!upgraded && d.toString('latin1').startsWith('HTTP/1.1 101')) {
          upgraded = true;
          // A text frame "hi" without the mask a client must set (RFC 6455 §5.1).
          socket.write(Buffer.from([0x81, 0x02, 0x68, 0x69]));
        }
      });
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    await expect.poll(() => log.records().some((r) => r['msg'] === 'websocket client error')).toBe(true);
    const rec = log.records().find((r) => r['msg'] === 'websocket client error')!;
    expect(rec).toMatchObject({ level: 40, code: 'WS_ERR_EXPECTED_MASK' });
    expect(JSON.stringify(rec)).not.toContain('"stack"');
    expect(log.records().filter((r) => Number(r['level']) >= 50)).toEqual([]);
  });
});
