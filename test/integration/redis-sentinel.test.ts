/**
 * Sentinel: one master, one replica and one sentinel, on free loopback ports. The service's Redis
 * client finds the master through the sentinel, and after a failover writes to the new master.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { StreamEvent } from '../../src/core/messages.js';
import { createRedisKeys } from '../../src/infra/keys.js';
import { createRedis, redisTarget, RedisSubscriberHub, type RedisClient } from '../../src/infra/redis.js';
import { RedisReplyStream } from '../../src/stream/redis.js';
import { answers, freePort, hasRedisServer, startRedisServers, waitUntil, type RedisGroup } from '../support/redis-servers.js';

const logger = pino({ level: 'silent' });
const NAME = 'tbmaster';
const delta = (content: string): StreamEvent => ({ event: 'text_delta', twin: null, data: { content, accumulated_length: content.length } });

describe.skipIf(!hasRedisServer())('on a Sentinel-managed Redis', () => {
  let primary: RedisGroup;
  let secondary: RedisGroup;
  let sentinel: ChildProcess;
  let sentinelPort: number;
  const clients: RedisClient[] = [];

  beforeAll(async () => {
    primary = await startRedisServers([() => []]);
    const masterPort = primary.ports[0]!;
    secondary = await startRedisServers([() => ['--replicaof', '127.0.0.1', String(masterPort)]]);
    sentinelPort = await freePort();
    const conf = join(primary.dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${primary.dir}`,
        `sentinel monitor ${NAME} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${NAME} 2000`,
        `sentinel failover-timeout ${NAME} 10000`,
        '',
      ].join('\n'),
    );
    sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    await waitUntil(() => answers(sentinelPort), 10_000, 'sentinel');
    await waitUntil(async () => String(await secondary.call(secondary.ports[0]!, 'INFO', 'replication')).includes('master_link_status:up'), 15_000, 'replica in sync');
    // The sentinel has discovered the replica (it needs one to fail over to).
    await waitUntil(async () => ((await primary.call(sentinelPort, 'SENTINEL', 'REPLICAS', NAME)) as unknown[]).length > 0, 15_000, 'sentinel sees the replica');
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    if (sentinel && sentinel.exitCode === null) {
      const exited = new Promise((r) => sentinel.once('exit', r));
      sentinel.kill('SIGKILL');
      await exited;
    }
    await secondary?.stop();
    await primary?.stop();
  });

  it('finds the master through the sentinel and keeps writing after a failover', async () => {
    const config = loadConfig({ REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: NAME, REDIS_AUTOSTART: 'false' });
    const target = redisTarget(config);
    expect(target.kind).toBe('sentinel');
    const redis = createRedis(target, 'commands', { logger });
    const hub = new RedisSubscriberHub(createRedis(target, 'subscriber', { logger }));
    clients.push(redis);
    const prefix = `tbs-${randomUUID().slice(0, 8)}`;
    const stream = new RedisReplyStream(redis, hub, { prefix, ttlSeconds: 60 });

    const before = `job-${randomUUID()}`;
    await stream.publish(before, delta('before'));
    // It went to the master the sentinel names.
    expect(Number(await primary.call(primary.ports[0]!, 'EXISTS', createRedisKeys(prefix, { cluster: false }).replyStream(before)))).toBe(1);

    await primary.call(sentinelPort, 'SENTINEL', 'FAILOVER', NAME);
    const newMaster = secondary.ports[0]!;
    await waitUntil(async () => ((await primary.call(sentinelPort, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME)) as string[])[1] === String(newMaster), 20_000, 'failover to the replica');
    await waitUntil(async () => String(await secondary.call(newMaster, 'ROLE')).startsWith('master'), 20_000, 'replica promoted');

    const after = `job-${randomUUID()}`;
    await waitUntil(
      async () => {
        await stream.publish(after, delta('after'));
        return true;
      },
      20_000,
      'a write after the failover',
    );
    const events = await stream.read(after, '0');
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.event === 'text_delta' && events[0]!.data.content).toBe('after');
    // And the data the old master had is on the new one.
    expect((await stream.read(before, '0')).length).toBe(1);
    await hub.close();
  });
});
