/**
 * Issue 9: storing the user's message, taking the channel's turn and enqueueing the job are one
 * unit. When the enqueue fails the caller is told to retry (503 + retry-after), the message is
 * not left behind in the history, and the channel's next message is not held by the turn wait.
 * The enqueue is made to fail for real: a payload BullMQ cannot serialize (JSON.stringify
 * overflows the stack on 5,000 levels of nesting), as in the fault run that found this.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatService } from '../../src/chat/service.js';
import { isAppError } from '../../src/core/errors.js';
import type { InboundMessage, JobPayload } from '../../src/core/messages.js';
import type { ChatQueue } from '../../src/core/ports.js';
import { createRedisKeys } from '../../src/infra/keys.js';
import { startTestApp, TEST_REDIS_URL, type TestApp } from '../support/harness.js';
import { eventually } from './chat-support.js';

let app: TestApp;

beforeAll(async () => {
  // A turn wait far longer than the test: a message held by a leaked turn would time the test out.
  app = await startTestApp({ anthropic: false, env: { TURN_MAX_WAIT_MS: '3600000' } });
});
afterAll(async () => {
  await app?.close();
});

/**
 * The app's queue with its first enqueue held until released (then passed on, or failed), and
 * its lookups counted: a first try caught between storing its message and enqueueing it.
 */
function heldQueue(inner: ChatQueue) {
  let release!: (fail: boolean) => void;
  const released = new Promise<boolean>((r) => (release = r));
  let entered!: () => void;
  const holding = new Promise<void>((r) => (entered = r));
  let first = true;
  const counts = { has: 0 };
  const queue: ChatQueue = {
    async enqueue(job: JobPayload) {
      if (first) {
        first = false;
        entered();
        if (await released) throw new Error('the enqueue failed');
      }
      await inner.enqueue(job);
    },
    has(jobId) {
      counts.has++;
      return inner.has(jobId);
    },
  };
  return { queue, holding, release, counts };
}

function serviceWith(queue: ChatQueue, maxJobBytes = app.config.CHAT_JOB_MAX_BYTES) {
  const { core } = app;
  return createChatService(
    { maxJobBytes },
    { queue, messages: core.store.messages, channels: core.store.channels, stream: core.stream, turns: core.turns, submitted: core.submitted, images: core.images, logger: core.logger },
  );
}

/** Resolves once a try of `jobId` listens for its first try's outcome (a positive signal, from Redis itself). */
async function listening(jobId: string): Promise<void> {
  const r = new Redis(TEST_REDIS_URL);
  const channel = createRedisKeys(app.config.REDIS_PREFIX, { cluster: false }).submitted(jobId);
  try {
    await eventually(async () => ((await r.pubsub('NUMSUB', channel)) as [string, number])[1] === 1, 5000, 'the second try to listen');
  } finally {
    r.disconnect();
  }
}

function deep(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < levels; i++) v = { n: v };
  return v;
}

function inbound(channelId: string, text: string, context: Record<string, unknown> | null = null): InboundMessage {
  return {
    platform: 'api',
    messageId: randomUUID(),
    channel: { id: channelId, externalId: 'submit-test', threadId: null },
    owner: { customerId: 'c1', userId: 'u1' },
    author: { id: 'u1', name: 'User' },
    text,
    personality: null,
    attachments: [],
    images: [],
    context,
    options: { model: null, messageType: 'chat', webSearch: false, debug: false, maxTwins: null },
    receivedAt: new Date().toISOString(),
  };
}

describe('submit: store, turn and enqueue as one unit', () => {
  it('a failed enqueue answers 503 with retry-after, leaves no message and holds no turn', async () => {
    const channel = (await app.core.store.channels.ensure({ platform: 'api', externalId: `c1/u1/${randomUUID()}`, customerId: 'c1', workspaceUserId: 'u1' }));
    const key = randomUUID();
    const err = await app.core.chat.submit(inbound(channel.id, 'this one cannot be queued', deep(5000)), key).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(err)).toBe(true);
    if (!isAppError(err)) return;
    expect(err.status).toBe(503);
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBeGreaterThan(0);
    // No orphan in the history.
    expect((await app.core.store.messages.userMessage(`api-${key}`))).toBeNull();
    expect((await app.core.store.messages.history(channel.id, null, Number.MAX_SAFE_INTEGER, 10))).toEqual([]);

    // The next message on the channel is answered: its turn was not left waiting on the failed one.
    const { jobId } = await app.core.chat.submit(inbound(channel.id, 'and this one can'), randomUUID());
    const done = await app.core.chat.awaitDone(jobId, { timeoutMs: 60_000 });
    expect(done.reply.length).toBeGreaterThan(0);
    const history = (await app.core.store.messages.history(channel.id, null, Number.MAX_SAFE_INTEGER, 10));
    expect(history.map((m) => [m.role, m.content])).toEqual([
      ['user', 'and this one can'],
      ['assistant', done.reply],
    ]);
  });

  it('the same key, retried after the failure, starts clean and is answered once', async () => {
    const channel = (await app.core.store.channels.ensure({ platform: 'api', externalId: `c1/u1/${randomUUID()}`, customerId: 'c1', workspaceUserId: 'u1' }));
    const key = randomUUID();
    await expect(app.core.chat.submit(inbound(channel.id, 'first try', deep(5000)), key)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    const { jobId, created } = await app.core.chat.submit(inbound(channel.id, 'second try'), key);
    expect(created).toBe(true);
    await app.core.chat.awaitDone(jobId, { timeoutMs: 60_000 });
    const history = (await app.core.store.messages.history(channel.id, null, Number.MAX_SAFE_INTEGER, 10));
    expect(history.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(history[0]!.content).toBe('second try');
  });
});

describe('job payloads are bounded', () => {
  it('a message whose job would be too large is refused with 413; nothing is left behind', async () => {
    const channel = await app.core.store.channels.ensure({ platform: 'api', externalId: `c1/u1/${randomUUID()}`, customerId: 'c1', workspaceUserId: 'u1' });
    const chat = serviceWith(app.core.queue, 16_384);
    const key = randomUUID();
    await expect(chat.submit(inbound(channel.id, 'x'.repeat(20_000)), key)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect(await app.core.queue.has(`api-${key}`)).toBe(false);
    expect(await app.core.store.messages.userMessage(`api-${key}`)).toBeNull();
    // Its turn was handed on: the channel's next message is answered.
    const { jobId } = await chat.submit(inbound(channel.id, 'a small one'), randomUUID());
    expect((await chat.awaitDone(jobId, { timeoutMs: 60_000 })).reply.length).toBeGreaterThan(0);
  });
});

describe('a repeated key while the first try is still submitting', () => {
  it('waits for the first try to announce its job, then follows the same job: one message, one reply', async () => {
    const channel = await app.core.store.channels.ensure({ platform: 'api', externalId: `c1/u1/${randomUUID()}`, customerId: 'c1', workspaceUserId: 'u1' });
    const held = heldQueue(app.core.queue);
    const chat = serviceWith(held.queue);
    const key = randomUUID();
    const first = chat.submit(inbound(channel.id, 'said once'), key);
    await held.holding;
    const second = chat.submit(inbound(channel.id, 'said once'), key);
    await listening(`api-${key}`);
    held.release(false);
    expect(await first).toEqual({ jobId: `api-${key}`, created: true });
    // Woken by the announcement: one look before listening and one once listening, no polling.
    expect(await second).toEqual({ jobId: `api-${key}`, created: false });
    expect(held.counts.has).toBe(2);
    const [a, b] = await Promise.all([chat.awaitDone(`api-${key}`, { timeoutMs: 60_000 }), chat.awaitDone(`api-${key}`, { timeoutMs: 60_000 })]);
    expect(b).toEqual(a);
    const history = await app.core.store.messages.history(channel.id, null, Number.MAX_SAFE_INTEGER, 10);
    expect(history.map((m) => [m.role, m.content])).toEqual([
      ['user', 'said once'],
      ['assistant', a.reply],
    ]);
  });

  it('hears that the first try withdrew its message, and starts clean at once', async () => {
    const channel = await app.core.store.channels.ensure({ platform: 'api', externalId: `c1/u1/${randomUUID()}`, customerId: 'c1', workspaceUserId: 'u1' });
    const held = heldQueue(app.core.queue);
    const chat = serviceWith(held.queue);
    const key = randomUUID();
    const first = chat.submit(inbound(channel.id, 'first try'), key).then(() => null, (e: unknown) => e);
    await held.holding;
    const second = chat.submit(inbound(channel.id, 'second try'), key);
    await listening(`api-${key}`);
    held.release(true);
    expect(await first).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(await second).toEqual({ jobId: `api-${key}`, created: true });
    const done = await chat.awaitDone(`api-${key}`, { timeoutMs: 60_000 });
    const history = await app.core.store.messages.history(channel.id, null, Number.MAX_SAFE_INTEGER, 10);
    expect(history.map((m) => [m.role, m.content])).toEqual([
      ['user', 'second try'],
      ['assistant', done.reply],
    ]);
  });
});
