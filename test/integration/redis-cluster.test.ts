/**
 * Redis Cluster: three masters started by this test on free loopback ports. The reply stream,
 * channel turns, rate limits, job run counter and BullMQ queue run on it, and then the whole
 * service (HTTP, queue, worker, reply stream, workspace events) answers a chat through it.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceEvent } from '../../src/core/ports.js';
import { createRedisKeys, type RedisClient } from '../../src/infra/keys.js';
import { createRedis, redisTarget, RedisSubscriberHub } from '../../src/infra/redis.js';
import { createRateLimiter } from '../../src/http/rate-limit.js';
import { loadConfig } from '../../src/config.js';
import { BullChatQueue } from '../../src/queue/chat-queue.js';
import { RedisChannelTurns } from '../../src/queue/turns.js';
import { createChatWorker } from '../../src/queue/worker.js';
import { RedisReplyStream } from '../../src/stream/redis.js';
import type { JobPayload, LoggedEvent, StreamEvent } from '../../src/core/messages.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { hasRedisServer, startRedisCluster, waitUntil, type RedisGroup } from '../support/redis-servers.js';

const logger = pino({ level: 'silent' });
let cluster: RedisGroup;
let nodes: string;
const clients: RedisClient[] = [];

function connect(role: string, extra = {}): RedisClient {
  const config = loadConfig({ REDIS_CLUSTER_NODES: nodes });
  const c = createRedis(redisTarget(config), role, { logger }, extra);
  clients.push(c);
  return c;
}

const delta = (content: string): StreamEvent => ({ event: 'text_delta', twin: null, data: { content, accumulated_length: content.length } });

async function slotOf(key: string): Promise<number> {
  return Number(await cluster.call(cluster.ports[0]!, 'CLUSTER', 'KEYSLOT', key));
}

describe.skipIf(!hasRedisServer())('on a Redis Cluster', () => {
  beforeAll(async () => {
    cluster = await startRedisCluster();
    nodes = cluster.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await cluster?.stop();
  });

  it('puts every key of one job, and of one channel, in one slot; the BullMQ prefix is a hash tag', async () => {
    const keys = createRedisKeys('tb', { cluster: true });
    const jobSlots = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const job = randomUUID();
      const slot = await slotOf(keys.replyStream(job));
      expect(await slotOf(keys.jobRun(job))).toBe(slot);
      expect(await slotOf(keys.submitted(job))).toBe(slot);
      jobSlots.add(slot);
      const channel = randomUUID();
      expect(await slotOf(keys.channelStarted(channel))).toBe(await slotOf(keys.channelSeq(channel)));
    }
    // An image blob is one key on its own, tagged by its content: blobs spread too.
    const blobSlots = new Set<number>();
    for (let i = 0; i < 20; i++) blobSlots.add(await slotOf(keys.imageBlob(randomUUID().replace(/-/g, ''))));
    expect(blobSlots.size).toBeGreaterThan(10);
    // Jobs still spread over the cluster: the tag is the job, not a constant.
    expect(jobSlots.size).toBeGreaterThan(10);
    expect(keys.bull).toBe('{tb:bull}');
    expect(await slotOf(`${keys.bull}:chat:wait`)).toBe(await slotOf(`${keys.bull}:chat:some-job-id`));
    // One node keeps today's names.
    expect(createRedisKeys('tb', { cluster: false }).replyStream('j1')).toBe('tb:rs:j1');
  });

  it('reply streams publish, replay and follow for jobs on every node', async () => {
    const redis = connect('commands');
    const hub = new RedisSubscriberHub(connect('subscriber'));
    const stream = new RedisReplyStream(redis, hub, { prefix: `tbc-${randomUUID().slice(0, 8)}`, ttlSeconds: 60 });
    const jobs = Array.from({ length: 12 }, () => `job-${randomUUID()}`);
    const seen = new Map<string, LoggedEvent[]>(jobs.map((j) => [j, []]));
    const stops = await Promise.all(jobs.map((j) => stream.follow(j, '0', (e) => seen.get(j)!.push(e))));
    for (const j of jobs) {
      await stream.publish(j, delta('a'));
      await stream.publish(j, delta('b'));
    }
    await waitUntil(async () => jobs.every((j) => seen.get(j)!.length === 2), 10_000, 'followed events');
    for (const j of jobs) {
      expect(seen.get(j)!.map((e) => (e.event === 'text_delta' ? e.data.content : e.event))).toEqual(['a', 'b']);
      expect((await stream.read(j, '0')).length).toBe(2);
      expect(await stream.exists(j)).toBe(true);
    }
    stops.forEach((s) => s());
    // The streams landed on more than one master.
    const sizes = await Promise.all(cluster.ports.map(async (p) => Number(await cluster.call(p, 'DBSIZE'))));
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThan(1);
    await hub.close();
  });

  it('channel turns and shared rate limits', async () => {
    const redis = connect('commands');
    const prefix = `tbc-${randomUUID().slice(0, 8)}`;
    const turns = new RedisChannelTurns(redis, { prefix, maxWaitMs: 5000, pollMs: 10 });
    const channel = randomUUID();
    expect(await turns.next(channel)).toBe(1);
    expect(await turns.next(channel)).toBe(2);
    await turns.started(channel, 1);
    await turns.waitTurn(channel, 2);

    const limiter = createRateLimiter({ name: 'test', points: 3, durationSec: 60 }, { redis, prefix });
    const headers: Record<string, unknown> = {};
    const reply = { header: (k: string, v: unknown) => ((headers[k] = v), reply) } as unknown as FastifyReply;
    // Two clients (two API processes) spend one budget.
    const other = createRateLimiter({ name: 'test', points: 3, durationSec: 60 }, { redis: connect('commands-2'), prefix });
    await limiter.consume('user-1', reply);
    await other.consume('user-1', reply);
    await limiter.consume('user-1', reply);
    await expect(other.consume('user-1', reply)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(headers['Retry-After']).toBeDefined();
  });

  it('the BullMQ queue and worker run jobs, counting runs under the job tag', async () => {
    const prefix = `tbc-${randomUUID().slice(0, 8)}`;
    const connection = connect('queue', { maxRetriesPerRequest: null });
    const redis = connect('commands');
    const queue = new BullChatQueue(connection, {
      prefix,
      queueName: 'chat',
      attempts: 2,
      keepCompleted: { count: 100, ageSeconds: 3600 },
      keepFailed: { count: 100, ageSeconds: 3600 },
    });
    const done: string[] = [];
    const worker = createChatWorker(
      { prefix, queueName: 'chat', concurrency: 4, attempts: 2, lockDurationMs: 5000, stalledIntervalMs: 5000 },
      {
        connection,
        redis,
        logger,
        processor: {
          process: async (job, ctx) => {
            expect(ctx.run).toBe(1);
            done.push(job.jobId);
          },
          failed: async () => undefined,
        },
      },
    );
    try {
      const jobIds: string[] = [];
      for (let i = 0; i < 5; i++) {
        const jobId = `api-${randomUUID()}`;
        jobIds.push(jobId);
        const payload: JobPayload = {
          v: 1,
          kind: 'completion',
          jobId,
          owner: { customerId: 'c', userId: 'u' },
          twinId: randomUUID(),
          messages: [{ role: 'user', content: 'hi' }],
          responseFormat: null,
          temperature: null,
          useWebSearch: 'never',
          verbalizedSampling: false,
          enqueuedAt: new Date().toISOString(),
        };
        await queue.enqueue(payload);
      }
      await waitUntil(async () => done.length === 5, 15_000, 'jobs processed');
      expect(done.sort()).toEqual(jobIds.sort());
      const keys = createRedisKeys(prefix, { cluster: true });
      expect(await redis.get(keys.jobRun(jobIds[0]!))).toBe('1');
    } finally {
      await worker.close(1000);
      await queue.close();
    }
  });

  describe('the whole service', () => {
    let api1: TestApp;
    let api2: TestApp;
    beforeAll(async () => {
      api1 = await startTestApp({ api: true, env: { REDIS_CLUSTER_NODES: nodes } });
      api2 = await startTestApp({ api: true, worker: false, shareWith: api1, anthropic: api1.anthropic!, env: { REDIS_CLUSTER_NODES: nodes } });
    });
    afterAll(async () => {
      await api2?.close();
      await api1?.close();
    });

    it('answers a chat through queue, worker and reply stream, and fans workspace events out', async () => {
      const user = randomUUID();
      const token = await api1.token(user);
      const events: WorkspaceEvent[] = [];
      const unsubscribe = await api2.core.events.subscribe((e) => events.push(e));

      api1.anthropic!.enqueue({ text: ['Clustered ', 'hello.'] });
      const res = await fetch(`${api2.url}/api/v1/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'hello over a cluster' }),
      });
      const body = (await res.json()) as { reply?: string };
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body.reply).toBe('Clustered hello.');

      const add = await fetch(`${api1.url}/api/v2/twin-workspace/twins`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ twin_id: '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c' }),
      });
      expect(add.status).toBe(201);
      await waitUntil(async () => events.some((e) => e.event === 'twin:added'), 10_000, 'workspace event on the other process');
      await unsubscribe();

      // BullMQ's keys carry the braced prefix.
      const tag = `{${api1.config.REDIS_PREFIX}:bull}`;
      const found = await Promise.all(cluster.ports.map(async (p) => (await cluster.call(p, 'KEYS', `${tag}:*`)) as string[]));
      expect(found.flat().length).toBeGreaterThan(0);
    });
  });
});
