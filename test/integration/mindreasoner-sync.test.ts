import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMindReasonerClient, type MindReasonerClient } from '../../src/catalog/mind-reasoner/client.js';
import { createCatalogSync, scheduleCatalogSync, type CatalogSyncOutcome } from '../../src/catalog/sync.js';
import type { CatalogSink, CatalogSyncResult, RemoteTwinInput } from '../../src/core/ports.js';
import { captureLogger, type CapturedLogger } from '../fakes/mindreasoner/logger.js';
import { fakeMind, startFakeMindReasoner, type FakeMindReasoner } from '../fakes/mindreasoner/server.js';

/** Records what the catalog was given; the real SQLite sink is tested with the store. */
function recordingSink(fail = false): CatalogSink & { calls: { source: string; twins: RemoteTwinInput[] }[] } {
  const calls: { source: string; twins: RemoteTwinInput[] }[] = [];
  return {
    calls,
    async syncSource(source, twins): Promise<CatalogSyncResult> {
      if (fail) throw new Error('disk full');
      calls.push({ source, twins });
      return { added: twins.length, updated: 0, retired: 0 };
    },
  };
}

const MINDS = [
  fakeMind('mind-1', 'Ada Lovelace', { description: 'Wrote the first program.', tags: [{ id: 't', name: 'Scientist' }, { id: 'u', name: 'mathematics' }] }),
  fakeMind('mind-2', 'Grace Hopper'),
  fakeMind('mind-3', 'Still Training', { digitalTwins: [{ id: 'x', mindAssessments: [{ status: 'processing' }] }] }),
];

let fake: FakeMindReasoner;
let log: CapturedLogger;
let client: MindReasonerClient;

beforeEach(async () => {
  fake = await startFakeMindReasoner({ minds: MINDS, apiKey: 'mr_sync_key_xyz' });
  log = captureLogger();
  client = createMindReasonerClient(
    { baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 2000, simulationModel: 'mind-reasoner-pro' },
    { logger: log.logger },
  );
});
afterEach(async () => {
  expect(log.lines.join('\n')).not.toContain(fake.apiKey);
  await fake.close();
});

function failed(outcome: CatalogSyncOutcome): Extract<CatalogSyncOutcome, { ok: false }> {
  if (outcome.ok) throw new Error('expected a failed sync');
  return outcome;
}

describe('catalog sync from Mind Reasoner', () => {
  it('hands the trained minds, mapped, to the catalog', async () => {
    const sink = recordingSink();
    const sync = createCatalogSync({ sources: { mindReasoner: client } }, { logger: log.logger, sink });
    const outcome = await sync.syncMindReasoner();
    expect(outcome).toMatchObject({ ok: true, source: 'mind-reasoner', count: 2, skipped: 1, added: 2, updated: 0, retired: 0 });
    expect(sink.calls).toHaveLength(1);
    const [ada, grace] = sink.calls[0]?.twins ?? [];
    expect(sink.calls[0]?.source).toBe('mind-reasoner');
    expect(ada).toMatchObject({
      externalId: 'mind-1',
      name: 'Ada Lovelace',
      description: 'Wrote the first program.',
      category: 'Scientist',
      expertise: ['mathematics'],
      avatarUrl: 'https://example.com/mind-1.png',
    });
    expect(ada?.personaPrompt).toContain('Wrote the first program.');
    expect(grace).toMatchObject({ externalId: 'mind-2', category: 'Expert', expertise: [] });
    expect(log.records()).toContainEqual(expect.objectContaining({ msg: 'catalog source synced', count: 2 }));
  });

  it.each([
    ['a server error', { kind: 'status', status: 500 } as const, 'UPSTREAM_ERROR'],
    ['garbage', { kind: 'garbage' } as const, 'UPSTREAM_ERROR'],
    ['a wrong shape', { kind: 'garbage', body: '{"results":[]}' } as const, 'UPSTREAM_ERROR'],
    ['a rate limit', { kind: 'rate_limit', retryAfter: '30' } as const, 'MODEL_RATE_LIMITED'],
  ])('keeps the last good copy on %s', async (_label, failure, code) => {
    const sink = recordingSink();
    const sync = createCatalogSync({ sources: { mindReasoner: client } }, { logger: log.logger, sink });
    expect((await sync.run())[0]?.ok).toBe(true);
    fake.failNext(failure);
    const outcome = failed(await sync.syncMindReasoner());
    expect(outcome.error.code).toBe(code);
    expect(sink.calls).toHaveLength(1);
    expect(log.records()).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'catalog source sync failed; keeping the last good copy', code }),
    );
  });

  it('times out a hanging source without touching the catalog', async () => {
    const sink = recordingSink();
    fake.failNext({ kind: 'hang' });
    const sync = createCatalogSync({ sources: { mindReasoner: client }, timeoutMs: 250 }, { logger: log.logger, sink });
    const started = Date.now();
    expect(failed(await sync.syncMindReasoner()).error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(sink.calls).toHaveLength(0);
  });

  it('enforces the deadline even when a client ignores its signal', async () => {
    const sink = recordingSink();
    const deaf: MindReasonerClient = { ...client, listMinds: () => new Promise(() => undefined) };
    const sync = createCatalogSync({ sources: {}, timeoutMs: 100 }, { logger: log.logger, sink });
    expect(failed(await sync.syncMindReasoner(deaf)).error.code).toBe('TIMEOUT');
    expect(sink.calls).toHaveLength(0);
  });

  it('refuses a listing that fails halfway through its pages', async () => {
    await fake.close();
    fake = await startFakeMindReasoner({ minds: MINDS, pageSize: 1, apiKey: 'mr_sync_key_xyz' });
    const paged = createMindReasonerClient(
      { baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 2000, simulationModel: 'mind-reasoner-pro' },
      { logger: log.logger },
    );
    const sink = recordingSink();
    fake.failNext({ kind: 'status', status: 502 }, { path: '/minds', times: 1 });
    fake.requests.length = 0;
    const sync = createCatalogSync({ sources: { mindReasoner: paged } }, { logger: log.logger, sink });
    expect((await sync.run())[0]?.ok).toBe(false);
    expect(sink.calls).toHaveLength(0);
    expect((await sync.run())[0]).toMatchObject({ ok: true, count: 2 });
    expect(fake.requests.filter((r) => r.path === '/minds')).toHaveLength(4);
  });

  it('reports a bad key and a failing catalog as results, not throws', async () => {
    const badKey = createMindReasonerClient(
      { baseUrl: fake.url, apiKey: 'nope', timeoutMs: 2000, simulationModel: 'mind-reasoner-pro' },
      { logger: log.logger },
    );
    const sink = recordingSink();
    const sync = createCatalogSync({ sources: { mindReasoner: badKey } }, { logger: log.logger, sink });
    expect(failed(await sync.syncMindReasoner()).error.code).toBe('MODEL_AUTH_FAILED');
    const broken = createCatalogSync({ sources: { mindReasoner: client } }, { logger: log.logger, sink: recordingSink(true) });
    expect(failed(await broken.syncMindReasoner()).error.message).toBe('disk full');
  });

  it('skips unconfigured sources and shares one listing between concurrent callers', async () => {
    const sink = recordingSink();
    expect(await createCatalogSync({ sources: { mindReasoner: null } }, { logger: log.logger, sink }).run()).toEqual([]);
    const sync = createCatalogSync({ sources: { mindReasoner: client } }, { logger: log.logger, sink });
    const [a, b] = await Promise.all([sync.run(), sync.syncMindReasoner()]);
    expect(a[0]).toBe(b);
    expect(fake.requests).toHaveLength(1);
    expect(sink.calls).toHaveLength(1);
  });
});

describe('scheduled catalog sync (real Redis)', () => {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
  const prefixes: string[] = [];

  function names(): { prefix: string; queueName: string } {
    const prefix = `tbtest-mrsync-${randomUUID().slice(0, 8)}`;
    prefixes.push(prefix);
    return { prefix, queueName: 'catalog' };
  }

  afterAll(async () => {
    // Shared Redis: delete only the keys of our own prefixes.
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
    await redis.quit();
  });

  const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  async function until(check: () => boolean, ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (!check() && Date.now() < end) await wait(25);
  }

  it('runs the sync on schedule and stops after close()', async () => {
    let runs = 0;
    const schedule = await scheduleCatalogSync({ connection, ...names(), everyMs: 300 }, async () => {
      runs++;
      return [];
    }, { logger: log.logger });
    await until(() => runs >= 2, 5000);
    expect(runs).toBeGreaterThanOrEqual(2);
    await schedule.close();
    const after = runs;
    await wait(900);
    expect(runs).toBe(after);
  }, 15_000);

  it('registers one schedule however many processes ask', async () => {
    const queueNames = names();
    let runs = 0;
    const job = async (): Promise<[]> => {
      runs++;
      return [];
    };
    const everyMs = 400;
    const [one, two] = await Promise.all([
      scheduleCatalogSync({ connection, ...queueNames, everyMs }, job),
      scheduleCatalogSync({ connection, ...queueNames, everyMs }, job),
    ]);
    const queue = new Queue(queueNames.queueName, { connection, prefix: queueNames.prefix });
    try {
      expect(await queue.getJobSchedulersCount()).toBe(1);
      const started = Date.now();
      await wait(2000);
      await Promise.all([one.close(), two.close()]);
      // One schedule fires about once per interval; two would fire about twice as often.
      expect(runs).toBeGreaterThanOrEqual(2);
      expect(runs).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / everyMs) + 1);
    } finally {
      await queue.close();
    }
  }, 15_000);
});
