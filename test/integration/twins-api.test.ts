/**
 * api/twins.md over real HTTP for the owning customer, and the same requests from a second
 * customer: another customer's twin does not exist (404, never 403) on any route.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceEvent } from '../../src/core/ports.js';
import { startTestApp, type TestApp } from '../support/harness.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/personas/${name}`, import.meta.url));
const CUSTOMER_A = randomUUID();
const CUSTOMER_B = randomUUID();
const USER_A = randomUUID();
const USER_B = randomUUID();
const STEVE = '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c';

let app: TestApp;
let tokenA: string;
let tokenB: string;
const events: WorkspaceEvent[] = [];

beforeAll(async () => {
  app = await startTestApp({ api: true, anthropic: false, worker: false });
  tokenA = await app.token(USER_A, CUSTOMER_A);
  tokenB = await app.token(USER_B, CUSTOMER_B);
  await app.core.events.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await app?.close();
});

interface Res {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  bytes: Buffer;
}

async function call(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const init: RequestInit = { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } };
  if (Buffer.isBuffer(body)) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(`${app.url}${path}`, init);
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, bytes, body: type.includes('json') && bytes.length ? JSON.parse(bytes.toString()) : null };
}

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setImmediate(r));
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
}

const ADA = {
  name: 'Ada the Analyst',
  persona: {
    prompt: 'You are Ada, a data analyst at a mid-size retailer. You ask for the denominator first.',
    examples: ['Show me the denominator.', 'That chart starts its y-axis at 40.'],
    greeting: 'Hi — what are we measuring?',
  },
  tags: ['analytics'],
};

describe('create, read, edit, delete', () => {
  let ada: { id: string; slug: string };

  it('POST creates a custom twin with the contract fields and defaults', async () => {
    const res = await call('POST', '/api/v2/twins', tokenA, ADA);
    expect(res.status).toBe(201);
    const t = res.body.data;
    ada = t;
    expect(t).toMatchObject({
      slug: 'ada-the-analyst',
      name: 'Ada the Analyst',
      description: 'You are Ada, a data analyst at a mid-size retailer.',
      category: 'Expert',
      expertise: [],
      avatar_url: null,
      source: 'custom',
      owner_customer_id: CUSTOMER_A,
      persona: { ...ADA.persona, scenario: null },
      profile: null,
      tags: ['analytics'],
      extensions: {},
    });
    expect(Object.keys(t).sort()).toEqual(
      ['avatar_url', 'category', 'created_at', 'description', 'expertise', 'extensions', 'id', 'name', 'owner_customer_id', 'persona', 'profile', 'slug', 'source', 'tags', 'updated_at'],
    );
  });

  it('GET by id or slug for the owner; 404 for another customer on every route', async () => {
    expect((await call('GET', `/api/v2/twins/${ada.id}`, tokenA)).body.data.id).toBe(ada.id);
    expect((await call('GET', `/api/v2/twins/${ada.slug}`, tokenA)).body.data.id).toBe(ada.id);
    for (const [method, path, body] of [
      ['GET', `/api/v2/twins/${ada.id}`],
      ['GET', `/api/v2/twins/${ada.slug}`],
      ['PATCH', `/api/v2/twins/${ada.id}`, { name: 'Stolen' }],
      ['DELETE', `/api/v2/twins/${ada.id}`],
      ['GET', `/api/v2/twins/${ada.id}/export?format=ccv2`],
      ['GET', `/api/v2/twins/${ada.id}/avatar`],
      ['POST', '/api/v2/twin-workspace/twins', { twin_id: ada.id }],
      ['GET', `/v1/workspaces/${CUSTOMER_B}/twins/${ada.id}`],
    ] as const) {
      const res = await call(method, path, tokenB, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.success).toBe(false);
    }
    expect((await call('GET', `/api/v2/twins/${ada.id}`, tokenA)).body.data.name).toBe('Ada the Analyst');
  });

  it('/available lists it (search, category) for its customer only', async () => {
    const mine = await call('GET', '/api/v2/twin-workspace/available?search=analyst&page_size=100', tokenA);
    expect(mine.body.data.map((t: { id: string }) => t.id)).toContain(ada.id);
    expect(mine.body.data.find((t: { id: string }) => t.id === ada.id).source).toBe('custom');
    const expert = await call('GET', '/api/v2/twin-workspace/available?category=Expert&page_size=100', tokenA);
    expect(expert.body.data.map((t: { id: string }) => t.id)).toContain(ada.id);
    const theirs = await call('GET', '/api/v2/twin-workspace/available?search=analyst&page_size=100', tokenB);
    expect(theirs.body.data.map((t: { id: string }) => t.id)).not.toContain(ada.id);
    const all = await call('GET', '/api/v2/twin-workspace/available?page_size=100', tokenB);
    expect(all.body.pagination.total).toBe((await call('GET', '/api/v2/twin-workspace/available?page_size=100', tokenA)).body.pagination.total - 1);
  });

  it('slugs are unique per customer: 409 SLUG_TAKEN for the same customer, free for another', async () => {
    const again = await call('POST', '/api/v2/twins', tokenA, { ...ADA, slug: 'ada-the-analyst' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SLUG_TAKEN');
    const derived = await call('POST', '/api/v2/twins', tokenA, ADA);
    expect(derived.body.data.slug).toBe('ada-the-analyst-2');
    const other = await call('POST', '/api/v2/twins', tokenB, { ...ADA, slug: 'ada-the-analyst' });
    expect(other.status).toBe(201);
    expect((await call('GET', '/api/v2/twins/ada-the-analyst', tokenB)).body.data.owner_customer_id).toBe(CUSTOMER_B);
  });

  it('bad fields are a 400 naming the field', async () => {
    for (const [body, field] of [
      [{ ...ADA, name: '' }, 'name'],
      [{ ...ADA, persona: { prompt: 'x'.repeat(20_001) } }, 'persona.prompt'],
      [{ ...ADA, persona: { ...ADA.persona, examples: Array(21).fill('line') } }, 'persona.examples'],
      [{ ...ADA, slug: 'No Spaces' }, 'slug'],
      [{ ...ADA, avatar_url: 'http://example.com/a.png' }, 'avatar_url'],
      [{ ...ADA, category: 'Wizard' }, 'category'],
    ] as const) {
      const res = await call('POST', '/api/v2/twins', tokenA, body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    expect((await call('PATCH', `/api/v2/twins/${ada.id}`, tokenA, {})).status).toBe(400);
  });

  it('catalog twins are read-only: 403 TWIN_READ_ONLY', async () => {
    expect((await call('GET', `/api/v2/twins/${STEVE}`, tokenA)).body.data.source).toBe('bundled');
    const patch = await call('PATCH', `/api/v2/twins/${STEVE}`, tokenA, { name: 'Steve' });
    expect(patch.status).toBe(403);
    expect(patch.body.error.code).toBe('TWIN_READ_ONLY');
    expect((await call('DELETE', `/api/v2/twins/${STEVE}`, tokenA)).body.error.code).toBe('TWIN_READ_ONLY');
  });

  it('PATCH changes it for the next message and tells workspaces holding it (twin:updated)', async () => {
    const added = await call('POST', '/api/v2/twin-workspace/twins', tokenA, { twin_id: ada.id });
    expect(added.status).toBe(201);
    const res = await call('PATCH', `/api/v2/twins/${ada.id}`, tokenA, { name: 'Ada Lovelace-Stats', persona: { scenario: 'A review.' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Ada Lovelace-Stats', slug: 'ada-the-analyst', persona: { prompt: ADA.persona.prompt, scenario: 'A review.' } });
    const mine = await call('GET', '/api/v2/twin-workspace/mine', tokenA);
    expect(mine.body.data.twins.find((t: { twin_id: string }) => t.twin_id === ada.id).name).toBe('Ada Lovelace-Stats');
    // What the engine routes with, in this process and any other reading the same store.
    expect((await app.core.workspace.routable({ customerId: CUSTOMER_A, userId: USER_A }, randomUUID())).map((r) => r.name)).toContain('Ada Lovelace-Stats');
    await eventually(() => events.some((e) => e.event === 'twin:updated' && e.data['twin_id'] === ada.id));
  });

  it('DELETE removes it from every workspace (twin:removed) and it is gone', async () => {
    const res = await call('DELETE', `/api/v2/twins/${ada.id}`, tokenA);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { deleted: true, twin_id: ada.id } });
    await eventually(() => events.some((e) => e.event === 'twin:removed' && e.data['twin_id'] === ada.id));
    expect((await call('GET', `/api/v2/twins/${ada.id}`, tokenA)).status).toBe(404);
    const mine = await call('GET', '/api/v2/twin-workspace/mine', tokenA);
    expect(mine.body.data.twins.map((t: { twin_id: string }) => t.twin_id)).not.toContain(ada.id);
    // Its slug is free again.
    expect((await call('POST', '/api/v2/twins', tokenA, { ...ADA, slug: 'ada-the-analyst' })).status).toBe(201);
  });

  it('add_to_workspace adds it (twin:added)', async () => {
    const res = await call('POST', '/api/v2/twins', tokenA, { ...ADA, name: 'Bo', add_to_workspace: { participation_mode: 'observer', is_favorite: true } });
    const mine = await call('GET', '/api/v2/twin-workspace/mine', tokenA);
    expect(mine.body.data.twins.find((t: { twin_id: string }) => t.twin_id === res.body.data.id)).toMatchObject({ participation_mode: 'observer', is_favorite: true });
  });
});

describe('routing and lookups prefer the customer’s own twin of a name', () => {
  it('a custom "Steve Jobs" wins for its customer, the catalog one for everyone else', async () => {
    const res = await call('POST', '/api/v2/twins', tokenA, { name: 'Steve Jobs', persona: { prompt: 'You are our own Steve, the office coffee machine.' } });
    expect((await app.core.catalog.resolve('Steve Jobs', CUSTOMER_A)).id).toBe(res.body.data.id);
    expect((await app.core.catalog.resolve('Steve Jobs', CUSTOMER_B)).id).toBe(STEVE);
    expect((await app.core.catalog.resolve('Steve Jobs')).id).toBe(STEVE);
    expect((await app.core.catalog.suggest('steve', 25, CUSTOMER_A)).map((t) => t.id)).toContain(res.body.data.id);
    expect((await app.core.catalog.suggest('steve', 25, CUSTOMER_B)).map((t) => t.id)).not.toContain(res.body.data.id);
  });

  it('static groups list the customer’s own twins whose profile names the group, for that customer only', async () => {
    const profile = { title: 'Ms', age: 29, gender: 'female', location: 'Porto', jobTitle: 'Nurse', selfDescription: 'Night shifts.', staticGroupKey: 'millennials' };
    const res = await call('POST', '/api/v2/twins', tokenA, { name: 'Rita Panel', persona: { prompt: 'You are Rita, a nurse in Porto.' }, profile });
    const ids = async (token: string, customer: string) =>
      (await call('GET', `/v1/workspaces/${customer}/static-groups/millennials/twins?size=100`, token)).body.data.map((t: { id: string }) => t.id);
    expect(await ids(tokenA, CUSTOMER_A)).toContain(res.body.data.id);
    expect(await ids(tokenB, CUSTOMER_B)).not.toContain(res.body.data.id);
  });
});

describe('import, export, avatars', () => {
  it('imports a JSON card and gives it back on export, in every format', async () => {
    const res = await call('POST', '/api/v2/twins/import', tokenA, fixture('ccv2-seraphina.json'), { 'content-type': 'application/json' });
    expect(res.status).toBe(201);
    expect(res.body.data.skipped).toEqual([]);
    const t = res.body.data.twins[0];
    expect(t).toMatchObject({ name: 'Seraphina', source: 'custom', tags: ['fantasy', 'healer', 'female'] });
    expect(t.extensions.chara_card.character_book.name).toBe('Eldoria');
    for (const format of ['ccv2', 'ccv3', 'eliza', 'png']) {
      const file = await call('GET', `/api/v2/twins/${t.id}/export?format=${format}`, tokenA);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="seraphina.${format === 'png' ? 'png' : 'json'}"`);
      const back = await call('POST', '/api/v2/twins/import', tokenA, file.bytes, { 'content-type': format === 'png' ? 'image/png' : 'application/json' });
      const u = back.body.data.twins[0];
      expect(u.slug).not.toBe(t.slug);
      for (const k of ['name', 'persona', 'tags', 'extensions', 'description']) expect(u[k], `${format} ${k}`).toEqual(t[k]);
    }
    // The catalog's twins export too.
    const steve = await call('GET', `/api/v2/twins/${STEVE}/export?format=ccv3`, tokenB);
    expect(steve.body.spec).toBe('chara_card_v3');
  });

  it('imports a PNG card with its avatar, served with its type, ETag and cache headers', async () => {
    const res = await call('POST', '/api/v2/twins/import?add_to_workspace=true', tokenA, fixture('card-v3.png'), { 'content-type': 'image/png' });
    expect(res.status).toBe(201);
    const t = res.body.data.twins[0];
    expect(t.avatar_url).toMatch(new RegExp(`^/api/v2/twins/${t.id}/avatar\\?v=[A-Za-z0-9_-]+$`));
    const path = `/api/v2/twins/${t.id}/avatar`;
    const avatar = await call('GET', path, tokenA);
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get('content-type')).toBe('image/png');
    expect(avatar.headers.get('cache-control')).toMatch(/max-age/);
    const etag = avatar.headers.get('etag')!;
    expect(avatar.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect((await call('GET', path, tokenA, undefined, { 'if-none-match': etag })).status).toBe(304);
    // The twin's link carries the content hash and works without credentials (Discord fetches
    // webhook avatars so); without it, or with another hash, there is nothing.
    expect(t.avatar_url).toBe(`${path}?v=${etag.replace(/"/g, '')}`);
    const pub = await call('GET', t.avatar_url, null);
    expect(pub.status).toBe(200);
    expect(pub.headers.get('cache-control')).toContain('immutable');
    expect((await call('GET', `${path}?v=wrong`, null)).status).toBe(404);
    expect((await call('GET', path, null)).status).toBe(401);
    expect((await call('GET', path, tokenB)).status).toBe(404);
    expect((await call('GET', t.avatar_url, tokenB)).status).toBe(404);
    const mine = await call('GET', '/api/v2/twin-workspace/mine', tokenA);
    expect(mine.body.data.twins.find((x: { twin_id: string }) => x.twin_id === t.id).participation_mode).toBe('on-demand');
  });

  it('imports a PluralKit export: one twin per member, the rest skipped with the reason', async () => {
    const res = await call('POST', '/api/v2/twins/import', tokenA, fixture('pluralkit.json'), { 'content-type': 'application/json' });
    expect(res.status).toBe(201);
    expect(res.body.data.twins.map((t: { name: string }) => t.name)).toEqual(['Iris Keeper', 'Tom']);
    expect(res.body.data.twins[0].avatar_url).toBe('https://cdn.example.com/iris.png');
    expect(res.body.data.skipped).toEqual([{ name: 'Quiet', reason: 'no description' }]);
  });

  it('a bad file is a 400 IMPORT_INVALID and creates nothing', async () => {
    const count = async () => (await app.core.store.twins.custom(CUSTOMER_A)).length;
    const before = await count();
    const bad = Buffer.from(fixture('card-v2.png'));
    bad[43] = bad[43]! ^ 0xff;
    for (const [body, type, why] of [
      [bad, 'image/png', /wrong CRC/],
      [Buffer.from('{"hello":"world"}'), 'application/json', /not a recognised persona format/],
      [Buffer.alloc(8 * 1024 * 1024 + 10, 0x20), 'application/json', /over 8 MB/],
      [Buffer.from('{"version":1,"members":[' + Array(201).fill('{"name":"a","description":"b"}').join(',') + ']}'), 'application/json', /over the limit of 200/],
    ] as const) {
      const res = await call('POST', '/api/v2/twins/import', tokenA, body, { 'content-type': type });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('IMPORT_INVALID');
      expect(res.body.error.message).toMatch(why);
    }
    expect(await count()).toBe(before);
    expect((await call('POST', '/api/v2/twins/import', tokenA, Buffer.from('x'), { 'content-type': 'text/plain' })).status).toBe(415);
  });
});
