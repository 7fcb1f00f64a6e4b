/** The twin catalog repository on both databases: listing, lookup, source sync, the cross-process cache. */
import { expect, it } from 'vitest';
import { BUNDLED_TWINS } from '../../src/catalog/bundled/index.js';
import { seedBundledCatalog } from '../../src/catalog/seed.js';
import { describeStores, logger, PAUL, remote, STEVE } from './support.js';

describeStores('twin catalog', (t) => {
  it('re-seeding keeps ids and timestamps of unchanged twins', async () => {
    const { store } = t();
    const before = await store.twins.get(STEVE);
    await seedBundledCatalog(BUNDLED_TWINS, { catalog: store.twins, logger });
    expect(await store.twins.get(STEVE)).toEqual(before);
  });

  it('lists by name with paging, category and every-word search', async () => {
    const { twins } = t().store;
    const all = await twins.list({ page: 1, pageSize: 100 });
    expect(all.total).toBe(BUNDLED_TWINS.length);
    const names = all.items.map((x) => x.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    const page2 = await twins.list({ page: 2, pageSize: 10 });
    expect(page2.items.map((x) => x.id)).toEqual(all.items.slice(10, 20).map((x) => x.id));
    expect((await twins.list({ page: 1, pageSize: 100, search: 'JOBS steve' })).items.map((x) => x.id)).toEqual([STEVE]);
    expect((await twins.list({ page: 1, pageSize: 100, search: 'steve', category: 'Writer' })).total).toBe(0);
    // Special characters are data, not syntax.
    expect((await twins.list({ page: 1, pageSize: 100, search: "%' OR zzqx' --" })).total).toBe(0);
    expect((await twins.list({ page: 1, pageSize: 100, search: '_' })).total).toBe(BUNDLED_TWINS.length);
  });

  it('lists a static group by name', async () => {
    const group = await t().store.twins.listGroup('gen_z');
    expect(group.length).toBeGreaterThan(0);
    expect(group.every((x) => x.demographic?.staticGroupKey === 'gen_z')).toBe(true);
    expect(group.map((x) => x.name)).toEqual([...group.map((x) => x.name)].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  });

  it('resolves by id, slug and name', async () => {
    const { twins } = t().store;
    expect((await twins.resolve(PAUL))?.slug).toBe('paul-graham');
    expect((await twins.resolve('@Paul-Graham'))?.id).toBe(PAUL);
    expect((await twins.resolve('  paul GRAHAM '))?.id).toBe(PAUL);
    expect(await twins.resolve('nobody')).toBeNull();
  });

  it('syncs a source: adds, updates, retires, and brings retired twins back under the same id', async () => {
    const { twins } = t().store;
    expect(await twins.syncSource('mind-reasoner', [remote('m1', 'Remote One'), remote('m2', 'Remote Two'), remote('m1', 'Duplicate')])).toEqual({ added: 2, updated: 0, retired: 0 });
    const one = (await twins.resolve('remote one'))!;
    expect(one).toMatchObject({ source: 'mind-reasoner', externalId: 'm1', category: 'Expert', slug: 'remote-one' });
    expect((await twins.getCurrent(one.id))?.id).toBe(one.id);

    expect(await twins.syncSource('mind-reasoner', [remote('m2', 'Remote Two', { category: 'Scientist' })])).toEqual({ added: 0, updated: 1, retired: 1 });
    expect((await twins.list({ page: 1, pageSize: 100, search: 'remote one' })).total).toBe(0);
    expect((await twins.get(one.id))?.name).toBe('Remote One');
    expect(await twins.getCurrent(one.id)).toBeNull();
    expect((await twins.list({ page: 1, pageSize: 100, category: 'Scientist', search: 'remote' })).total).toBe(1);
    // Retiring twice counts once.
    expect((await twins.syncSource('mind-reasoner', [remote('m2', 'Remote Two', { category: 'Scientist' })])).retired).toBe(0);

    expect(await twins.syncSource('mind-reasoner', [remote('m1', 'Remote One'), remote('m2', 'Remote Two')])).toMatchObject({ added: 0, updated: 2 });
    expect((await twins.getCurrent(one.id))?.id).toBe(one.id);
    // Bundled twins are never touched by a source's sync.
    expect((await twins.list({ page: 1, pageSize: 1, search: 'steve jobs' })).total).toBe(1);
    // An empty listing keeps the last good copy (a broken source must not empty the catalog)...
    expect(await twins.syncSource('mind-reasoner', [])).toEqual({ added: 0, updated: 0, retired: 0 });
    expect((await twins.list({ page: 1, pageSize: 100 })).total).toBe(BUNDLED_TWINS.length + 2);
    // ...while a listing that drops some twins retires exactly those.
    expect((await twins.syncSource('mind-reasoner', [remote('m2', 'Remote Two')])).retired).toBe(1);
    expect((await twins.list({ page: 1, pageSize: 100 })).total).toBe(BUNDLED_TWINS.length + 1);
  });

  it('keeps its catalog cache while another process writes only messages', async () => {
    const { store } = t();
    const before = (await store.twins.all())[0];
    const other = await t().openAnother();
    const channel = await other.channels.ensure({ platform: 'api', externalId: 'cache-check', customerId: 'c', workspaceUserId: 'u' });
    await other.messages.appendUser({ channelId: channel.id, threadId: null, jobId: 'cache-job', authorId: 'u', authorName: 'U', content: 'hello' });
    // The same frozen object: no reload of the whole catalog for a write that did not touch it.
    expect((await store.twins.all())[0]).toBe(before);
  });

  it("sees another process's catalog changes, and its own, at once", async () => {
    const { store } = t();
    expect((await store.twins.list({ page: 1, pageSize: 1 })).total).toBe(BUNDLED_TWINS.length);
    const other = await t().openAnother();
    await other.twins.syncSource('mind-reasoner', [remote('m9', 'Other Process')]);
    expect((await store.twins.list({ page: 1, pageSize: 100, search: 'other process' })).items.map((x) => x.name)).toEqual(['Other Process']);
    await other.twins.syncSource('mind-reasoner', [remote('m11', 'Replacement')]);
    expect((await store.twins.list({ page: 1, pageSize: 100, search: 'other process' })).total).toBe(0);
    // A workspace write elsewhere changes nothing visible.
    await other.workspace.insert({ customerId: 'c', userId: 'u' }, { twinId: STEVE, isFavorite: false, mode: 'active', settings: {} });
    expect((await store.twins.list({ page: 1, pageSize: 1 })).total).toBe(BUNDLED_TWINS.length + 1);
    await store.twins.syncSource('mind-reasoner', [remote('m10', 'Same Process')]);
    expect((await store.twins.all()).map((x) => x.name)).toContain('Same Process');
  });

  it('hands out twins that callers cannot change', async () => {
    const { twins } = t().store;
    const [first] = (await twins.list({ page: 1, pageSize: 1 })).items;
    expect(() => {
      (first as { name: string }).name = 'Changed';
    }).toThrow(TypeError);
    expect(() => first!.expertise.push('x')).toThrow(TypeError);
    expect((await twins.list({ page: 1, pageSize: 1 })).items[0]?.name).not.toBe('Changed');
  });

  it('gives a synced twin whose name clashes a slug of its own', async () => {
    const { twins } = t().store;
    await twins.syncSource('mind-reasoner', [remote('m-steve', 'Steve Jobs')]);
    const slugs = (await twins.list({ page: 1, pageSize: 10, search: 'steve jobs' })).items.map((x) => x.slug).sort();
    expect(slugs).toEqual(['steve-jobs', 'steve-jobs-2']);
    expect((await twins.get(STEVE))?.source).toBe('bundled');
  });

  it('two processes syncing the same source at once agree on ids and slugs', async () => {
    const { store } = t();
    const other = await t().openAnother();
    const listing = [remote('c1', 'Concurrent One'), remote('c2', 'Concurrent Two')];
    const results = await Promise.all([store.twins.syncSource('mind-reasoner', listing), other.twins.syncSource('mind-reasoner', listing)]);
    expect(results.map((r) => r.added + r.updated)).toEqual([2, 2]);
    const found = (await store.twins.list({ page: 1, pageSize: 10, search: 'concurrent' })).items.map((x) => x.slug);
    expect(found).toEqual(['concurrent-one', 'concurrent-two']);
  });
});
