/**
 * The twin-workspace API (api/twin-workspace.md) against the real server: real HTTP, real SQLite,
 * real Redis. Every user id is fresh per test, so tests never see each other's workspaces.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_TWINS } from '../../src/catalog/bundled/index.js';
import { CATEGORIES } from '../../src/core/domain.js';
import { startTestApp, type TestApp } from '../support/harness.js';

const BASE = '/api/v2/twin-workspace';
const STEVE = '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c';
const ELON = '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const PAUL = 'b2c3d4e5-6f7a-8b9c-0d1e-2f3a4b5c6d7e';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BODY_LIMIT = 65_536;

interface Res {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    api: true,
    anthropic: false,
    worker: false,
    env: { RATE_LIMIT_WORKSPACE_PER_MIN: '100000', BODY_LIMIT_BYTES: String(BODY_LIMIT) },
  });
});
afterAll(async () => {
  await app?.close();
});

/** A caller with its own fresh identity. */
async function user(customerId?: string, userId = randomUUID()) {
  const token = await app.token(userId, customerId);
  async function call(method: string, path: string, body?: unknown, init: { raw?: string; contentType?: string } = {}): Promise<Res> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    let payload: string | undefined;
    if (init.raw !== undefined) payload = init.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    const res = await fetch(`${app.url}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  }
  return {
    userId,
    customerId: customerId ?? userId,
    call,
    available: (query = '') => call('GET', `${BASE}/available${query}`),
    mine: () => call('GET', `${BASE}/mine`),
    add: (body: unknown) => call('POST', `${BASE}/twins`, body),
    remove: (twinId: string) => call('DELETE', `${BASE}/twins/${twinId}`),
    patch: (twinId: string, body: unknown) => call('PATCH', `${BASE}/twins/${twinId}`, body),
  };
}

function expectError(res: Res, status: number, code: string, field?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.success).toBe(false);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  if (field) {
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toContain(field);
  }
}

/** Independent oracle for search: every word somewhere in name, description or expertise. */
function matches(query: string): string[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return BUNDLED_TWINS.filter((t) => {
    const hay = [t.name, t.description, ...t.expertise].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  })
    .map((t) => t.id)
    .sort();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GET /available', () => {
  it('returns the first page of the catalog in the documented envelope', async () => {
    const u = await user();
    const res = await u.available();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'pagination', 'success']);
    expect(res.body.success).toBe(true);
    expect(res.body.pagination).toEqual({ total: BUNDLED_TWINS.length, page: 1, page_size: 20, hasMore: true });
    expect(res.body.data).toHaveLength(20);
    for (const t of res.body.data) {
      expect(t).toMatchObject({ id: expect.stringMatching(UUID), name: expect.any(String), description: expect.any(String) });
      expect(CATEGORIES).toContain(t.category);
      expect(Array.isArray(t.expertise)).toBe(true);
      expect(t.expertise.every((e: unknown) => typeof e === 'string')).toBe(true);
      expect(t.avatar_url === null || typeof t.avatar_url === 'string').toBe(true);
      expect(t.created_at).toMatch(ISO);
      expect(t.updated_at).toMatch(ISO);
      // Catalog internals stay internal; `source` tells catalog twins from a customer's own (api/twins.md).
      expect(t).not.toHaveProperty('persona');
      expect(t.source).toBe('bundled');
    }
  });

  it('serves the contract examples with their exact ids and fields', async () => {
    const u = await user();
    const res = await u.available('?search=steve%20jobs');
    const steve = res.body.data.find((t: { id: string }) => t.id === STEVE);
    expect(steve).toMatchObject({ name: 'Steve Jobs', category: 'Visionary', expertise: ['Product Design', 'User Experience', 'Vision'] });
  });

  it('pages through the whole catalog without gaps or repeats', async () => {
    const u = await user();
    const seen: string[] = [];
    const size = 7;
    const pages = Math.ceil(BUNDLED_TWINS.length / size);
    for (let page = 1; page <= pages; page++) {
      const res = await u.available(`?page=${page}&page_size=${size}`);
      expect(res.status).toBe(200);
      expect(res.body.pagination).toEqual({ total: BUNDLED_TWINS.length, page, page_size: size, hasMore: page < pages });
      seen.push(...res.body.data.map((t: { id: string }) => t.id));
    }
    expect(seen).toHaveLength(BUNDLED_TWINS.length);
    expect(new Set(seen).size).toBe(BUNDLED_TWINS.length);
    expect([...seen].sort()).toEqual(BUNDLED_TWINS.map((t) => t.id).sort());
  });

  it('handles the pagination edges', async () => {
    const u = await user();
    const one = await u.available('?page_size=1');
    expect(one.status).toBe(200);
    expect(one.body.data).toHaveLength(1);
    expect(one.body.pagination).toEqual({ total: BUNDLED_TWINS.length, page: 1, page_size: 1, hasMore: true });

    const last = await u.available(`?page=${BUNDLED_TWINS.length}&page_size=1`);
    expect(last.body.data).toHaveLength(1);
    expect(last.body.pagination.hasMore).toBe(false);

    const hundred = await u.available('?page_size=100');
    expect(hundred.body.data).toHaveLength(Math.min(100, BUNDLED_TWINS.length));
    expect(hundred.body.pagination).toEqual({ total: BUNDLED_TWINS.length, page: 1, page_size: 100, hasMore: BUNDLED_TWINS.length > 100 });

    const beyond = await u.available('?page=50&page_size=20');
    expect(beyond.status).toBe(200);
    expect(beyond.body).toEqual({ success: true, data: [], pagination: { total: BUNDLED_TWINS.length, page: 50, page_size: 20, hasMore: false } });
  });

  it.each([
    ['?page_size=0', 'page_size'],
    ['?page_size=101', 'page_size'],
    ['?page_size=-1', 'page_size'],
    ['?page_size=1.5', 'page_size'],
    ['?page_size=ten', 'page_size'],
    ['?page=0', 'page'],
    ['?page=abc', 'page'],
    ['?category=Wizard', 'category'],
    ['?category=Visionary&category=Writer', 'category'],
    [`?search=${'x'.repeat(201)}`, 'search'],
  ])('rejects %s with 400 naming %s', async (query, field) => {
    const u = await user();
    expectError(await u.available(query), 400, 'VALIDATION_ERROR', field);
  });

  it('filters by each category', async () => {
    const u = await user();
    for (const category of CATEGORIES) {
      const res = await u.available(`?category=${category}&page_size=100`);
      expect(res.status).toBe(200);
      const expected = BUNDLED_TWINS.filter((t) => t.category === category).map((t) => t.id).sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(res.body.pagination.total).toBe(expected.length);
      expect(res.body.data.map((t: { id: string }) => t.id).sort()).toEqual(expected);
      expect(res.body.data.every((t: { category: string }) => t.category === category)).toBe(true);
    }
  });

  it('takes a category in any case, and names the valid ones for an unknown one', async () => {
    const u = await user();
    const visionaries = BUNDLED_TWINS.filter((t) => t.category === 'Visionary').length;
    for (const spelled of ['visionary', 'VISIONARY', 'Visionary']) {
      const res = await u.available(`?category=${spelled}&page_size=100`);
      expect(res.status).toBe(200);
      expect(res.body.pagination.total).toBe(visionaries);
    }
    const wizard = await u.available('?category=wizard');
    expectError(wizard, 400, 'VALIDATION_ERROR', 'category');
    expect(wizard.body.error.message).toContain(CATEGORIES.join(', '));
  });

  it('searches name, description and expertise, case-insensitively, in any word order', async () => {
    const u = await user();
    const ids = async (q: string, extra = '') => {
      const res = await u.available(`?search=${encodeURIComponent(q)}&page_size=100${extra}`);
      expect(res.status).toBe(200);
      expect(res.body.pagination.total).toBe(res.body.data.length);
      return res.body.data.map((t: { id: string }) => t.id).sort();
    };
    // Name, any order, any case.
    expect(await ids('steve jobs')).toEqual([STEVE]);
    expect(await ids('JOBS Steve')).toEqual([STEVE]);
    expect(await ids('  jobs   steve ')).toEqual([STEVE]);
    // Expertise only: a phrase that is in Steve Jobs's expertise but not his name.
    expect(await ids('user experience')).toEqual(matches('user experience'));
    expect(await ids('user experience')).toContain(STEVE);
    expect(await ids('EXPERIENCE user')).toEqual(matches('user experience'));
    // Description: a word from a description that is in no name or expertise.
    const ada = BUNDLED_TWINS.find((t) => t.slug === 'ada-lovelace')!;
    expect(ada.description.toLowerCase()).toContain('babbage');
    expect(await ids('babbage')).toEqual(matches('babbage'));
    expect(await ids('BABBAGE')).toContain(ada.id);
    // A word that only expertise has, for every twin that has one.
    expect(await ids('stoicism')).toEqual(matches('stoicism'));
    expect(matches('stoicism').length).toBeGreaterThanOrEqual(2);
    // Combined with a category and with nothing matching.
    expect(await ids('stoicism', '&category=Philosopher')).toEqual(matches('stoicism'));
    expect(await ids('stoicism', '&category=Engineer')).toEqual([]);
    expect(await ids('zzqxnotaword')).toEqual([]);
    // Search and paging together.
    const paged = await u.available('?search=design&page_size=2&page=1');
    expect(paged.body.pagination).toMatchObject({ total: matches('design').length, hasMore: matches('design').length > 2 });
    expect(paged.body.data).toHaveLength(2);
  });
});

describe('GET /mine', () => {
  it('returns an empty workspace for a new user', async () => {
    const u = await user();
    const res = await u.mine();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      data: { user_id: u.userId, twins: [], total_twins: 0, favorite_count: 0, active_count: 0 },
    });
  });

  it('orders favorites first, then the most recently added, with the counts', async () => {
    const u = await user();
    const [a, b, c, d] = BUNDLED_TWINS.slice(10, 14).map((t) => t.id) as [string, string, string, string];
    for (const body of [
      { twin_id: a },
      { twin_id: b, is_favorite: true },
      { twin_id: c, participation_mode: 'on-demand' },
      { twin_id: d, is_favorite: true, participation_mode: 'observer' },
    ]) {
      expect((await u.add(body)).status).toBe(201);
      await sleep(3);
    }
    const res = await u.mine();
    expect(res.status).toBe(200);
    expect(res.body.data.twins.map((t: { twin_id: string }) => t.twin_id)).toEqual([d, b, c, a]);
    expect(res.body.data).toMatchObject({ user_id: u.userId, total_twins: 4, favorite_count: 2, active_count: 2 });

    // Un-favoriting d moves it to its added_at place among the rest; favoriting a moves it up.
    expect((await u.patch(d, { is_favorite: false })).status).toBe(200);
    expect((await u.patch(a, { is_favorite: true })).status).toBe(200);
    const after = await u.mine();
    expect(after.body.data.twins.map((t: { twin_id: string }) => t.twin_id)).toEqual([b, a, d, c]);
    expect(after.body.data).toMatchObject({ total_twins: 4, favorite_count: 2, active_count: 2 });
  });

  it('joins each row with its catalog entry and settings', async () => {
    const u = await user(randomUUID());
    await u.add({ twin_id: PAUL, participation_mode: 'on-demand', settings: { tone: 'brief', n: 2 } });
    const res = await u.mine();
    const [row] = res.body.data.twins;
    expect(row).toMatchObject({
      id: expect.stringMatching(UUID),
      twin_id: PAUL,
      customer_id: u.customerId,
      user_id: u.userId,
      name: 'Paul Graham',
      category: 'Advisor',
      expertise: ['Startups', 'Programming', 'Essays'],
      avatar_url: null,
      is_favorite: false,
      participation_mode: 'on-demand',
      settings: { tone: 'brief', n: 2 },
      added_at: expect.stringMatching(ISO),
    });
    expect(typeof row.description).toBe('string');
  });
});

describe('POST /twins', () => {
  it('adds with the defaults and answers 201 with the row', async () => {
    const customer = randomUUID();
    const u = await user(customer);
    const res = await u.add({ twin_id: STEVE });
    expect(res.status).toBe(201);
    expect(res.body.success).toBe(true);
    expect(res.body.data).toMatchObject({
      id: expect.stringMatching(UUID),
      customer_id: customer,
      user_id: u.userId,
      twin_id: STEVE,
      is_favorite: false,
      participation_mode: 'active',
      settings: {},
    });
    const mine = await u.mine();
    expect(mine.body.data.twins).toHaveLength(1);
    expect(mine.body.data.twins[0]).toMatchObject({ id: res.body.data.id, twin_id: STEVE, name: 'Steve Jobs' });
  });

  it('adds each of the contract examples, with every field given', async () => {
    const u = await user();
    for (const [twin_id, mode] of [
      [STEVE, 'active'],
      [ELON, 'observer'],
      [PAUL, 'on-demand'],
    ] as const) {
      const res = await u.add({ twin_id, is_favorite: true, participation_mode: mode, settings: { k: twin_id } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.data).toMatchObject({ twin_id, is_favorite: true, participation_mode: mode, settings: { k: twin_id } });
    }
    expect((await u.mine()).body.data).toMatchObject({ total_twins: 3, favorite_count: 3, active_count: 1 });
  });

  it('answers 404 for a twin that is not in the catalog, 409 when already added', async () => {
    const u = await user();
    expectError(await u.add({ twin_id: randomUUID() }), 404, 'TWIN_NOT_FOUND');
    expect((await u.add({ twin_id: ELON, is_favorite: true })).status).toBe(201);
    const again = await u.add({ twin_id: ELON, is_favorite: false, participation_mode: 'observer' });
    expectError(again, 409, 'TWIN_ALREADY_ADDED');
    // The first add stands untouched.
    const mine = await u.mine();
    expect(mine.body.data.twins).toHaveLength(1);
    expect(mine.body.data.twins[0]).toMatchObject({ twin_id: ELON, is_favorite: true, participation_mode: 'active' });
  });

  const bad: [string, unknown, string][] = [
    ['a malformed twin_id', { twin_id: 'not-a-uuid' }, 'twin_id'],
    ['a twin_id with a trailing character', { twin_id: `${STEVE}0` }, 'twin_id'],
    ['a missing twin_id', { is_favorite: true }, 'twin_id'],
    ['a numeric twin_id', { twin_id: 42 }, 'twin_id'],
    ['an unknown mode', { twin_id: STEVE, participation_mode: 'loud' }, 'participation_mode'],
    ['a mode of the wrong case', { twin_id: STEVE, participation_mode: 'Active' }, 'participation_mode'],
    ['a string is_favorite', { twin_id: STEVE, is_favorite: 'true' }, 'is_favorite'],
    ['a numeric is_favorite', { twin_id: STEVE, is_favorite: 1 }, 'is_favorite'],
    ['array settings', { twin_id: STEVE, settings: [1, 2] }, 'settings'],
    ['string settings', { twin_id: STEVE, settings: 'x' }, 'settings'],
    ['null settings', { twin_id: STEVE, settings: null }, 'settings'],
    ['oversized settings', { twin_id: STEVE, settings: { blob: 'x'.repeat(20_000) } }, 'settings'],
    ['an array body', [{ twin_id: STEVE }], 'body'],
    ['a string body', 'steve', 'body'],
  ];
  it.each(bad)('rejects %s with 400 naming the field and changes nothing', async (_label, body, field) => {
    const u = await user();
    expectError(await u.add(body), 400, 'VALIDATION_ERROR', field);
    expect((await u.mine()).body.data.total_twins).toBe(0);
  });

  it('rejects malformed JSON, a missing body, a foreign content type and an oversized body', async () => {
    const u = await user();
    expectError(await u.call('POST', `${BASE}/twins`, undefined, { raw: `{"twin_id": "${STEVE}",` }), 400, 'INVALID_JSON', 'body');
    expectError(await u.call('POST', `${BASE}/twins`, undefined, { raw: '' }), 400, 'VALIDATION_ERROR', 'body');
    expectError(await u.call('POST', `${BASE}/twins`), 400, 'VALIDATION_ERROR', 'body');
    const asText = { raw: JSON.stringify({ twin_id: STEVE }), contentType: 'text/plain' };
    // JSON is the only body the API takes: text/plain is a 415 like any other foreign type (issue 10).
    const refused = await u.call('POST', `${BASE}/twins`, undefined, asText);
    expectError(refused, 415, 'UNSUPPORTED_MEDIA_TYPE', 'body');
    expect(refused.body.error.message).toContain('Content-Type: application/json');
    const asXml = { raw: '<twin_id/>', contentType: 'application/xml' };
    expectError(await u.call('POST', `${BASE}/twins`, undefined, asXml), 415, 'UNSUPPORTED_MEDIA_TYPE', 'body');
    const huge = JSON.stringify({ twin_id: STEVE, settings: { blob: 'x'.repeat(BODY_LIMIT) } });
    // Beyond the server's body limit: refused before parsing, a 413 that states the limit (issue 10).
    const tooBig = await u.call('POST', `${BASE}/twins`, undefined, { raw: huge });
    expectError(tooBig, 413, 'PAYLOAD_TOO_LARGE', 'body');
    expect(tooBig.body.error.message).toContain(`${BODY_LIMIT} bytes`);
    expect((await u.mine()).body.data.total_twins).toBe(0);
  });
});

describe('DELETE /twins/:twinId', () => {
  it('removes by catalog twin id and answers 404 once gone', async () => {
    const u = await user();
    const added = await u.add({ twin_id: STEVE });
    await u.add({ twin_id: ELON });
    // The workspace row id is not the twin id.
    expectError(await u.remove(added.body.data.id), 404, 'TWIN_NOT_IN_WORKSPACE');
    const res = await u.remove(STEVE);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { removed: true, twin_id: STEVE } });
    expect((await u.mine()).body.data.twins.map((t: { twin_id: string }) => t.twin_id)).toEqual([ELON]);
    expectError(await u.remove(STEVE), 404, 'TWIN_NOT_IN_WORKSPACE');
    expectError(await u.remove(randomUUID()), 404, 'TWIN_NOT_IN_WORKSPACE');
    // Removed twins can be added again.
    expect((await u.add({ twin_id: STEVE })).status).toBe(201);
  });

  it('removes the contract Paul Graham id', async () => {
    const u = await user();
    expect((await u.add({ twin_id: PAUL })).status).toBe(201);
    expect((await u.remove(PAUL)).status).toBe(200);
  });

  it('rejects a malformed twinId with 400', async () => {
    const u = await user();
    await u.add({ twin_id: STEVE });
    expectError(await u.remove('steve-jobs'), 400, 'VALIDATION_ERROR', 'twinId');
    expect((await u.mine()).body.data.total_twins).toBe(1);
  });
});

describe('PATCH /twins/:twinId', () => {
  it('updates the given fields, keeps the rest, and answers with updated_at', async () => {
    const u = await user();
    const added = await u.add({ twin_id: STEVE, is_favorite: true, settings: { a: 1 } });
    await sleep(5);
    const res = await u.patch(STEVE, { participation_mode: 'observer' });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.data).toMatchObject({
      id: added.body.data.id,
      customer_id: u.customerId,
      user_id: u.userId,
      twin_id: STEVE,
      is_favorite: true,
      participation_mode: 'observer',
      settings: { a: 1 },
      updated_at: expect.stringMatching(ISO),
    });
    expect(Date.parse(res.body.data.updated_at)).toBeGreaterThan(Date.parse(added.body.data.added_at));

    await sleep(5);
    const second = await u.patch(STEVE, { is_favorite: false, settings: { b: 2 } });
    expect(second.body.data).toMatchObject({ is_favorite: false, participation_mode: 'observer', settings: { b: 2 } });
    expect(Date.parse(second.body.data.updated_at)).toBeGreaterThan(Date.parse(res.body.data.updated_at));

    const mine = await u.mine();
    expect(mine.body.data.twins[0]).toMatchObject({ twin_id: STEVE, is_favorite: false, participation_mode: 'observer', settings: { b: 2 } });
    expect(mine.body.data).toMatchObject({ favorite_count: 0, active_count: 0 });
  });

  it('answers 400 when no field is given, and for bad values, without changing anything', async () => {
    const u = await user();
    await u.add({ twin_id: ELON, is_favorite: true });
    const empty = await u.patch(ELON, {});
    expectError(empty, 400, 'VALIDATION_ERROR');
    expect(empty.body.error.message).toMatch(/is_favorite, participation_mode, settings/);
    // Unknown fields alone are not "a field".
    expectError(await u.patch(ELON, { name: 'Elon' }), 400, 'VALIDATION_ERROR');
    expectError(await u.patch(ELON, { participation_mode: 'sometimes' }), 400, 'VALIDATION_ERROR', 'participation_mode');
    expectError(await u.patch(ELON, { is_favorite: 'no' }), 400, 'VALIDATION_ERROR', 'is_favorite');
    expectError(await u.patch(ELON, { settings: [] }), 400, 'VALIDATION_ERROR', 'settings');
    expectError(await u.patch('nope', { is_favorite: false }), 400, 'VALIDATION_ERROR', 'twinId');
    expectError(await u.call('PATCH', `${BASE}/twins/${ELON}`, undefined, { raw: '{is_favorite: false}' }), 400, 'INVALID_JSON', 'body');
    const mine = await u.mine();
    expect(mine.body.data.twins[0]).toMatchObject({ twin_id: ELON, is_favorite: true, participation_mode: 'active', settings: {} });
  });

  it('answers 404 when the twin is not in the workspace', async () => {
    const u = await user();
    expectError(await u.patch(STEVE, { is_favorite: true }), 404, 'TWIN_NOT_IN_WORKSPACE');
    expectError(await u.patch(randomUUID(), { is_favorite: true }), 404, 'TWIN_NOT_IN_WORKSPACE');
    expect((await u.mine()).body.data.total_twins).toBe(0);
  });
});

describe("another user's workspace", () => {
  it('is invisible and untouchable with the same twin ids', async () => {
    const customer = randomUUID();
    const alice = await user(customer);
    const bob = await user(customer);
    await alice.add({ twin_id: STEVE, is_favorite: true, settings: { owner: 'alice' } });
    await alice.add({ twin_id: ELON });

    expect((await bob.mine()).body.data).toMatchObject({ user_id: bob.userId, twins: [], total_twins: 0 });
    expectError(await bob.remove(STEVE), 404, 'TWIN_NOT_IN_WORKSPACE');
    expectError(await bob.patch(ELON, { participation_mode: 'observer' }), 404, 'TWIN_NOT_IN_WORKSPACE');
    // Bob adding the same twin makes his own row, not a conflict with Alice's.
    const bobs = await bob.add({ twin_id: STEVE, settings: { owner: 'bob' } });
    expect(bobs.status).toBe(201);
    expect(bobs.body.data.user_id).toBe(bob.userId);
    expect((await bob.remove(STEVE)).status).toBe(200);

    const mine = await alice.mine();
    expect(mine.body.data.total_twins).toBe(2);
    expect(mine.body.data.twins[0]).toMatchObject({ twin_id: STEVE, is_favorite: true, participation_mode: 'active', settings: { owner: 'alice' } });
    expect(mine.body.data.twins[1]).toMatchObject({ twin_id: ELON, participation_mode: 'active' });
  });

  it('is separate per customer even for the same user id', async () => {
    const userId = randomUUID();
    const inA = await user(randomUUID(), userId);
    const inB = await user(randomUUID(), userId);
    expect((await inA.add({ twin_id: PAUL })).status).toBe(201);
    expect((await inB.mine()).body.data.total_twins).toBe(0);
    expectError(await inB.remove(PAUL), 404, 'TWIN_NOT_IN_WORKSPACE');
    expectError(await inB.patch(PAUL, { is_favorite: true }), 404, 'TWIN_NOT_IN_WORKSPACE');
    expect((await inB.add({ twin_id: PAUL })).status).toBe(201);
    expect((await inA.mine()).body.data.twins[0]).toMatchObject({ twin_id: PAUL, customer_id: inA.customerId, is_favorite: false });
  });
});
