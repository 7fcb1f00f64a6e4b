/**
 * Several hosts: two api processes and two worker processes, each with its own DATA_DIR (nothing
 * on local disk is shared), on one PostgreSQL database and one Redis. Everything a user does
 * through one api process holds on the other, and a worker killed mid-reply is covered by the
 * other worker. Each process is `src/main.ts` started as a real separate process.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { redisKeys } from '../../src/infra/keys.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic/server.js';
import { api, eventually, openStream, shape, stream, textAfterReset, type Client } from '../integration/chat-support.js';
import { openRoundtableStream } from '../integration/roundtable-support.js';
import { deletePrefix, signTestToken, TEST_JWT_SECRET, TEST_REDIS_URL, type TestApp } from '../support/harness.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/postgres.js';
import { spawnService, type ServiceProcess } from '../support/worker-process.js';

const PAUL = 'b2c3d4e5-6f7a-8b9c-0d1e-2f3a4b5c6d7e';
const STEVE = '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c';
const PREFIX = `tb-hosts-${randomUUID().slice(0, 8)}`;
const QUEUE = `chat-${randomUUID().slice(0, 8)}`;
const CHAT_PER_USER = 8;

let db: ThrowawayDatabase;
let fake: FakeAnthropic;
const dirs: string[] = [];
const procs: ServiceProcess[] = [];
const apis: string[] = [];
const workers: ServiceProcess[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(env: Record<string, string>): Promise<ServiceProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tb-host-'));
  dirs.push(dir);
  return spawnService({
    DATA_DIR: dir,
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: PREFIX,
    QUEUE_NAME: QUEUE,
    JWT_SECRET: TEST_JWT_SECRET,
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    ANTHROPIC_BASE_URL: fake.url,
    RATE_LIMIT_CHAT_PER_USER_PER_MIN: String(CHAT_PER_USER),
    RATE_LIMIT_WORKSPACE_PER_MIN: '100000',
    // A dead worker's job is taken back in about a second, not the default 30 s.
    JOB_LOCK_MS: '1000',
    STALLED_INTERVAL_MS: '500',
    ...env,
  }).then((p) => (procs.push(p), p));
}

/** A client of one api process (the chat helpers only need its URL). */
async function on(url: string, userId: string, customerId = userId): Promise<Client> {
  return { app: { url } as TestApp, userId, token: await signTestToken(userId, customerId) };
}

beforeAll(async () => {
  db = await createThrowawayDatabase('hosts');
  fake = await startFakeAnthropic();
  // The first api process migrates the empty database; the rest start together.
  const ports = [await freePort(), await freePort()];
  await start({ ROLES: 'api', PORT: String(ports[0]), HOST: '127.0.0.1' });
  const rest = await Promise.all([
    start({ ROLES: 'api', PORT: String(ports[1]), HOST: '127.0.0.1' }),
    start({ ROLES: 'worker' }),
    start({ ROLES: 'worker' }),
  ]);
  workers.push(rest[1]!, rest[2]!);
  apis.push(...ports.map((p) => `http://127.0.0.1:${p}`));
}, 90_000);

afterAll(async () => {
  for (const p of procs) p.proc.kill('SIGKILL');
  await fake?.close();
  await db?.drop();
  await deletePrefix(TEST_REDIS_URL, PREFIX);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('two api processes and two workers on one PostgreSQL and one Redis', () => {
  it('a twin added through api-1 is listed by api-2, and its event reaches a socket on api-2', async () => {
    const user = randomUUID();
    const [one, two] = [await on(apis[0]!, user), await on(apis[1]!, user)];
    const ws = new WebSocket(`${apis[1]!.replace(/^http/, 'ws')}/api/v2/ws`, { headers: { authorization: `Bearer ${two.token}` } });
    const frames: { event: string; data?: Record<string, unknown> }[] = [];
    ws.on('message', (raw) => frames.push(JSON.parse(raw.toString()) as (typeof frames)[number]));
    try {
      await eventually(() => frames.some((f) => f.event === 'connected'), 10_000, 'the socket on api-2 connects');
      const added = await api(one, 'POST', '/api/v2/twin-workspace/twins', { twin_id: PAUL });
      expect(added.status).toBe(201);
      const event = await eventually(() => frames.find((f) => f.event === 'twin:added'), 10_000, 'twin:added on api-2');
      expect(JSON.stringify(event.data)).toContain(PAUL);
      const listed = await api(two, 'GET', '/api/v2/twin-workspace/mine');
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body.data)).toContain(PAUL);
    } finally {
      ws.terminate();
    }
  });

  it('chat sent to api-2 is answered by a worker', async () => {
    fake.reset();
    fake.enqueue({ text: ['Answered ', 'across ', 'hosts.'] });
    const two = await on(apis[1]!, randomUUID());
    const events = await stream(two, { message: 'are you there?' });
    expect(shape(events)).toEqual(['connected', 'text_delta', 'done']);
    expect(events.at(-1)!.data.reply).toBe('Answered across hosts.');
    // The reply is in the shared store: api-1 shows it in the channel's history.
    const one = await on(apis[0]!, two.userId);
    const sessionId = events.at(-1)!.data.sessionId as string;
    const again = await stream(one, { message: 'and again?', channelId: sessionId });
    expect(again.at(-1)!.data.reply).not.toBe('');
    expect(fake.requests.at(-1)!.body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('the worker holding a reply is SIGKILLed mid-stream; the other completes it exactly once', async () => {
    fake.reset();
    fake.enqueue(
      { text: ['Half ', 'a story ', 'that never ends'], hang: { afterChunks: 2 } },
      { text: ['The ', 'whole ', 'story.'] },
    );
    const c = await on(apis[0]!, randomUUID());
    const r = await openStream(c, { message: 'Tell me the story' });
    const before = await r.until((e) => e.event === 'text_delta' && String(e.data.content).endsWith('a story '));
    const streamId = before[0]!.data.streamId as string;

    // The job records which worker took it (host#pid): kill exactly that one.
    const redis = new Redis(TEST_REDIS_URL);
    const queue = new Queue(QUEUE, { connection: redis, prefix: redisKeys(PREFIX, redis).bull });
    try {
      const job = await queue.getJob(streamId);
      const holder = workers.find((w) => job?.processedBy?.endsWith(`#${w.proc.pid}`));
      expect(holder, `processedBy ${job?.processedBy}`).toBeDefined();
      const exited = new Promise((resolve) => holder!.proc.once('exit', resolve));
      holder!.proc.kill('SIGKILL');
      await exited;

      const after = await r.rest();
      expect(shape(after)).toEqual(['reset', 'text_delta', 'done']);
      expect(textAfterReset([...before, ...after])).toBe('The whole story.');
      const survivor = workers.find((w) => w !== holder)!;
      expect((await queue.getJob(streamId))?.processedBy).toBe(`${hostname()}#${survivor.proc.pid}`);
      expect(await queue.getJobState(streamId)).toBe('completed');
    } finally {
      await queue.close();
      redis.disconnect();
    }
    // One stored reply: the next message, sent through the other api process, carries the
    // history with that reply exactly once.
    fake.enqueue({ text: 'Glad you liked it.' });
    const sessionId = r.events.at(-1)!.data.sessionId as string;
    await stream(await on(apis[1]!, c.userId), { message: 'thanks', channelId: sessionId });
    expect(fake.requests.at(-1)!.body.messages.map((m) => [m.role, JSON.stringify(m.content).includes('whole')])).toEqual([
      ['user', false],
      ['assistant', true],
      ['user', false],
    ]);
  });

  it('rate limits are shared: a user gets the same budget across both api processes', async () => {
    const user = randomUUID();
    const clients = [await on(apis[0]!, user), await on(apis[1]!, user)];
    const statuses: number[] = [];
    for (let i = 0; i < CHAT_PER_USER + 2; i++) {
      const res = await fetch(`${clients[i % 2]!.app.url}/api/v1/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${clients[i % 2]!.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: `#${i}` }),
      });
      statuses.push(res.status);
      await res.body?.cancel();
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(CHAT_PER_USER);
    expect(statuses.slice(CHAT_PER_USER)).toEqual([429, 429]);
  });

  it('a custom twin and a roundtable made on api-1 are usable on api-2', async () => {
    fake.reset();
    const user = randomUUID();
    const customer = randomUUID();
    const [one, two] = [await on(apis[0]!, user, customer), await on(apis[1]!, user, customer)];
    const created = await api(one, 'POST', '/api/v2/twins', {
      name: 'Ada the Analyst',
      persona: { prompt: 'You are Ada, a data analyst who always asks for the denominator.' },
      add_to_workspace: { participation_mode: 'on-demand' },
    });
    expect(created.status).toBe(201);
    const ada = created.body.data as { id: string; slug: string };
    expect((await api(two, 'GET', `/api/v2/twins/${ada.id}`)).status).toBe(200);

    // Chat with her through api-2: the worker reads her persona from the shared store.
    const events = await stream(two, { message: `@${ada.slug} how are sales?` });
    expect(events.at(-1)!.event).toBe('done');
    expect(fake.requests.at(-1)!.systemText).toContain('always asks for the denominator');

    // A roundtable of Ada and Steve Jobs, created on api-1, followed and read on api-2.
    const rt = await api(one, 'POST', '/api/v2/roundtables', { topic: 'Should we build our own billing?', twins: [ada.id, STEVE], max_turns: 2, strategy: 'round_robin' });
    expect(rt.status).toBe(201);
    const follow = await openRoundtableStream(two, rt.body.data.id as string);
    const all = await follow.rest();
    expect(all.at(-1)!).toMatchObject({ event: 'done', data: { status: 'done', stopped_by: 'max_turns' } });
    expect(all.filter((e) => e.event === 'turn_start').map((e) => e.data.name)).toEqual(['Ada the Analyst', 'Steve Jobs']);
    expect(all.filter((e) => e.event === 'turn_done')).toHaveLength(2);
    const read = await api(two, 'GET', `/api/v2/roundtables/${rt.body.data.id as string}`);
    expect(read.body.data.turns).toHaveLength(2);
    // Another customer cannot see either of them, on either process.
    const stranger = await on(apis[1]!, randomUUID());
    expect((await api(stranger, 'GET', `/api/v2/twins/${ada.id}`)).status).toBe(404);
    expect((await api(stranger, 'GET', `/api/v2/roundtables/${rt.body.data.id as string}`)).status).toBe(404);
  });
});
