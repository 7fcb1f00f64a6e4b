/**
 * Issue 11: a reply waiting for its channel's turn is woken by its predecessor's start (pub/sub),
 * not by polling: it subscribes, and it reads the mark only before and right after subscribing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis, RedisSubscriberHub } from '../../src/infra/redis.js';
import { RedisChannelTurns } from '../../src/queue/turns.js';
import { deletePrefix, TEST_REDIS_URL } from '../support/harness.js';

const logger = pino({ level: 'silent' });
const prefix = `tbtest-turns-${randomBytes(4).toString('hex')}`;
const redis = createRedis(TEST_REDIS_URL, 'commands', { logger });
const hub = new RedisSubscriberHub(createRedis(TEST_REDIS_URL, 'subscriber', { logger }));

afterAll(async () => {
  await hub.close();
  redis.disconnect();
  await deletePrefix(TEST_REDIS_URL, prefix);
});

describe('channel turns over pub/sub', () => {
  it('wakes the next reply when the previous one starts, without polling', async () => {
    let gets = 0;
    const get = redis.get.bind(redis);
    (redis as unknown as { get: typeof get }).get = ((...args: Parameters<typeof get>) => {
      gets++;
      return get(...args);
    }) as typeof get;
    // Waits of an hour: only a notification can end this wait within the test's time.
    const turns = new RedisChannelTurns(redis, { prefix, maxWaitMs: 3600_000, pollMs: 3600_000 }, hub);
    const channel = randomUUID();
    const first = await turns.next(channel);
    const second = await turns.next(channel);
    let woken = false;
    const waiting = turns.waitTurn(channel, second).then(() => (woken = true));
    while (hub.channelCount === 0) await new Promise((r) => setImmediate(r));
    expect(woken).toBe(false);
    await turns.started(channel, first);
    await waiting;
    expect(woken).toBe(true);
    expect(gets).toBeLessThanOrEqual(2);
    expect(hub.channelCount).toBe(0);
  });
});
