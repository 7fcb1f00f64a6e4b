/** The SQLite repositories on a real database file: catalog, workspace, API keys, migrations. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_TWINS } from '../../src/catalog/bundled/index.js';
import { seedBundledCatalog } from '../../src/catalog/seed.js';
import type { RemoteTwinInput } from '../../src/core/ports.js';
import { createStore, type Store } from '../../src/store/index.js';

const logger = pino({ level: 'silent' });
const STEVE = '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c';
const ELON = '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const PAUL = 'b2c3d4e5-6f7a-8b9c-0d1e-2f3a4b5c6d7e';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tb-store-'));
  store = createStore({ path: join(dir, 'db', 'twinbridge.db'), maxActiveTwins: 1 }, { logger });
  seedBundledCatalog(BUNDLED_TWINS, { catalog: store.twins, logger });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const remote = (externalId: string, name: string, extra: Partial<RemoteTwinInput> = {}): RemoteTwinInput => ({
  externalId,
  name,
  description: `${name} from the remote source.`,
  category: 'Expert',
  expertise: ['Remote Things'],
  avatarUrl: null,
  personaPrompt: null,
  ...extra,
});

describe('database', () => {
  it('opens in WAL with foreign keys, and migrating twice is a no-op', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const versions = store.db.prepare('SELECT version FROM schema_migrations').pluck().all();
    const second = createStore({ path: join(dir, 'db', 'twinbridge.db'), maxActiveTwins: 1 }, { logger });
    expect(second.db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual(versions);
    // A second process sees the first one's data.
    expect(second.twins.get(STEVE)?.name).toBe('Steve Jobs');
    second.close();
    expect(store.ping()).toBe(true);
  });

  it('re-seeding keeps ids and timestamps of unchanged twins', () => {
    const before = store.twins.get(STEVE)!;
    seedBundledCatalog(BUNDLED_TWINS, { catalog: store.twins, logger });
    expect(store.twins.get(STEVE)).toEqual(before);
  });
});

describe('SqliteTwinCatalog', () => {
  it('lists by name with paging, category and every-word search', () => {
    const all = store.twins.list({ page: 1, pageSize: 100 });
    expect(all.total).toBe(BUNDLED_TWINS.length);
    const names = all.items.map((t) => t.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    const page2 = store.twins.list({ page: 2, pageSize: 10 });
    expect(page2.items.map((t) => t.id)).toEqual(all.items.slice(10, 20).map((t) => t.id));
    expect(store.twins.list({ page: 1, pageSize: 100, search: 'JOBS steve' }).items.map((t) => t.id)).toEqual([STEVE]);
    expect(store.twins.list({ page: 1, pageSize: 100, search: 'steve', category: 'Writer' }).total).toBe(0);
    // Special characters are data, not syntax.
    expect(store.twins.list({ page: 1, pageSize: 100, search: "%' OR zzqx' --" }).total).toBe(0);
    expect(store.twins.list({ page: 1, pageSize: 100, search: '_' }).total).toBe(BUNDLED_TWINS.length);
  });

  it('resolves by id, slug and name', () => {
    expect(store.twins.resolve(PAUL)?.slug).toBe('paul-graham');
    expect(store.twins.resolve('@Paul-Graham')?.id).toBe(PAUL);
    expect(store.twins.resolve('  paul GRAHAM ')?.id).toBe(PAUL);
    expect(store.twins.resolve('nobody')).toBeNull();
  });

  it('syncs a source: adds, updates, retires, and brings retired twins back under the same id', () => {
    expect(store.twins.syncSource('mind-reasoner', [remote('m1', 'Remote One'), remote('m2', 'Remote Two'), remote('m1', 'Duplicate')])).toEqual({
      added: 2,
      updated: 0,
      retired: 0,
    });
    const one = store.twins.resolve('remote one')!;
    expect(one).toMatchObject({ source: 'mind-reasoner', externalId: 'm1', category: 'Expert', slug: 'remote-one' });
    expect(store.twins.getCurrent(one.id)?.id).toBe(one.id);

    expect(store.twins.syncSource('mind-reasoner', [remote('m2', 'Remote Two', { category: 'Scientist' })])).toEqual({ added: 0, updated: 1, retired: 1 });
    expect(store.twins.list({ page: 1, pageSize: 100, search: 'remote one' }).total).toBe(0);
    expect(store.twins.get(one.id)?.name).toBe('Remote One');
    expect(store.twins.getCurrent(one.id)).toBeNull();
    expect(store.twins.list({ page: 1, pageSize: 100, category: 'Scientist', search: 'remote' }).total).toBe(1);
    // Retiring twice counts once.
    expect(store.twins.syncSource('mind-reasoner', [remote('m2', 'Remote Two', { category: 'Scientist' })]).retired).toBe(0);

    expect(store.twins.syncSource('mind-reasoner', [remote('m1', 'Remote One'), remote('m2', 'Remote Two')])).toMatchObject({ added: 0, updated: 2 });
    expect(store.twins.getCurrent(one.id)?.id).toBe(one.id);
    // Bundled twins are never touched by a source's sync.
    expect(store.twins.list({ page: 1, pageSize: 1, search: 'steve jobs' }).total).toBe(1);
    // An empty listing keeps the last good copy (a broken source must not empty the catalog)...
    expect(store.twins.syncSource('mind-reasoner', [])).toEqual({ added: 0, updated: 0, retired: 0 });
    expect(store.twins.list({ page: 1, pageSize: 100 }).total).toBe(BUNDLED_TWINS.length + 2);
    // ...while a listing that drops some twins retires exactly those.
    expect(store.twins.syncSource('mind-reasoner', [remote('m2', 'Remote Two')]).retired).toBe(1);
    expect(store.twins.list({ page: 1, pageSize: 100 }).total).toBe(BUNDLED_TWINS.length + 1);
  });

  it("keeps its catalog cache while another process writes only messages", () => {
    const before = store.twins.all()[0];
    const other = createStore({ path: join(dir, 'db', 'twinbridge.db'), maxActiveTwins: 1 }, { logger });
    try {
      const channel = other.channels.ensure({ platform: 'api', externalId: 'cache-check', customerId: 'c', workspaceUserId: 'u' });
      other.messages.appendUser({ channelId: channel.id, threadId: null, jobId: 'cache-job', authorId: 'u', authorName: 'U', content: 'hello' });
    } finally {
      other.close();
    }
    // The same frozen object: no reload of the whole catalog for a write that did not touch it.
    expect(store.twins.all()[0]).toBe(before);
  });

  it("sees another process's catalog changes, and its own, at once", () => {
    expect(store.twins.list({ page: 1, pageSize: 1 }).total).toBe(BUNDLED_TWINS.length);
    const other = createStore({ path: join(dir, 'db', 'twinbridge.db'), maxActiveTwins: 1 }, { logger });
    try {
      other.twins.syncSource('mind-reasoner', [remote('m9', 'Other Process')]);
      expect(store.twins.list({ page: 1, pageSize: 100, search: 'other process' }).items.map((t) => t.name)).toEqual(['Other Process']);
      other.twins.syncSource('mind-reasoner', [remote('m11', 'Replacement')]);
      expect(store.twins.list({ page: 1, pageSize: 100, search: 'other process' }).total).toBe(0);
      // A workspace write elsewhere changes nothing visible.
      other.workspace.insert({ customerId: 'c', userId: 'u' }, { twinId: STEVE, isFavorite: false, mode: 'active', settings: {} });
      expect(store.twins.list({ page: 1, pageSize: 1 }).total).toBe(BUNDLED_TWINS.length + 1);
    } finally {
      other.close();
    }
    store.twins.syncSource('mind-reasoner', [remote('m10', 'Same Process')]);
    expect(store.twins.all().map((t) => t.name)).toContain('Same Process');
  });

  it('hands out twins that callers cannot change', () => {
    const [first] = store.twins.list({ page: 1, pageSize: 1 }).items;
    expect(() => {
      (first as { name: string }).name = 'Changed';
    }).toThrow(TypeError);
    expect(() => first!.expertise.push('x')).toThrow(TypeError);
    expect(store.twins.list({ page: 1, pageSize: 1 }).items[0]?.name).not.toBe('Changed');
  });

  it('gives a synced twin whose name clashes a slug of its own', () => {
    store.twins.syncSource('mind-reasoner', [remote('m-steve', 'Steve Jobs')]);
    const slugs = store.twins.list({ page: 1, pageSize: 10, search: 'steve jobs' }).items.map((t) => t.slug).sort();
    expect(slugs).toEqual(['steve-jobs', 'steve-jobs-2']);
    expect(store.twins.get(STEVE)?.source).toBe('bundled');
  });
});

describe('SqliteWorkspaceStore', () => {
  const owner = { customerId: 'c1', userId: 'u1' };

  it('orders favorites first, then newest, with same-millisecond ties by insertion', () => {
    for (const twinId of [STEVE, ELON, PAUL]) {
      expect(store.workspace.insert(owner, { twinId, isFavorite: false, mode: 'active', settings: {} })).not.toBeNull();
    }
    // Force one shared timestamp: insertion order still decides.
    store.db.prepare("UPDATE workspace_twins SET added_at = '2026-01-01T00:00:00.000Z'").run();
    expect(store.workspace.list(owner).map((v) => v.twinId)).toEqual([PAUL, ELON, STEVE]);
    store.workspace.patch(owner, STEVE, { isFavorite: true });
    expect(store.workspace.list(owner).map((v) => v.twinId)).toEqual([STEVE, PAUL, ELON]);
  });

  it('refuses a duplicate, and a twin that does not exist', () => {
    expect(store.workspace.insert(owner, { twinId: STEVE, isFavorite: false, mode: 'active', settings: {} })).not.toBeNull();
    expect(store.workspace.insert(owner, { twinId: STEVE, isFavorite: true, mode: 'observer', settings: {} })).toBeNull();
    expect(() => store.workspace.insert(owner, { twinId: '00000000-0000-4000-8000-000000000000', isFavorite: false, mode: 'active', settings: {} })).toThrow(/FOREIGN KEY/);
  });

  it('removes a twin with its channel overrides, in that workspace only', () => {
    const other = { customerId: 'c1', userId: 'u2' };
    store.workspace.insert(owner, { twinId: STEVE, isFavorite: false, mode: 'active', settings: {} });
    store.workspace.insert(other, { twinId: STEVE, isFavorite: false, mode: 'active', settings: {} });
    const mine = store.channels.ensure({ platform: 'api', externalId: 'ch-1', customerId: 'c1', workspaceUserId: 'u1' });
    const theirs = store.channels.ensure({ platform: 'api', externalId: 'ch-2', customerId: 'c1', workspaceUserId: 'u2' });
    store.workspace.setChannelMode(mine.id, STEVE, 'observer');
    store.workspace.setChannelMode(theirs.id, STEVE, 'on-demand');
    expect(store.workspace.delete(owner, STEVE)?.twinId).toBe(STEVE);
    expect(store.workspace.delete(owner, STEVE)).toBeNull();
    expect(store.workspace.channelModes(mine.id).size).toBe(0);
    expect(store.workspace.channelModes(theirs.id).get(STEVE)).toBe('on-demand');
    expect(store.workspace.list(other)).toHaveLength(1);
  });
});

describe('SqliteUserStore API keys', () => {
  it('verifies by hash, lists, and revokes by id or prefix', () => {
    const { key, record } = store.users.createApiKey({ userId: 'u1', customerId: 'c1', name: 'laptop' });
    expect(store.users.verifyApiKey(key)?.id).toBe(record.id);
    expect(store.users.verifyApiKey(`${key}x`)).toBeNull();
    expect(store.users.listApiKeys('u1').map((k) => k.id)).toEqual([record.id]);
    expect(JSON.stringify(store.users.listApiKeys())).not.toContain(key.slice(3));
    expect(store.users.revokeApiKey(record.prefix)?.revokedAt).toBeTruthy();
    expect(store.users.verifyApiKey(key)).toBeNull();
    expect(store.users.revokeApiKey('nope')).toBeNull();
  });
});
