/**
 * Live workspace events over GET /api/v2/ws with the real `ws` client against two API processes
 * of one deployment: a change made through either process reaches every socket of that user on
 * both, and nobody else's.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../support/harness.js';

const BASE = '/api/v2/twin-workspace';
const STEVE = '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c';
const ELON = '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const PAUL = 'b2c3d4e5-6f7a-8b9c-0d1e-2f3a4b5c6d7e';

interface Frame {
  event: string;
  data?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  timestamp?: string;
}

/** A socket that records every frame and lets a test wait for the next one. */
class Client {
  readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  closed: { code: number; reason: string } | null = null;
  private read = 0;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      this.frames.push(JSON.parse(raw.toString()) as Frame);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  /** The next frame not yet returned by next(). */
  async next(timeoutMs = 3000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length <= this.read) {
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) while waiting for a frame`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.frames[this.read++]!;
  }

  async closedWith(timeoutMs = 3000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket did not close');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.closed;
  }

  close(): void {
    this.ws.close();
  }
}

const wsUrl = (app: TestApp, query = '') => `${app.url.replace(/^http/, 'ws')}/api/v2/ws${query}`;

async function open(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const ws = new WebSocket(url, { headers });
  const client = new Client(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return client;
}

/** An authenticated socket, after its `connected` frame. */
async function connect(app: TestApp, token: string, how: 'header' | 'query' = 'header'): Promise<Client> {
  const client =
    how === 'header'
      ? await open(wsUrl(app), { authorization: `Bearer ${token}` })
      : await open(wsUrl(app, `?token=${encodeURIComponent(token)}`));
  const first = await client.next();
  expect(first.event).toBe('connected');
  return client;
}

async function http(app: TestApp, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as { data: Record<string, unknown> } };
}

let a: TestApp;
let b: TestApp;
const clients: Client[] = [];
const track = (c: Client) => (clients.push(c), c);

beforeAll(async () => {
  const env = { RATE_LIMIT_WORKSPACE_PER_MIN: '100000' };
  a = await startTestApp({ api: true, anthropic: false, worker: false, env });
  b = await startTestApp({ api: true, anthropic: false, worker: false, env, shareWith: a });
});
afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  await b?.close();
  await a?.close();
});

describe('authentication of the socket', () => {
  it('accepts a token in the Authorization header and as ?token=', async () => {
    const userId = randomUUID();
    const customerId = randomUUID();
    const token = await a.token(userId, customerId);
    for (const how of ['header', 'query'] as const) {
      const c = track(await open(how === 'header' ? wsUrl(a) : wsUrl(a, `?token=${token}`), how === 'header' ? { authorization: `Bearer ${token}` } : {}));
      const hello = await c.next();
      expect(hello).toMatchObject({ event: 'connected', data: { user_id: userId, customer_id: customerId }, timestamp: expect.any(String) });
      c.close();
    }
  });

  it('accepts an API key as X-API-Key', async () => {
    const userId = randomUUID();
    const { key } = (await a.core.store.users.createApiKey({ userId, customerId: userId }));
    const c = track(await open(wsUrl(b), { 'x-api-key': key }));
    expect(await c.next()).toMatchObject({ event: 'connected', data: { user_id: userId } });
    c.close();
  });

  it.each([
    ['no credentials', '', {}],
    ['a bad query token', '?token=not-a-token', {}],
    ['an expired token', 'expired', {}],
    ['a malformed header', '', { authorization: 'Basic abc' }],
  ])('refuses %s: error frame, then close 4401, and no events', async (_label, query, headers) => {
    const q = query === 'expired' ? `?token=${await a.token(randomUUID(), undefined, -10)}` : query;
    const c = track(await open(wsUrl(a, q), headers as Record<string, string>));
    const frame = await c.next();
    expect(frame).toMatchObject({ event: 'error', data: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    // Browsers cannot set headers on a WebSocket: the refusal says how to send the token (issue 10).
    expect((frame as { data: { message: string } }).data.message).toContain('?token=');
    expect(await c.closedWith()).toEqual({ code: 4401, reason: 'unauthorized' });
    expect(c.frames).toHaveLength(1);
  });
});

describe('workspace events', () => {
  it('reach every socket of the user on both processes, and no one else', async () => {
    const customerId = randomUUID();
    const userId = randomUUID();
    const token = await a.token(userId, customerId);
    const otherToken = await a.token(randomUUID(), customerId);
    // Same user id in another customer: another workspace, so another audience.
    const otherCustomerToken = await a.token(userId, randomUUID());

    const onA1 = track(await connect(a, token, 'header'));
    const onA2 = track(await connect(a, token, 'query'));
    const onB = track(await connect(b, token, 'query'));
    const mine = [onA1, onA2, onB];
    const other = track(await connect(a, otherToken));
    const otherCustomer = track(await connect(b, otherCustomerToken));

    // Added through B: arrives on A's sockets too.
    const added = await http(b, token, 'POST', `${BASE}/twins`, { twin_id: STEVE, is_favorite: true, settings: { x: 1 } });
    expect(added.status).toBe(201);
    for (const c of mine) {
      const f = await c.next();
      expect(f).toMatchObject({ event: 'twin:added', data: added.body.data, timestamp: expect.any(String) });
      expect(f.data).toMatchObject({ user_id: userId, customer_id: customerId, twin_id: STEVE, is_favorite: true, participation_mode: 'active', settings: { x: 1 } });
    }

    // Updated through A.
    const patched = await http(a, token, 'PATCH', `${BASE}/twins/${STEVE}`, { participation_mode: 'observer', settings: { x: 2 } });
    expect(patched.status).toBe(200);
    for (const c of mine) {
      const f = await c.next();
      expect(f.event).toBe('twin:updated');
      expect(f.data).toMatchObject({ id: added.body.data['id'], twin_id: STEVE, participation_mode: 'observer', is_favorite: true, settings: { x: 2 } });
      expect(f.data.updated_at).toBe(patched.body.data['updated_at']);
    }

    // Removed through B: the event carries the row as it was.
    expect((await http(b, token, 'DELETE', `${BASE}/twins/${STEVE}`)).status).toBe(200);
    for (const c of mine) {
      const f = await c.next();
      expect(f.event).toBe('twin:removed');
      expect(f.data).toMatchObject({ id: added.body.data['id'], twin_id: STEVE, user_id: userId, participation_mode: 'observer' });
    }

    // Failed changes emit nothing: 409 and 404 and 400.
    await http(a, token, 'POST', `${BASE}/twins`, { twin_id: ELON });
    expect((await http(a, token, 'POST', `${BASE}/twins`, { twin_id: ELON })).status).toBe(409);
    expect((await http(b, token, 'DELETE', `${BASE}/twins/${PAUL}`)).status).toBe(404);
    expect((await http(b, token, 'PATCH', `${BASE}/twins/${ELON}`, {})).status).toBe(400);
    await http(b, token, 'DELETE', `${BASE}/twins/${ELON}`);
    for (const c of mine) {
      expect((await c.next()).event).toBe('twin:added');
      expect((await c.next()).event).toBe('twin:removed');
    }

    // The bystanders' first event is their own marker: everything before it was not theirs
    // (one Redis channel carries all events in order).
    const marker = await http(b, otherToken, 'POST', `${BASE}/twins`, { twin_id: PAUL });
    expect(marker.status).toBe(201);
    const seenByOther = await other.next();
    expect(seenByOther).toMatchObject({ event: 'twin:added', data: { twin_id: PAUL, user_id: marker.body.data['user_id'] } });
    const ownMarker = await http(a, otherCustomerToken, 'POST', `${BASE}/twins`, { twin_id: PAUL });
    expect(ownMarker.status).toBe(201);
    expect(await otherCustomer.next()).toMatchObject({ event: 'twin:added', data: { id: ownMarker.body.data['id'] } });
    expect(otherCustomer.frames.filter((f) => f.event !== 'connected')).toHaveLength(1);
    expect(other.frames.filter((f) => f.event !== 'connected')).toHaveLength(1);
    // And the user never saw the bystanders' markers.
    for (const c of mine) expect(c.frames.filter((f) => f.event !== 'connected')).toHaveLength(5);
  });

  it('keeps serving the other sockets when one closes, and answers ping', async () => {
    const token = await b.token(randomUUID());
    const first = track(await connect(a, token));
    const second = track(await connect(a, token));
    first.close();
    await first.closedWith();
    await http(b, token, 'POST', `${BASE}/twins`, { twin_id: ELON });
    expect(await second.next()).toMatchObject({ event: 'twin:added', data: { twin_id: ELON } });
    second.ws.send('ping');
    expect(await second.next()).toMatchObject({ event: 'pong' });
  });

  it('emits changes made through the workspace service directly (as Discord and Slack make them)', async () => {
    const userId = randomUUID();
    const token = await a.token(userId);
    const c = track(await connect(b, token));
    await a.core.workspace.add({ customerId: userId, userId }, { twinId: PAUL, participationMode: 'on-demand' });
    expect(await c.next()).toMatchObject({ event: 'twin:added', data: { twin_id: PAUL, participation_mode: 'on-demand' } });
  });
});
