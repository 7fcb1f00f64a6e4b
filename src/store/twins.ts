import { sql, type Kysely } from 'kysely';
import type { Twin } from '../core/domain.js';
import { stableId } from '../core/ids.js';
import type { CatalogQuery, CatalogSink, CatalogSyncResult, Page, RemoteTwinInput, TwinCatalog } from '../core/ports.js';
import { normalizeKey, searchWords, slugify } from '../core/text.js';
import type { DatabaseHandle } from './db.js';
import type { Database } from './schema.js';
import { byName, frozen, toTwin, TWIN_COLUMNS as COLUMNS, twinValues, visibleTo, type TwinRow, type TwinUpsert } from './twin-rows.js';

export { visibleTo, type TwinUpsert } from './twin-rows.js';

const MAX_CACHED_CUSTOMERS = 1000;

interface Snapshot {
  version: number;
  twins: readonly Twin[];
  /** search_text of twins[i]. */
  texts: readonly string[];
  byId: ReadonlyMap<string, Twin>;
}

function snapshotOf(version: number, rows: readonly (TwinRow & { search_text: string })[]): Snapshot {
  const twins = rows.map((r) => frozen(toTwin(r)));
  return { version, twins, texts: rows.map((r) => r.search_text), byId: new Map(twins.map((t) => [t.id, t])) };
}

export class KyselyTwinCatalog implements TwinCatalog, CatalogSink {
  /**
   * The visible catalog in memory (it is tens to hundreds of twins): listing and searching it in
   * the database sorted whole rows, persona text included, on every request. Every read checks
   * the catalog's version row (bumped by triggers on any change to twins, by any process on any
   * host) and reloads when it moved, so the snapshot is never stale, however many hosts write.
   */
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  /** Each customer's own twins, cached like the snapshot (same version). */
  private readonly customSnapshots = new Map<string, Snapshot>();
  private readonly db: Kysely<Database>;

  constructor(private readonly handle: DatabaseHandle) {
    this.db = handle.db;
  }

  /**
   * By id. With a viewer (a customer id), null for another customer's twin; without one, any
   * twin (the engine resolving twins a workspace already holds). A deleted custom twin is gone for
   * everyone; a retired catalog twin stays readable for the workspaces that hold it.
   */
  async get(id: string, viewer?: string | null): Promise<Twin | null> {
    const row = await this.db
      .selectFrom('twins')
      .select(COLUMNS)
      .where('id', '=', id)
      .where((eb) => eb.or([eb('owner_customer_id', 'is', null), eb('retired_at', 'is', null)]))
      .executeTakeFirst();
    const twin = row ? toTwin(row) : null;
    return twin && (viewer === undefined || visibleTo(twin, viewer)) ? twin : null;
  }

  async getMany(ids: string[]): Promise<Map<string, Twin>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('twins')
      .select(COLUMNS)
      .where('id', 'in', [...new Set(ids)])
      .where((eb) => eb.or([eb('owner_customer_id', 'is', null), eb('retired_at', 'is', null)]))
      .execute();
    return new Map(rows.map((r) => [r.id, toTwin(r)]));
  }

  /** Like `get`, but null for a twin its source has retired (it can no longer be added). */
  async getCurrent(id: string): Promise<Twin | null> {
    const row = await this.db.selectFrom('twins').select(COLUMNS).where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
    return row ? toTwin(row) : null;
  }

  /** By id, slug or name, among the catalog and the viewer's own twins (own ones first). */
  async resolve(ref: string, viewer: string | null = null): Promise<Twin | null> {
    const trimmed = ref.trim().replace(/^@/, '');
    const byId = await this.get(trimmed, viewer);
    if (byId) return byId;
    const slug = trimmed.toLowerCase();
    const bySlug = (owner: string | null) =>
      this.db
        .selectFrom('twins')
        .select(COLUMNS)
        .where('slug', '=', slug)
        .where((eb) => (owner === null ? eb('owner_customer_id', 'is', null) : eb.and([eb('owner_customer_id', '=', owner), eb('retired_at', 'is', null)])))
        .executeTakeFirst();
    const row =
      (viewer !== null ? await bySlug(viewer) : undefined) ??
      (await bySlug(null)) ??
      (await this.db
        .selectFrom('twins')
        .select(COLUMNS)
        .where('name_key', '=', normalizeKey(trimmed))
        .where('retired_at', 'is', null)
        .where((eb) => eb.or([eb('owner_customer_id', 'is', null), eb('owner_customer_id', '=', viewer ?? '')]))
        // The customer's own twin wins over a catalog twin of the same name.
        .orderBy(sql`CASE WHEN owner_customer_id IS NULL THEN 1 ELSE 0 END`)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst());
    return row ? toTwin(row) : null;
  }

  /** A customer's own live twins, name order (cached until any twin changes). */
  async custom(customerId: string): Promise<readonly Twin[]> {
    return (await this.customSnapshot(customerId)).twins;
  }

  private async version(): Promise<number> {
    const row = await this.db.selectFrom('catalog_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
    return Number(row.version);
  }

  private async customSnapshot(customerId: string, known?: number): Promise<Snapshot> {
    const version = known ?? (await this.version());
    const cached = this.customSnapshots.get(customerId);
    if (cached && cached.version === version) return cached;
    const rows = await this.db
      .selectFrom('twins')
      .select([...COLUMNS, 'search_text'])
      .where('owner_customer_id', '=', customerId)
      .where('retired_at', 'is', null)
      .execute();
    rows.sort(byName);
    const snap = snapshotOf(version, rows);
    if (this.customSnapshots.size >= MAX_CACHED_CUSTOMERS) this.customSnapshots.clear();
    this.customSnapshots.set(customerId, snap);
    return snap;
  }

  private async visible(known?: number): Promise<Snapshot> {
    const version = known ?? (await this.version());
    const current = this.snapshot;
    if (current && current.version === version) return current;
    // Concurrent readers after a change share one reload.
    this.loading ??= this.load(version).finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(version: number): Promise<Snapshot> {
    const rows = await this.db
      .selectFrom('twins')
      .select([...COLUMNS, 'search_text'])
      .where('retired_at', 'is', null)
      .where('owner_customer_id', 'is', null)
      .execute();
    rows.sort(byName);
    const snapshot = snapshotOf(version, rows);
    if (!this.snapshot || this.snapshot.version <= version) this.snapshot = snapshot;
    return snapshot;
  }

  /**
   * The twins a workspace listing joined (their ids and owners, read in the same statement as
   * the catalog version): a live catalog twin is taken from the snapshot of that version, already
   * parsed and shared (the snapshot loads once per catalog change), the viewer's own twins from
   * theirs; anything else (a retired twin, a race with a newer change) is read in one more
   * statement; null for one deleted in between. Listing reads no persona text it does not need.
   */
  async fromRefs(refs: readonly { id: string; owner_customer_id: string | null }[], version: number, viewer: string | null): Promise<(Twin | null)[]> {
    let catalog: Snapshot | null = null;
    if (refs.some((r) => r.owner_customer_id === null)) {
      // A snapshot at least as new as the rows will do; an older one is reloaded (or shared with
      // a reload under way, which may still be older: then those twins are read).
      const current = this.snapshot && this.snapshot.version >= version ? this.snapshot : await this.visible(version);
      catalog = current.version >= version ? current : null;
    }
    const custom = viewer && refs.some((r) => r.owner_customer_id === viewer) ? await this.customSnapshot(viewer, version) : null;
    const found = refs.map((r) => (r.owner_customer_id === null ? catalog : custom)?.byId.get(r.id) ?? null);
    const missing = refs.filter((_, i) => found[i] === null).map((r) => r.id);
    const read = await this.getMany(missing);
    return refs.map((r, i) => found[i] ?? read.get(r.id) ?? null);
  }

  /**
   * Name order; every search word somewhere in name, slug, description or expertise. With a
   * viewer, that customer's own twins are listed among the catalog's.
   */
  async list(query: CatalogQuery): Promise<Page<Twin>> {
    const words = searchWords(query.search ?? '');
    const matched: Twin[] = [];
    const scan = ({ twins, texts }: Snapshot) => {
      for (let i = 0; i < twins.length; i++) {
        const twin = twins[i]!;
        if (query.category && twin.category !== query.category) continue;
        const text = texts[i]!;
        if (words.every((w) => text.includes(w))) matched.push(twin);
      }
    };
    const version = await this.version();
    scan(await this.visible(version));
    if (query.viewer) {
      const before = matched.length;
      scan(await this.customSnapshot(query.viewer, version));
      if (matched.length > before) matched.sort(byName);
    }
    const start = (query.page - 1) * query.pageSize;
    return { items: matched.slice(start, start + query.pageSize), total: matched.length };
  }

  /** A static group's twins: the catalog's, and the viewer's own whose profile names the group. */
  async listGroup(groupKey: string, viewer: string | null = null): Promise<Twin[]> {
    const rows = await this.db
      .selectFrom('twins')
      .select(COLUMNS)
      .where('static_group_key', '=', groupKey)
      .where('retired_at', 'is', null)
      .where((eb) => eb.or([eb('owner_customer_id', 'is', null), eb('owner_customer_id', '=', viewer ?? '')]))
      .execute();
    return rows.sort(byName).map(toTwin);
  }

  /** Every visible twin (autocomplete, routing by name), with the viewer's own. Small: tens to hundreds. */
  async all(viewer: string | null = null): Promise<Twin[]> {
    const version = await this.version();
    const catalog = (await this.visible(version)).twins;
    if (!viewer) return [...catalog];
    const own = (await this.customSnapshot(viewer, version)).twins;
    return own.length === 0 ? [...catalog] : [...own, ...catalog];
  }

  async upsert(twins: TwinUpsert[]): Promise<void> {
    const now = new Date().toISOString();
    await this.handle.write(async (trx) => {
      for (const t of twins) await upsertTwin(trx, t, now);
    });
  }

  async syncSource(source: 'mind-reasoner', twins: RemoteTwinInput[]): Promise<CatalogSyncResult> {
    const now = new Date().toISOString();
    return this.handle.write(async (trx): Promise<CatalogSyncResult> => {
      const existing = new Map(
        (await trx.selectFrom('twins').select(['external_id', 'id', 'retired_at']).where('source', '=', source).execute()).map((r) => [r.external_id!, r]),
      );
      let added = 0;
      let updated = 0;
      const seen = new Set<string>();
      for (const remote of twins) {
        if (seen.has(remote.externalId)) continue;
        seen.add(remote.externalId);
        const id = existing.get(remote.externalId)?.id ?? stableId('twin', source, remote.externalId);
        await upsertTwin(
          trx,
          {
            id,
            slug: await uniqueSlug(trx, remote.name, id),
            name: remote.name,
            description: remote.description,
            category: remote.category,
            expertise: remote.expertise,
            avatarUrl: remote.avatarUrl,
            demographic: null,
            persona: {
              prompt:
                remote.personaPrompt ??
                `You are ${remote.name}, a digital twin trained on Mind Reasoner. ${remote.description} Answer in first person, in your own voice, from your own perspective and experience.`,
              examples: [`I'm ${remote.name}.`, 'Let me tell you how I see it.'],
              isRealPerson: false,
            },
            source,
            externalId: remote.externalId,
            ownerCustomerId: null,
          },
          now,
        );
        if (existing.has(remote.externalId)) updated++;
        else added++;
      }
      let retired = 0;
      // An empty listing from a source that had twins is far likelier a broken source than a
      // real wipe; keeping the last good copy is the safe side (a source never empties the catalog).
      const suspicious = twins.length === 0 && existing.size > 0;
      for (const [externalId, row] of existing) {
        if (suspicious || seen.has(externalId) || row.retired_at) continue;
        await trx.updateTable('twins').set({ retired_at: now, updated_at: now }).where('id', '=', row.id).execute();
        retired++;
      }
      return { added, updated, retired };
    });
  }
}

async function uniqueSlug(db: Kysely<Database>, name: string, id: string): Promise<string> {
  const base = slugify(name) || 'twin';
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? base : `${base}-${i + 1}`;
    const row = await db.selectFrom('twins').select('id').where('slug', '=', candidate).where('owner_customer_id', 'is', null).executeTakeFirst();
    if (!row || row.id === id) return candidate;
  }
}

/** Insert or update by id; `updated_at` moves only when something a reader sees changed. */
async function upsertTwin(db: Kysely<Database>, t: TwinUpsert, now: string): Promise<void> {
  const values = twinValues(t, now);
  await db
    .insertInto('twins')
    .values(values)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        slug: eb.ref('excluded.slug'),
        name: eb.ref('excluded.name'),
        name_key: eb.ref('excluded.name_key'),
        description: eb.ref('excluded.description'),
        category: eb.ref('excluded.category'),
        expertise: eb.ref('excluded.expertise'),
        avatar_url: eb.ref('excluded.avatar_url'),
        demographic: eb.ref('excluded.demographic'),
        static_group_key: eb.ref('excluded.static_group_key'),
        persona: eb.ref('excluded.persona'),
        search_text: eb.ref('excluded.search_text'),
        tags: eb.ref('excluded.tags'),
        extensions: eb.ref('excluded.extensions'),
        retired_at: null,
        updated_at: sql<string>`CASE WHEN twins.search_text = excluded.search_text AND twins.persona = excluded.persona
          AND COALESCE(twins.demographic, '') = COALESCE(excluded.demographic, '') AND twins.category = excluded.category
          AND COALESCE(twins.avatar_url, '') = COALESCE(excluded.avatar_url, '')
          THEN twins.updated_at ELSE excluded.updated_at END`,
      })),
    )
    .execute();
}
