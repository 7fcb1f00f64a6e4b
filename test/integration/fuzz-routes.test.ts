/**
 * Property-based fuzz of every registered route (fast-check, fixed seed): hostile methods, paths,
 * query strings, credentials, content types and bodies. No response may be a 5xx, and every
 * error must be the `{success:false, error:{code, message}}` envelope. Requests go through
 * `app.inject` for speed (the same router, parsers and handlers), plus raw-socket cases for what
 * only a socket can send. The figures are in the README's Reliability section.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/harness.js';
import { handmadeToken } from '../support/tokens.js';

const SEED = 20261201;
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 5000);
const CUSTOMER = 'cust-fuzz';

let app: TestApp;
let good: string;
let badClaims: string;
let routes: { method: string; url: string }[];

beforeAll(async () => {
  app = await startTestApp({
    api: true,
    anthropic: false,
    env: {
      RATE_LIMIT_CHAT_PER_USER_PER_MIN: '1000000',
      RATE_LIMIT_CHAT_PER_IP_PER_MIN: '1000000',
      RATE_LIMIT_WORKSPACE_PER_MIN: '1000000',
      BODY_LIMIT_BYTES: '262144',
    },
  });
  good = await app.token('fuzz-user', CUSTOMER);
  badClaims = handmadeToken({ alg: 'HS256' }, { sub: ['a', 'b'], exp: Math.floor(Date.now() / 1000) + 3600 }, TEST_JWT_SECRET);
  routes = app.http!.routeIndex.routes().map((r) => ({ ...r }));
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const ids = ['8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c', '3f006fa0-7185-47e6-aede-8ade78a347b6', 'f6a7b8c9-0d1e-2f3a-4b5c-6d7e8f901234', randomUUID()];
const nasty = [
  '', ' ', '%', '%zz', '%00', '%E0%A4%A', '..', '../..', '%2e%2e%2f', 'null', 'undefined', '__proto__', 'constructor', '[]', '{}', '-1', '0', '1e309',
  'NaN', 'a'.repeat(101), 'a'.repeat(2000), '\u0000', 'é', '💥', '<script>', "' OR 1=1 --", 'millennials', 'gen_z', CUSTOMER, 'MILLENNIALS',
];

const segment = fc.oneof(fc.constantFrom(...ids, ...nasty), fc.string({ maxLength: 30 }), fc.uuid(), fc.string({ unit: fc.constantFrom(...'0123456789abcdef-'), minLength: 1, maxLength: 40 }));
const encode = (s: string) => (s.includes('%') ? s : encodeURIComponent(s));

const METHODS = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS', 'HEAD'] as const;
const fill = (url: string, segs: string[]) => {
  let k = 0;
  return url.replace(/:[A-Za-z0-9_]+/g, () => encode(segs[k++ % segs.length]!)).replace('*', encode(segs[3]!));
};
/** Mostly a registered route under its own method (so handlers are reached), else anything. */
const target = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.nat(), fc.array(segment, { minLength: 4, maxLength: 4 }), fc.boolean()).map(([i, segs, ownCustomer]) => {
      const r = routes[i % routes.length]!;
      // Half the time the caller's own workspace_id, so twin-service handlers run too.
      const url = ownCustomer ? r.url.replace(':workspace_id', CUSTOMER) : r.url;
      return { method: r.method, path: fill(url, segs) };
    }) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constantFrom(...METHODS), fc.array(segment, { minLength: 4, maxLength: 4 })).map(([i, method, segs]) => ({ method, path: fill(routes[i % routes.length]!.url, segs) })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...METHODS), fc.array(segment, { maxLength: 6 })).map(([method, segs]) => ({ method, path: `/${segs.map(encode).join('/')}` })) },
);

const query = fc.oneof(
  fc.constant(''),
  fc.dictionary(fc.constantFrom('page', 'page_size', 'size', 'order', 'twinIds', 'category', 'search', 'token', 'x', 'page[]'), fc.oneof(fc.constantFrom(...nasty), fc.string({ maxLength: 20 }), fc.integer().map(String)), { maxKeys: 4 })
    .map((q) => `?${Object.entries(q).map(([k, v]) => `${encodeURIComponent(k)}=${encode(v)}`).join('&')}`),
  fc.constantFrom('?page=1&page=2', '?twinIds=,,,', '?size=%', '?&&&', '?a[b][c]=1', `?twinIds=${ids.join(',')}`),
);

const credentials = fc.constantFrom<Record<string, string>>(
  {},
  { authorization: 'GOOD' },
  { authorization: 'GOOD' },
  { authorization: 'GOOD' },
  { authorization: 'Bearer ' },
  { authorization: 'Basic abc' },
  { authorization: 'Bearer a.b.c' },
  { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' },
  { authorization: 'BADCLAIMS' },
  { 'x-api-key': 'tb_' },
  { 'x-api-key': `tb_${'x'.repeat(43)}` },
  { 'x-api-key': 'not-a-key' },
  { 'x-gateway-token': 'garbage' },
);

/** Values a field might be sent with, well-formed or not. */
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...ids, ...nasty, true, false, null, 0, -1, 1.5, 1e308, [], {}),
  fc.string({ maxLength: 50 }),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);
const deep = (n: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
};
const fields = ['message', 'platform', 'userId', 'channelId', 'context', 'personality', 'model', 'images', 'workspaceId', 'threadId', 'debug', 'messageType', 'useFirecrawl', 'attachments', 'streaming',
  'twin_id', 'is_favorite', 'participation_mode', 'settings', 'messages', 'responseFormat', 'temperature', 'useWebSearch', 'useVerbalizedSampling', 'twinIds'];

const jsonBody = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 5 }) },
  { weight: 2, arbitrary: fc.record({ message: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('x'.repeat(32_001))) }, { requiredKeys: [] }).chain((b) => fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 3 }).map((o) => ({ ...o, ...b }))) },
  { weight: 2, arbitrary: fc.record({
      messages: fc.array(fc.record({ role: fc.constantFrom('user', 'assistant', 'system', 7), content: value }), { maxLength: 3 }),
      responseFormat: fc.oneof(fc.constant(undefined), value, fc.record({ type: fc.constantFrom('json_schema', 'text'), json_schema: fc.record({ name: fc.constantFrom('n', '', 'bad name'), schema: fc.oneof(value, fc.constantFrom({ type: 'object' }, { type: 'nope' }, { $ref: '#/x' }, deep(40, { type: 'string' }))) }) })),
      twinIds: fc.oneof(fc.constant(undefined), fc.array(fc.constantFrom(...ids, 'x'), { maxLength: 3 })),
    }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.constantFrom(deep(100), { context: deep(30) }, { settings: deep(30), twin_id: ids[0] }, { images: [{ filename: 'a', mediaType: 'image/png', base64: 'A'.repeat(10) }], message: 'hi' }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);

/** Thousands of levels, as text: JSON.stringify (ours, fast-check's) would overflow on the value. */
const deepText = (n: number) => `${'{"a":['.repeat(n)}1${']}'.repeat(n)}`;
const hostileText = fc.constantFrom(
  deepText(5000),
  `{"message":"hi","context":${deepText(3000)}}`,
  `{"twin_id":"${ids[0]}","settings":${deepText(3000)}}`,
  `{"messages":[{"role":"user","content":"hi"}],"responseFormat":{"type":"json_schema","json_schema":{"name":"n","schema":${deepText(3000)}}}}`,
  `{"message":"hi","context":${deepText(20)}}`,
);

const body = fc.oneof(
  { weight: 1, arbitrary: hostileText.map((payload) => ({ contentType: 'application/json', payload })) },
  { weight: 1, arbitrary: fc.constant<{ contentType?: string; payload?: string }>({}) },
  { weight: 6, arbitrary: jsonBody.map((b) => ({ contentType: 'application/json', payload: JSON.stringify(b) ?? 'null' })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/merge-patch+json', ''), fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('{', '{"a":', '[1,]', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', 'null', '""', `{"message":"${'é'.repeat(10)}"}`))).map(([contentType, payload]) => ({ contentType, payload })) },
);

const request = fc.record({
  target,
  query,
  credentials,
  body,
  idem: fc.oneof(fc.constant(undefined), fc.constantFrom('k1', 'k2', '', 'x'.repeat(300))),
});

/** What counts as in the envelope, or a legitimate non-JSON answer. */
function problem(method: string, url: string, status: number, contentType: string, text: string): string | null {
  if (status >= 500 && !text.includes('"PROVIDER_NOT_CONFIGURED"')) return `${status}`;
  if (method === 'HEAD') return null;
  if (status < 400) {
    if (/text\/event-stream|text\/html|text\/plain|openmetrics/.test(contentType)) return null;
    try {
      JSON.parse(text);
      return null;
    } catch {
      return 'a 2xx body that is not JSON';
    }
  }
  try {
    const b = JSON.parse(text) as { success?: unknown; error?: { code?: unknown; message?: unknown } };
    if (b.success === false && typeof b.error?.code === 'string' && typeof b.error.message === 'string' && b.error.message.length > 0) return null;
  } catch {
    // falls through
  }
  return `not the envelope: ${text.slice(0, 200)} (${url})`;
}

/** The same request over a real socket, in inject's result shape. */
async function overSocket(method: string, url: string, headers: Record<string, string>, payload: string | undefined) {
  const res = await fetch(`${app.url}${url}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) }).catch(() => null);
  if (!res) return { statusCode: 400, headers: { 'content-type': 'application/json' }, body: '{"success":false,"error":{"code":"CLIENT","message":"fetch refused to send this request"}}' };
  return { statusCode: res.status, headers: { 'content-type': res.headers.get('content-type') ?? '' }, body: await res.text() };
}

describe('route fuzz', () => {
  it(`${RUNS} hostile requests: no 5xx, every error in the envelope`, async () => {
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let count = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.credentials)) headers[k] = v === 'GOOD' ? `Bearer ${good}` : v === 'BADCLAIMS' ? `Bearer ${badClaims}` : v;
        if (r.body.contentType !== undefined) headers['content-type'] = r.body.contentType;
        if (r.idem !== undefined) headers['idempotency-key'] = r.idem;
        const url = `${r.target.path}${r.query}`;
        const method = r.target.method;
        let timer: NodeJS.Timeout | undefined;
        const payload = r.body.payload !== undefined && method !== 'GET' && method !== 'HEAD' ? r.body.payload : undefined;
        const res = await Promise.race([
          // SSE answers go over a real socket: light-my-request never ends some streamed bodies
          // (multi-byte text written in frames), though a real client gets them whole.
          r.target.path.startsWith('/api/v2/chat/stream') ? overSocket(method, url, headers, payload) : app.http!.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) }),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within 20 s: ${method} ${url} ${JSON.stringify(headers).slice(0, 300)} ${(r.body.payload ?? '').slice(0, 300)}`)), 20_000);
          }),
        ]).finally(() => clearTimeout(timer));
        count++;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const why = problem(method, url, res.statusCode, String(res.headers['content-type'] ?? ''), res.body);
        if (why) failures.push(`${method} ${url} → ${why}`);
        return why === null;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true, ...(process.env['FUZZ_PATH'] ? { path: process.env['FUZZ_PATH'] } : {}) },
    ).catch((err: unknown) => {
      throw new Error(`${failures.slice(0, 5).join('\n')}\n${String(err).slice(0, 2000)}`);
    });
    expect(count).toBe(RUNS);
    const fiveHundreds = [...statuses].filter(([s]) => s >= 500 && s !== 503).reduce((n, [, c]) => n + c, 0);
    expect(fiveHundreds).toBe(0);
    // Not a vacuous run: it reached handlers, validation, auth and the router's refusals.
    for (const s of [200, 400, 401, 404, 405]) expect(statuses.get(s) ?? 0, `status ${s}`).toBeGreaterThan(0);
    console.info(`fuzz: ${count} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  }, 240_000);

  it('raw-socket cases: malformed request lines and headers are answered in the envelope or closed', async () => {
    const { port } = new URL(app.url);
    const cases = [
      'GET / HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n',
      'POST /api/v1/chat HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n',
      'GET /%%% HTTP/1.1\r\nHost: t\r\n\r\n',
      `GET /${'a/'.repeat(4000)} HTTP/1.1\r\nHost: t\r\n\r\n`,
      'GET / HTTP/9.9\r\nHost: t\r\n\r\n',
      'BREW / HTTP/1.1\r\nHost: t\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n',
      `GET /healthz HTTP/1.1\r\nHost: t\r\n${Array.from({ length: 2000 }, (_, i) => `X-${i}: y`).join('\r\n')}\r\n\r\n`,
      'GET /api/v2/twin-workspace/mine HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \xff\xfe\r\n\r\n',
    ];
    for (const c of cases) {
      const out = await new Promise<string>((resolve) => {
        const s = net.connect(Number(port), '127.0.0.1', () => s.end(Buffer.from(c, 'latin1')));
        let text = '';
        s.on('data', (d) => (text += d.toString('latin1')));
        s.on('error', () => resolve(text));
        s.on('close', () => resolve(text));
      });
      if (out === '') continue; // the server may close a connection it cannot parse
      const [head = '', ...rest] = out.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      expect(status, `${JSON.stringify(c.slice(0, 60))}: ${head}`).toBeGreaterThanOrEqual(200);
      expect(status, c.slice(0, 60)).toBeLessThan(500);
      if (status >= 400) expect(problem('GET', c.slice(0, 40), status, 'application/json', rest.join('\r\n\r\n').split('\r\n')[0] ?? ''), c.slice(0, 60)).toBeNull();
    }
  });
});
