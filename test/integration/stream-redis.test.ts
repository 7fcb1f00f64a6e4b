/**
 * The reply stream on the real Redis (DESIGN.md §4): one ordered log per job, followers that join
 * late or resume from an id see every event once, logs expire, and one process follows many
 * streams through one subscriber connection.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../src/core/messages.js';
import { createRedis, RedisSubscriberHub } from '../../src/infra/redis.js';
import { RedisReplyStream } from '../../src/stream/redis.js';
import { eventCollector as collector } from '../support/event-collector.js';
import { deletePrefix, TEST_REDIS_URL } from '../support/harness.js';

const logger = pino({ level: 'silent' });
const prefix = `tbtest-rs-${randomBytes(4).toString('hex')}`;
let commands: Redis;
let sub: Redis;
let hub: RedisSubscriberHub;
let stream: RedisReplyStream;
/** A second process of the deployment: its own connections. */
let otherCommands: Redis;
let otherHub: RedisSubscriberHub;
let other: RedisReplyStream;

const twin = { id: 't1', slug: 'ada', name: 'Ada', avatarUrl: null };
const delta = (content: string, n: number): StreamEvent => ({ event: 'text_delta', twin, data: { content, accumulated_length: n } });

beforeAll(async () => {
  commands = createRedis(TEST_REDIS_URL, 'commands', { logger });
  sub = createRedis(TEST_REDIS_URL, `subscriber-${prefix}`, { logger });
  hub = new RedisSubscriberHub(sub);
  stream = new RedisReplyStream(commands, hub, { prefix, ttlSeconds: 60 });
  otherCommands = createRedis(TEST_REDIS_URL, 'commands', { logger });
  otherHub = new RedisSubscriberHub(createRedis(TEST_REDIS_URL, 'subscriber', { logger }));
  other = new RedisReplyStream(otherCommands, otherHub, { prefix, ttlSeconds: 60 });
});
afterAll(async () => {
  await hub?.close();
  await otherHub?.close();
  commands?.disconnect();
  otherCommands?.disconnect();
  await deletePrefix(TEST_REDIS_URL, prefix);
});

describe('RedisReplyStream', () => {
  it('keeps one ordered log per job with increasing ids', async () => {
    const ids = await Promise.all(['a', 'b', 'c', 'd'].map((t, i) => stream.publish('job-order', delta(t, i + 1))));
    const read = await stream.read('job-order', '0');
    expect(read.map((e) => e.id)).toEqual(ids);
    expect(read.map((e) => (e.event === 'text_delta' ? e.data.content : ''))).toEqual(['a', 'b', 'c', 'd']);
    expect((await stream.read('job-order', ids[1]!)).map((e) => e.id)).toEqual(ids.slice(2));
    expect(await stream.read('job-missing', '0')).toEqual([]);
  });

  it('a follower in another process gets the backlog then live events, each once, in order', async () => {
    const job = `job-live-${randomBytes(3).toString('hex')}`;
    await stream.publish(job, delta('early', 5));
    const c = collector();
    const stop = await other.follow(job, '0', c.push);
    // Publishing races the subscription on purpose: no gap, no duplicate.
    const more = Array.from({ length: 50 }, (_, i) => stream.publish(job, delta(`x${i}`, i)));
    await Promise.all(more);
    await c.until(51);
    stop();
    expect(c.events.map((e) => (e.event === 'text_delta' ? e.data.content : ''))).toEqual(['early', ...Array.from({ length: 50 }, (_, i) => `x${i}`)]);
    expect(new Set(c.events.map((e) => e.id)).size).toBe(51);
    expect(c.events.every((e) => e.twin?.slug === 'ada')).toBe(true);
  });

  it('resumes after a given id', async () => {
    const job = `job-resume-${randomBytes(3).toString('hex')}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await stream.publish(job, delta(`p${i}`, i)));
    const c = collector();
    const stop = await stream.follow(job, ids[2]!, c.push);
    await stream.publish(job, { event: 'done', twin: null, data: {} as never });
    await c.until(3);
    stop();
    expect(c.events.map((e) => e.event)).toEqual(['text_delta', 'text_delta', 'done']);
    expect(c.events[0]!.id).toBe(ids[3]);
  });

  it('stops delivering after unsubscribe', async () => {
    const job = `job-stop-${randomBytes(3).toString('hex')}`;
    const c = collector();
    const stop = await stream.follow(job, '0', c.push);
    await stream.publish(job, delta('one', 3));
    await c.until(1);
    stop();
    await stream.publish(job, delta('two', 6));
    await new Promise((r) => setTimeout(r, 50));
    expect(c.events).toHaveLength(1);
  });

  it('expires logs after the configured TTL, refreshed on each publish', async () => {
    const job = 'job-ttl';
    await stream.publish(job, delta('t', 1));
    const ttl = await commands.ttl(`${prefix}:rs:${job}`);
    expect(ttl).toBeGreaterThan(50);
    expect(ttl).toBeLessThanOrEqual(60);
    expect(await stream.exists(job)).toBe(true);
    const short = new RedisReplyStream(commands, hub, { prefix, ttlSeconds: 1 });
    await short.publish('job-short', delta('t', 1));
    await new Promise((r) => setTimeout(r, 1200));
    expect(await short.exists('job-short')).toBe(false);
  });

  it('follows 500 streams through one subscriber connection', async () => {
    const jobs = Array.from({ length: 500 }, (_, i) => `job-many-${i}`);
    const got = new Map<string, number>();
    const stops = await Promise.all(jobs.map((j) => stream.follow(j, '0', () => got.set(j, (got.get(j) ?? 0) + 1))));
    expect(hub.channelCount).toBe(500);
    await Promise.all(jobs.map((j) => other.publish(j, delta('hi', 2))));
    const deadline = Date.now() + 5000;
    while (got.size < 500 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(got.size).toBe(500);
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    const clients = (await commands.client('LIST')) as string;
    expect(clients.split('\n').filter((l) => l.includes(`name=twinbridge:subscriber-${prefix} `))).toHaveLength(1);
    for (const s of stops) s();
    expect(hub.channelCount).toBe(0);
  });
});
