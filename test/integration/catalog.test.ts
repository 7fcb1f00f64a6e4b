/**
 * The twin catalog: the bundled catalog as shipped and as served, and Mind Reasoner sync into the
 * real SQLite catalog (loopback fake of the Mind Reasoner API), seen through the HTTP API.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_TWINS } from '../../src/catalog/bundled/index.js';
import { createMindReasonerClient, type MindReasonerClient } from '../../src/catalog/mind-reasoner/client.js';
import { createCatalogSync, type CatalogSync } from '../../src/catalog/sync.js';
import { CATEGORIES, DemographicSchema, PersonaSchema, STATIC_GROUPS } from '../../src/core/domain.js';
import { fakeMind, startFakeMindReasoner, type FakeMind, type FakeMindReasoner } from '../fakes/mindreasoner/server.js';
import { startTestApp, type TestApp } from '../support/harness.js';

const BASE = '/api/v2/twin-workspace';
const CONTRACT = {
  '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c': 'Steve Jobs',
  '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d': 'Elon Musk',
  'b2c3d4e5-6f7a-8b9c-0d1e-2f3a4b5c6d7e': 'Paul Graham',
};
const silent = pino({ level: 'silent' });

describe('the bundled catalog', () => {
  it('has at least 40 twins across all nine categories, with unique ids and slugs', () => {
    expect(BUNDLED_TWINS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(BUNDLED_TWINS.map((t) => t.category))).toEqual(new Set(CATEGORIES));
    expect(new Set(BUNDLED_TWINS.map((t) => t.id)).size).toBe(BUNDLED_TWINS.length);
    expect(new Set(BUNDLED_TWINS.map((t) => t.slug)).size).toBe(BUNDLED_TWINS.length);
    expect(new Set(BUNDLED_TWINS.map((t) => t.name.toLowerCase())).size).toBe(BUNDLED_TWINS.length);
    for (const t of BUNDLED_TWINS) {
      expect(t.id, t.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(t.slug, t.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(t.description.length, t.name).toBeGreaterThan(20);
      expect(t.expertise.length, t.name).toBeGreaterThanOrEqual(3);
    }
  });

  it("includes the contract's three examples with their exact ids", () => {
    for (const [id, name] of Object.entries(CONTRACT)) {
      expect(BUNDLED_TWINS.find((t) => t.id === id)?.name).toBe(name);
    }
  });

  it('has a persona good enough to drive a model, real people labeled as AI personas', () => {
    for (const t of BUNDLED_TWINS) {
      expect(() => PersonaSchema.parse(t.persona), t.name).not.toThrow();
      expect(t.persona.prompt.length, t.name).toBeGreaterThan(300);
      expect(t.persona.examples.length, t.name).toBeGreaterThanOrEqual(2);
      if (t.persona.isRealPerson) expect(t.persona.prompt, t.name).toMatch(/\bAI\b/);
    }
    const real = BUNDLED_TWINS.filter((t) => t.persona.isRealPerson).map((t) => t.slug);
    expect(real).toEqual(expect.arrayContaining(['steve-jobs', 'elon-musk', 'paul-graham']));
  });

  it('has at least 12 demographic twins in the four static groups, with full profiles', () => {
    const demographic = BUNDLED_TWINS.filter((t) => t.demographic !== null);
    expect(demographic.length).toBeGreaterThanOrEqual(12);
    for (const t of demographic) {
      const d = DemographicSchema.parse(t.demographic);
      expect(STATIC_GROUPS, t.name).toContain(d.staticGroupKey);
      for (const field of ['title', 'gender', 'location', 'jobTitle', 'selfDescription'] as const) {
        expect(d[field].trim().length, `${t.name}.${field}`).toBeGreaterThan(0);
      }
      expect(d.age).toBeGreaterThan(0);
    }
    const groups = new Map<string, number>();
    for (const t of demographic) groups.set(t.demographic!.staticGroupKey!, (groups.get(t.demographic!.staticGroupKey!) ?? 0) + 1);
    expect([...groups.keys()].sort()).toEqual([...STATIC_GROUPS].sort());
    // Ages fit their generation (loosely: the groups are about birth years).
    for (const t of demographic) {
      const { age, staticGroupKey } = t.demographic!;
      const range = { gen_z: [12, 30], millennials: [27, 46], gen_x: [42, 62], boomers: [58, 90] }[staticGroupKey!]!;
      expect(age, t.name).toBeGreaterThanOrEqual(range[0]!);
      expect(age, t.name).toBeLessThanOrEqual(range[1]!);
    }
  });
});

describe('catalog served and synced', () => {
  let app: TestApp;
  let fake: FakeMindReasoner;
  let client: MindReasonerClient;
  let sync: CatalogSync;
  let token: string;

  const MINDS: FakeMind[] = [
    fakeMind('mind-ana', 'Ana Quintero', { description: 'Supply chain planner for coffee cooperatives.', tags: [{ id: 't1', name: 'Advisor' }, { id: 't2', name: 'Logistics' }] }),
    fakeMind('mind-oskar', 'Oskar Lindholm', { description: 'Harbour pilot with thirty years on the Baltic.' }),
    fakeMind('mind-ada', 'Ada Lovelace', { description: 'A second Ada, trained from letters.' }),
    fakeMind('mind-raw', 'Untrained Ulla', { digitalTwins: [{ id: 'x', mindAssessments: [{ status: 'processing' }] }] }),
  ];

  async function available(query: string) {
    const res = await fetch(`${app.url}${BASE}/available${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as { data: { id: string; name: string; category: string; expertise: string[]; avatar_url: string | null }[]; pagination: { total: number } };
  }
  async function call(t: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${t}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  const names = async (search: string) => (await available(`?search=${encodeURIComponent(search)}&page_size=100`)).data.map((t) => t.name).sort();
  const mindTwins = () =>
    app.core.store.handle.db
      .selectFrom('twins')
      .select(['external_id', 'name', 'retired_at'])
      .where('source', '=', 'mind-reasoner')
      .orderBy('external_id')
      .execute();

  beforeAll(async () => {
    app = await startTestApp({ api: true, anthropic: false, worker: false, env: { RATE_LIMIT_WORKSPACE_PER_MIN: '100000' } });
    token = await app.token(randomUUID());
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    fake = await startFakeMindReasoner({ minds: MINDS });
    client = createMindReasonerClient({ baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 2000, simulationModel: 'mind-reasoner-pro' }, { logger: silent });
    sync = createCatalogSync({ sources: { mindReasoner: client }, timeoutMs: 400 }, { logger: silent, sink: app.core.store.twins });
    // Each test starts from a first good sync of MINDS.
    fake.setMinds(MINDS);
    const first = await sync.syncMindReasoner();
    expect(first.ok).toBe(true);
  });
  afterEach(async () => {
    await fake.close();
  });

  it('serves the whole bundled catalog in every category', async () => {
    const all = await available('?page_size=100');
    const bundled = all.data.filter((t) => BUNDLED_TWINS.some((b) => b.id === t.id));
    expect(bundled).toHaveLength(BUNDLED_TWINS.length);
    for (const category of CATEGORIES) {
      expect((await available(`?category=${category}`)).pagination.total, category).toBeGreaterThan(0);
    }
  });

  it('adds synced minds to /available, searchable, categorized, without touching bundled twins', async () => {
    expect(await names('coffee supply')).toEqual(['Ana Quintero']);
    expect(await names('baltic')).toEqual(['Oskar Lindholm']);
    const ana = (await available('?search=quintero')).data[0]!;
    expect(ana).toMatchObject({ category: 'Advisor', expertise: ['Logistics'], avatar_url: 'https://example.com/mind-ana.png' });
    const oskar = (await available('?search=oskar')).data[0]!;
    expect(oskar.category).toBe('Expert');
    // Untrained minds wait for a later sync.
    expect(await names('ulla')).toEqual([]);
    // The synced Ada gets a slug of its own; the bundled Ada is the same as shipped.
    const adas = (await available('?search=ada%20lovelace')).data;
    expect(adas).toHaveLength(2);
    const bundledAda = BUNDLED_TWINS.find((t) => t.slug === 'ada-lovelace')!;
    expect((await app.core.store.twins.get(bundledAda.id))).toMatchObject({ source: 'bundled', description: bundledAda.description, slug: 'ada-lovelace' });
    const total = (await available('')).pagination.total;
    expect(total).toBe(BUNDLED_TWINS.length + 3);
    // A synced twin can be added to a workspace like any other.
    const added = await call(token, 'POST', `${BASE}/twins`, { twin_id: ana.id });
    expect(added.status).toBe(201);
    expect((await call(token, 'DELETE', `${BASE}/twins/${ana.id}`)).status).toBe(200);
  });

  it('is idempotent: syncing the same minds again adds nothing and keeps the ids', async () => {
    const before = (await available('?search=quintero')).data[0]!;
    const again = await sync.syncMindReasoner();
    expect(again).toMatchObject({ ok: true, added: 0, updated: 3, retired: 0 });
    const after = (await available('?search=quintero')).data[0]!;
    expect(after).toEqual(before);
    expect((await available('')).pagination.total).toBe(BUNDLED_TWINS.length + 3);
  });

  it.each([
    ['a server error', { kind: 'status', status: 500 } as const],
    ['an auth failure', { kind: 'status', status: 401 } as const],
    ['garbage', { kind: 'garbage' } as const],
    ['a wrong shape', { kind: 'garbage', body: '{"results": 3}' } as const],
    ['a timeout', { kind: 'hang' } as const],
  ])('keeps the last good copy when the source answers %s', async (_label, failure) => {
    const before = await available('?page_size=100');
    const rowsBefore = await mindTwins();
    // Even a listing that would retire everything is never applied when the call fails.
    fake.setMinds([]);
    fake.failNext(failure);
    const started = Date.now();
    const outcome = await sync.syncMindReasoner();
    expect(outcome.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await available('?page_size=100')).toEqual(before);
    expect(await mindTwins()).toEqual(rowsBefore);
    expect(await names('baltic')).toEqual(['Oskar Lindholm']);
  });

  it('retires a mind that disappears: hidden from /available, kept by a workspace that holds it', async () => {
    const holder = await app.token(randomUUID());
    const oskar = (await available('?search=oskar')).data[0]!;
    expect((await call(holder, 'POST', `${BASE}/twins`, { twin_id: oskar.id, is_favorite: true })).status).toBe(201);

    fake.setMinds(MINDS.filter((m) => m.id !== 'mind-oskar'));
    expect(await sync.syncMindReasoner()).toMatchObject({ ok: true, retired: 1, added: 0 });

    expect(await names('baltic')).toEqual([]);
    expect((await available('')).pagination.total).toBe(BUNDLED_TWINS.length + 2);
    expect((await available('?category=Expert&page_size=100')).data.map((t) => t.id)).not.toContain(oskar.id);

    // The holder keeps it, can still change and remove it...
    const mine = await call(holder, 'GET', `${BASE}/mine`);
    expect(mine.body.data.twins).toHaveLength(1);
    expect(mine.body.data.twins[0]).toMatchObject({ twin_id: oskar.id, name: 'Oskar Lindholm', is_favorite: true });
    expect((await call(holder, 'PATCH', `${BASE}/twins/${oskar.id}`, { participation_mode: 'observer' })).status).toBe(200);
    // ...but nobody can add a twin that is no longer in the catalog.
    const late = await call(await app.token(randomUUID()), 'POST', `${BASE}/twins`, { twin_id: oskar.id });
    expect(late.status).toBe(404);
    expect(late.body.error.code).toBe('TWIN_NOT_FOUND');

    // When the mind comes back it is the same twin again, under the same id.
    fake.setMinds(MINDS);
    expect(await sync.syncMindReasoner()).toMatchObject({ ok: true, added: 0, updated: 3 });
    expect((await available('?search=oskar')).data[0]?.id).toBe(oskar.id);
    expect((await call(holder, 'DELETE', `${BASE}/twins/${oskar.id}`)).status).toBe(200);
  });
});

describe('sync configured through the environment', () => {
  it('runs when the worker starts and fills /available', async () => {
    const fake = await startFakeMindReasoner({ minds: [fakeMind('mind-env', 'Envy Configured', { description: 'Configured by environment.' })] });
    const app = await startTestApp({
      api: true,
      anthropic: false,
      env: { MIND_REASONER_API_URL: fake.url, MIND_REASONER_API_KEY: fake.apiKey, CATALOG_SYNC_TIMEOUT_MS: '2000' },
    });
    try {
      const token = await app.token(randomUUID());
      const deadline = Date.now() + 5000;
      let found: { name: string }[] = [];
      while (Date.now() < deadline) {
        const res = await fetch(`${app.url}${BASE}/available?search=envy`, { headers: { authorization: `Bearer ${token}` } });
        found = ((await res.json()) as { data: { name: string }[] }).data;
        if (found.length > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(found.map((t) => t.name)).toEqual(['Envy Configured']);
      expect(fake.requests.some((r) => r.path === '/minds' && r.authorization === `Bearer ${fake.apiKey}`)).toBe(true);
    } finally {
      await app.close();
      await fake.close();
    }
  });
});
