/**
 * Channel turns in the engine: replies start in arrival order, and a message whose job fails
 * for good never holds up the ones after it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage, LoggedEvent } from '../../src/core/messages.js';
import type { TestApp } from '../support/harness.js';
import { startChatApp } from './chat-support.js';

let app: TestApp;

beforeAll(async () => {
  app = await startChatApp();
});
afterAll(() => app?.close());

function inbound(channelId: string, text: string, personality: string | null = null): InboundMessage {
  return {
    platform: 'api',
    messageId: randomUUID(),
    channel: { id: channelId, externalId: channelId, threadId: null },
    owner: { customerId: 'c1', userId: 'u1' },
    author: { id: 'u1', name: 'Ana' },
    text,
    personality,
    attachments: [],
    images: [],
    context: null,
    options: { model: null, messageType: 'chat', webSearch: false, debug: false, maxTwins: null },
    receivedAt: new Date().toISOString(),
  };
}

/** Resolves with the job's last event (done or error). */
function outcome(jobId: string): Promise<LoggedEvent> {
  return new Promise((resolve, reject) => {
    app.core.chat
      .follow(jobId, '0', (e) => {
        if (e.event === 'done' || e.event === 'error') resolve(e);
      })
      .catch(reject);
  });
}

describe('channel turns', () => {
  it('a job that fails before it starts does not hold up the next message of its channel', async () => {
    const channel = (await app.core.store.channels.ensure({ platform: 'api', externalId: `turns-${randomUUID()}`, customerId: 'c1', workspaceUserId: 'u1' }));
    // An explicit twin that is not in the catalog (validated away at the HTTP edge, but a twin
    // can leave the catalog between enqueue and processing): routing fails for good.
    const bad = await app.core.chat.submit(inbound(channel.id, 'first', 'ghost-twin'), randomUUID());
    const failed = await outcome(bad.jobId);
    expect(failed).toMatchObject({ event: 'error', data: { code: 'TWIN_NOT_FOUND' } });

    const started = Date.now();
    const next = await app.core.chat.submit(inbound(channel.id, 'second'), randomUUID());
    expect(await outcome(next.jobId)).toMatchObject({ event: 'done' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
