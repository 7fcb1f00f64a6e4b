/**
 * Issue 9: a live follower must not lose events published while the shared subscriber connection
 * was reconnecting. The subscriber is dropped with CLIENT KILL (this test's own connection only,
 * found by its unique name), events are published during the gap, and every follower must still
 * get every event exactly once, in order — `done` included, since a lost `done` hangs a client.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEvent, StreamEvent } from '../../src/core/messages.js';
import { createRedis, RedisSubscriberHub } from '../../src/infra/redis.js';
import { RedisReplyStream } from '../../src/stream/redis.js';
import { eventCollector as collector } from '../support/event-collector.js';
import { deletePrefix, TEST_REDIS_URL } from '../support/harness.js';

const logger = pino({ level: 'silent' });
const prefix = `tbtest-resync-${randomBytes(4).toString('hex')}`;
const subName = `subscriber-${prefix}`;
let commands: Redis;
let sub: Redis;
let hub: RedisSubscriberHub;
let stream: RedisReplyStream;

const twin = { id: 't1', slug: 'ada', name: 'Ada', avatarUrl: null };
const delta = (content: string, n: number): StreamEvent => ({ event: 'text_delta', twin, data: { content, accumulated_length: n } });
const done: StreamEvent = { event: 'done', twin: null, data: { reply: 'end' } as never };

beforeAll(async () => {
  commands = createRedis(TEST_REDIS_URL, 'commands', { logger });
  sub = createRedis(TEST_REDIS_URL, subName, { logger });
  hub = new RedisSubscriberHub(sub);
  stream = new RedisReplyStream(commands, hub, { prefix, ttlSeconds: 60 });
});
afterAll(async () => {
  await hub?.close();
  commands?.disconnect();
  await deletePrefix(TEST_REDIS_URL, prefix);
});

/** Kills this test's subscriber connection and waits until ioredis has noticed. */
async function killSubscriber(): Promise<void> {
  const list = (await commands.client('LIST')) as string;
  const line = list.split('\n').find((l) => l.includes(` name=twinbridge:${subName} `));
  const id = /\bid=(\d+)/.exec(line ?? '')?.[1];
  if (!id) throw new Error('subscriber connection not found');
  const closed = new Promise<void>((r) => sub.once('close', () => r()));
  await commands.client('KILL', 'ID', id);
  await closed;
}

const contents = (events: LoggedEvent[]) => events.map((e) => (e.event === 'text_delta' ? e.data.content : e.event));

describe('reply stream across a subscriber reconnect', () => {
  it('delivers events published during the gap to every follower, once, in order', async () => {
    const jobA = `job-a-${randomBytes(3).toString('hex')}`;
    const jobB = `job-b-${randomBytes(3).toString('hex')}`;
    const a1 = collector();
    const a2 = collector();
    const b = collector();
    const stops = [await stream.follow(jobA, '0', a1.push), await stream.follow(jobA, '0', a2.push), await stream.follow(jobB, '0', b.push)];
    await stream.publish(jobA, delta('a0', 2));
    await stream.publish(jobB, delta('b0', 2));
    await new Promise<void>((r) => {
      const check = () => (a1.events.length && a2.events.length && b.events.length ? r() : setTimeout(check, 5));
      check();
    });

    await killSubscriber();
    // Published while nobody is subscribed: pub/sub drops these; only the log has them.
    for (let i = 1; i <= 5; i++) await stream.publish(jobA, delta(`a${i}`, 2 + i * 2));
    await stream.publish(jobB, delta('b1', 4));
    await stream.publish(jobB, done);
    // And some after the reconnect, racing the resync.
    await new Promise<void>((r) => (sub.status === 'ready' ? r() : sub.once('ready', () => r())));
    for (let i = 6; i <= 8; i++) await stream.publish(jobA, delta(`a${i}`, 2 + i * 2));
    await stream.publish(jobA, done);

    await Promise.all([a1.untilDone(), a2.untilDone(), b.untilDone()]);
    for (const s of stops) s();
    const expectedA = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'done'];
    expect(contents(a1.events)).toEqual(expectedA);
    expect(contents(a2.events)).toEqual(expectedA);
    expect(contents(b.events)).toEqual(['b0', 'b1', 'done']);
    for (const c of [a1, a2, b]) expect(new Set(c.events.map((e) => e.id)).size).toBe(c.events.length);
  });

  it('recovers a lost done alone (the event that ends a client)', async () => {
    const job = `job-done-${randomBytes(3).toString('hex')}`;
    const c = collector();
    const stop = await stream.follow(job, '0', c.push);
    await stream.publish(job, delta('x', 1));
    await new Promise<void>((r) => {
      const check = () => (c.events.length ? r() : setTimeout(check, 5));
      check();
    });
    await killSubscriber();
    await stream.publish(job, done);
    await c.untilDone();
    stop();
    expect(contents(c.events)).toEqual(['x', 'done']);
    expect(hub.channelCount).toBe(0);
  });
});
