/** Workspace, channel and API-key repositories on both databases. */
import { expect, it } from 'vitest';
import { describeStores, ELON, PAUL, STEVE } from './support.js';

const owner = { customerId: 'c1', userId: 'u1' };

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

describeStores('channel store', (t) => {
  it('ensures one channel per platform identity, across processes, and keeps its routing record', async () => {
    const { store } = t();
    const other = await t().openAnother();
    const input = { platform: 'discord' as const, externalId: '123', customerId: 'c', workspaceUserId: 'u' };
    const [a, b0] = await Promise.all([store.channels.ensure(input), other.channels.ensure(input)]);
    expect(a.id).toBe(b0.id);
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
