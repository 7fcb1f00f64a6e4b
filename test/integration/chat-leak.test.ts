/**
 * Issue 9: POST /api/v1/chat released its follower only if the job ended after `follow` had
 * handed back its unsubscribe; a replayed Idempotency-Key (whose `done` is in the log already)
 * ended before, and leaked a hub listener and a Redis SUBSCRIBE per request. After 1,000
 * replays, nothing of this process may still be listening.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisReplyStream } from '../../src/stream/redis.js';
import { TEST_REDIS_URL, type TestApp } from '../support/harness.js';
import { chat, client, startChatApp } from './chat-support.js';

let app: TestApp;
let redis: Redis;

beforeAll(async () => {
  app = await startChatApp({ anthropic: false, env: { RATE_LIMIT_CHAT_PER_USER_PER_MIN: '1000000', RATE_LIMIT_CHAT_PER_IP_PER_MIN: '1000000' } });
  redis = new Redis(TEST_REDIS_URL);
});
afterAll(async () => {
  redis?.disconnect();
  await app?.close();
});

describe('POST /api/v1/chat releases its subscription', () => {
  it('after 1,000 replayed requests no hub listener, follower or Redis subscription is left', async () => {
    const hub = app.core.hub;
    // The workspace-events bus of the WebSocket route listens for the process's lifetime.
    const baseline = { listeners: hub.listenerCount, channels: hub.channelCount };
    const c = await client(app, `u-${randomUUID()}`);
    const key = randomUUID();
    const first = await chat(c, { message: 'remember me' }, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    const jobId = first.body.streamId as string;

    for (let batch = 0; batch < 50; batch++) {
      const replies = await Promise.all(Array.from({ length: 20 }, () => chat(c, { message: 'remember me' }, { 'idempotency-key': key })));
      for (const r of replies) {
        expect(r.status).toBe(200);
        expect(r.body.reply).toBe(first.body.reply);
      }
    }

    const stream = app.core.stream as RedisReplyStream;
    expect(stream.followerCount).toBe(0);
    expect(hub.listenerCount).toBe(baseline.listeners);
    expect(hub.channelCount).toBe(baseline.channels);
    // And Redis agrees: nobody is subscribed to the job's channel any more. UNSUBSCRIBE is
    // asynchronous, so wait for that positive signal rather than sampling once.
    const channel = `${app.config.REDIS_PREFIX}:rs:${jobId}`;
    for (;;) {
      const [, subscribers] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
      if (subscribers === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});
