/**
 * Issue 9: storing the user's message, taking the channel's turn and enqueueing the job are one
 * unit. When the enqueue fails the caller is told to retry (503 + retry-after), the message is
 * not left behind in the history, and the channel's next message is not held by the turn wait.
 * The enqueue is made to fail for real: a payload BullMQ cannot serialize (JSON.stringify
 * overflows the stack on 5,000 levels of nesting), as in the fault run that found this.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/errors.js';
import type { InboundMessage } from '../../src/core/messages.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let app: TestApp;

beforeAll(async () => {
  // A turn wait far longer than the test: a message held by a leaked turn would time the test out.
  app = await startTestApp({ anthropic: false, env: { TURN_MAX_WAIT_MS: '3600000' } });
});
afterAll(async () => {
  await app?.close();
});

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
