/** Workspace, channel and API-key repositories on both databases. */
import type { KyselyPlugin } from 'kysely';
import { expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/store/db.js';
import { KyselyTwinCatalog } from '../../src/store/twins.js';
import { KyselyWorkspaceStore } from '../../src/store/workspace.js';
import { describeStores, ELON, PAUL, remote, STEVE } from './support.js';

const owner = { customerId: 'c1', userId: 'u1' };

/** The workspace and catalog repositories over one handle whose statements are counted as they run. */
function counted(handle: DatabaseHandle) {
  const counter = { statements: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    // Called once per statement executed (subqueries are part of their statement).
    transformResult: (args) => {
      counter.statements++;
      return Promise.resolve(args.result);
    },
  };
  const h = { ...handle, db: handle.db.withPlugin(plugin) };
  const twins = new KyselyTwinCatalog(h);
  return { counter, twins, workspace: new KyselyWorkspaceStore(h, twins) };
}

describeStores('workspace store', (t) => {
  it('orders favorites first, then newest, with same-millisecond ties by insertion', async () => {
    const { store } = t();
    for (const twinId of [STEVE, ELON, PAUL]) {
      expect(await store.workspace.insert(owner, { twinId, isFavorite: false, mode: 'active', settings: {} })).not.toBeNull();
    }
    // Force one shared timestamp: insertion order still decides.
    await store.handle.db.updateTable('workspace_twins').set({ added_at: '2026-01-01T00:00:00.000Z' }).execute();
    expect((await store.workspace.list(owner)).map((v) => v.twinId)).toEqual([PAUL, ELON, STEVE]);
    await store.workspace.patch(owner, STEVE, { isFavorite: true });
    expect((await store.workspace.list(owner)).map((v) => v.twinId)).toEqual([STEVE, PAUL, ELON]);
  });

  it('refuses a duplicate, and a twin that does not exist', async () => {
    const { store } = t();
    expect(await store.workspace.insert(owner, { twinId: STEVE, isFavorite: false, mode: 'active', settings: {} })).not.toBeNull();
    expect(await store.workspace.insert(owner, { twinId: STEVE, isFavorite: true, mode: 'observer', settings: {} })).toBeNull();
    await expect(store.workspace.insert(owner, { twinId: '00000000-0000-4000-8000-000000000000', isFavorite: false, mode: 'active', settings: {} })).rejects.toThrow(/foreign key/i);
  });

  it('patches fields and keeps the rest', async () => {
    const { store } = t();
    await store.workspace.insert(owner, { twinId: STEVE, isFavorite: false, mode: 'active', settings: { a: 1 } });
    const row = await store.workspace.patch(owner, STEVE, { participationMode: 'observer' });
    expect(row).toMatchObject({ twinId: STEVE, isFavorite: false, participationMode: 'observer', settings: { a: 1 } });
    expect(await store.workspace.patch(owner, PAUL, { isFavorite: true })).toBeNull();
  });

  it('removes a twin with its channel overrides, in that workspace only', async () => {
    const { store } = t();
    const other = { customerId: 'c1', userId: 'u2' };
    await store.workspace.insert(owner, { twinId: STEVE, isFavorite: false, mode: 'active', settings: {} });
    await store.workspace.insert(other, { twinId: STEVE, isFavorite: false, mode: 'active', settings: {} });
    const mine = await store.channels.ensure({ platform: 'api', externalId: 'ch-1', customerId: 'c1', workspaceUserId: 'u1' });
    const theirs = await store.channels.ensure({ platform: 'api', externalId: 'ch-2', customerId: 'c1', workspaceUserId: 'u2' });
    await store.workspace.setChannelMode(mine.id, STEVE, 'observer');
    await store.workspace.setChannelMode(theirs.id, STEVE, 'on-demand');
    await store.workspace.setChannelMode(theirs.id, STEVE, 'observer');
    await store.workspace.setChannelMode(theirs.id, STEVE, 'on-demand');
    expect((await store.workspace.delete(owner, STEVE))?.twinId).toBe(STEVE);
    expect(await store.workspace.delete(owner, STEVE)).toBeNull();
    expect((await store.workspace.channelModes(mine.id)).size).toBe(0);
    expect((await store.workspace.channelModes(theirs.id)).get(STEVE)).toBe('on-demand');
    expect(await store.workspace.list(other)).toHaveLength(1);
  });
});

describeStores('workspace listing', (t) => {
  it('is one statement with catalog and own twins from their snapshots (a retired twin is read by id)', async () => {
    const { store } = t();
    const steve = (await store.twins.get(STEVE))!;
    const { id: _i, createdAt: _c, updatedAt: _u, ...fields } = steve;
    const mine = { ...fields, id: '00000000-0000-4000-8000-0000000000c1', slug: 'my-steve', name: 'My Steve', source: 'custom' as const, ownerCustomerId: 'c1' };
    await store.twins.upsert([mine]);
    await store.twins.syncSource('mind-reasoner', [remote('m1', 'Remote One')]);
    const retired = (await store.twins.resolve('remote one'))!;
    for (const twinId of [STEVE, ELON, PAUL, mine.id, retired.id]) {
      await store.workspace.insert(owner, { twinId, isFavorite: twinId === PAUL, mode: 'active', settings: { twinId } });
    }
    // Retired by its source: no longer in the catalog, still in the workspaces that hold it.
    await store.twins.syncSource('mind-reasoner', [remote('m2', 'Remote Two')]);

    const { counter, twins, workspace } = counted(store.handle);
    const first = await workspace.list(owner);
    // The listing, and once after a change: the catalog's snapshot, the customer's own twins';
    // the retired twin is in neither, so it is read by id.
    expect(counter.statements).toBe(4);
    counter.statements = 0;
    const views = await workspace.list(owner);
    expect(counter.statements).toBe(2);
    expect(views).toEqual(first);
    expect(views.map((v) => v.twinId)).toEqual([PAUL, retired.id, mine.id, ELON, STEVE]);
    expect(views.map((v) => v.settings)).toEqual([PAUL, retired.id, mine.id, ELON, STEVE].map((twinId) => ({ twinId })));
    expect(views.find((v) => v.twinId === mine.id)?.twin).toMatchObject({ name: 'My Steve', ownerCustomerId: 'c1' });
    expect(views.find((v) => v.twinId === retired.id)?.twin).toEqual(await store.twins.get(retired.id));
    // The very object the catalog hands out: nothing was parsed again for it.
    const catalogSteve = (await twins.all()).find((x) => x.id === STEVE);
    expect(views.find((v) => v.twinId === STEVE)?.twin).toBe(catalogSteve);
    expect(catalogSteve).toEqual(steve);

    const channel = await store.channels.ensure({ platform: 'api', externalId: 'ch-list', customerId: 'c1', workspaceUserId: 'u1' });
    await workspace.setChannelMode(channel.id, ELON, 'observer');
    counter.statements = 0;
    const inChannel = await workspace.listInChannel(owner, channel.id);
    expect(counter.statements).toBe(2);
    expect(inChannel.map((r) => r.view)).toEqual(views);
    expect(inChannel.map((r) => [r.view.twinId, r.channelMode])).toEqual([[PAUL, null], [retired.id, null], [mine.id, null], [ELON, 'observer'], [STEVE, null]]);

    // Without a retired twin, a warm listing is the one statement.
    await store.workspace.delete(owner, retired.id);
    await workspace.list(owner);
    counter.statements = 0;
    expect((await workspace.list(owner)).map((v) => v.twinId)).toEqual([PAUL, mine.id, ELON, STEVE]);
    expect(counter.statements).toBe(1);
  });

  it('sees a catalog change made by another process in the next listing', async () => {
    const { store } = t();
    await store.twins.syncSource('mind-reasoner', [remote('m1', 'Remote One')]);
    const one = (await store.twins.resolve('remote one'))!;
    await store.workspace.insert(owner, { twinId: one.id, isFavorite: false, mode: 'active', settings: {} });
    expect((await store.workspace.list(owner))[0]?.twin.category).toBe('Expert');
    const other = await t().openAnother();
    await other.twins.syncSource('mind-reasoner', [remote('m1', 'Remote One', { category: 'Scientist' })]);
    expect((await store.workspace.list(owner))[0]?.twin.category).toBe('Scientist');
  });
});

describeStores('channel store', (t) => {
  it('ensures one channel per platform identity, across processes, and keeps its routing record', async () => {
    const { store } = t();
    const other = await t().openAnother();
    const input = { platform: 'discord' as const, externalId: '123', customerId: 'c', workspaceUserId: 'u' };
    const [a, b0] = await Promise.all([store.channels.ensure(input), other.channels.ensure(input)]);
    expect(a.id).toBe(b0.id);
    // Many first messages of new channels at once, from both processes: one channel each, no error.
    for (let round = 0; round < 40; round++) {
      const fresh = { ...input, externalId: `race-${round}` };
      const got = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? other : store).channels.ensure(fresh)));
      expect(new Set(got.map((c) => c.id)).size).toBe(1);
    }
    const b = await other.channels.ensure({ ...input, name: 'general' });
    expect(a.id).toBe(b.id);
    expect((await store.channels.get(a.id))?.name).toBe('general');
    expect(a.maxActive).toBe(1);
    expect(await store.channels.lastRouting(a.id)).toBeNull();
    const record = { jobId: 'j', messageId: 'm', routing: [], at: '2026-01-01T00:00:00.000Z' };
    await store.channels.setLastRouting(a.id, record);
    expect(await other.channels.lastRouting(a.id)).toEqual(record);
    expect(await store.channels.get('nope')).toBeNull();
  });
});

describeStores('API keys', (t) => {
  it('verifies by hash, lists, and revokes by id or prefix', async () => {
    const { users } = t().store;
    const { key, record } = await users.createApiKey({ userId: 'u1', customerId: 'c1', name: 'laptop' });
    expect((await users.verifyApiKey(key))?.id).toBe(record.id);
    expect(await users.verifyApiKey(`${key}x`)).toBeNull();
    expect((await users.listApiKeys('u1')).map((k) => k.id)).toEqual([record.id]);
    expect(JSON.stringify(await users.listApiKeys())).not.toContain(key.slice(3));
    expect((await users.revokeApiKey(record.prefix))?.revokedAt).toBeTruthy();
    expect(await users.verifyApiKey(key)).toBeNull();
    expect(await users.revokeApiKey('nope')).toBeNull();
  });

  it('records users as seen', async () => {
    const { store } = t();
    await store.users.seen('u9', 'c9');
    const rows = await store.handle.db.selectFrom('users').select(['id', 'customer_id']).where('id', '=', 'u9').execute();
    expect(rows).toEqual([{ id: 'u9', customer_id: 'c9' }]);
  });
});
