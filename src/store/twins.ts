import { sql, type Kysely } from 'kysely';
import type { Category, Demographic, Persona, Twin, TwinSource } from '../core/domain.js';
import { stableId } from '../core/ids.js';
import type { CatalogQuery, CatalogSink, CatalogSyncResult, Page, RemoteTwinInput, TwinCatalog } from '../core/ports.js';
import { normalizeKey, searchWords, slugify } from '../core/text.js';
import type { DatabaseHandle } from './db.js';
import type { Database, TwinsTable } from './schema.js';

type TwinRow = Omit<TwinsTable, 'name_key' | 'static_group_key' | 'search_text' | 'retired_at'>;

/** A twin as written to the catalog; the store keeps the timestamps. */
export type TwinUpsert = Omit<Twin, 'createdAt' | 'updatedAt'>;

const COLUMNS = [
  'id', 'slug', 'name', 'description', 'category', 'expertise', 'avatar_url', 'demographic', 'persona',
  'source', 'external_id', 'owner_customer_id', 'created_at', 'updated_at',
] as const;

function toTwin(r: TwinRow): Twin {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    category: r.category as Category,
    expertise: JSON.parse(r.expertise) as string[],
    avatarUrl: r.avatar_url,
    demographic: r.demographic ? (JSON.parse(r.demographic) as Demographic) : null,
    persona: JSON.parse(r.persona) as Persona,
    source: r.source as TwinSource,
    externalId: r.external_id,
    ownerCustomerId: r.owner_customer_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function searchText(t: { name: string; slug: string; description: string; expertise: string[] }): string {
  return normalizeKey([t.name, t.slug, t.description, ...t.expertise].join(' | '));
}

/** SQLite's `COLLATE NOCASE` (ASCII case folded), then id: one order for both dialects, computed here. */
const nocase = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
function byName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  const x = nocase(a.name);
  const y = nocase(b.name);
  if (x !== y) return x < y ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Twins are shared by every caller of the snapshot: frozen, so no caller can change the cache. */
function frozen(t: Twin): Twin {
  Object.freeze(t.expertise);
  Object.freeze(t.persona.examples);
  Object.freeze(t.persona);
  if (t.demographic) Object.freeze(t.demographic);
  return Object.freeze(t);
}

interface Snapshot {
  version: number;
  twins: readonly Twin[];
  /** search_text of twins[i]. */
  texts: readonly string[];
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
  private readonly db: Kysely<Database>;

  constructor(private readonly handle: DatabaseHandle) {
    this.db = handle.db;
  }

  async get(id: string): Promise<Twin | null> {
    const row = await this.db.selectFrom('twins').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? toTwin(row) : null;
  }

  async getMany(ids: string[]): Promise<Map<string, Twin>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('twins').select(COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, toTwin(r)]));
  }

  /** Like `get`, but null for a twin its source has retired (it can no longer be added). */
  async getCurrent(id: string): Promise<Twin | null> {
    const row = await this.db.selectFrom('twins').select(COLUMNS).where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
    return row ? toTwin(row) : null;
  }

  async resolve(ref: string): Promise<Twin | null> {
    const trimmed = ref.trim().replace(/^@/, '');
    const row =
      (await this.db.selectFrom('twins').select(COLUMNS).where('id', '=', trimmed).executeTakeFirst()) ??
      (await this.db.selectFrom('twins').select(COLUMNS).where('slug', '=', trimmed.toLowerCase()).executeTakeFirst()) ??
      (await this.db
        .selectFrom('twins')
        .select(COLUMNS)
        .where('name_key', '=', normalizeKey(trimmed))
        .where('retired_at', 'is', null)
        // Global twins before custom ones of the same name, then a stable order.
        .orderBy(sql`CASE WHEN owner_customer_id IS NULL THEN 0 ELSE 1 END`)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst());
    return row ? toTwin(row) : null;
  }

  private async visible(): Promise<Snapshot> {
    const row = await this.db.selectFrom('catalog_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
    const version = Number(row.version);
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
    const snapshot = { version, twins: rows.map((r) => frozen(toTwin(r))), texts: rows.map((r) => r.search_text) };
    if (!this.snapshot || this.snapshot.version <= version) this.snapshot = snapshot;
    return snapshot;
  }

  /** Name order; every search word somewhere in name, slug, description or expertise. */
  async list(query: CatalogQuery): Promise<Page<Twin>> {
    const { twins, texts } = await this.visible();
    const words = searchWords(query.search ?? '');
    const matched: Twin[] = [];
    for (let i = 0; i < twins.length; i++) {
      const twin = twins[i]!;
      if (query.category && twin.category !== query.category) continue;
      const text = texts[i]!;
      if (words.every((w) => text.includes(w))) matched.push(twin);
    }
    const start = (query.page - 1) * query.pageSize;
    return { items: matched.slice(start, start + query.pageSize), total: matched.length };
  }

  async listGroup(groupKey: string): Promise<Twin[]> {
    const rows = await this.db
      .selectFrom('twins')
      .select(COLUMNS)
      .where('static_group_key', '=', groupKey)
      .where('retired_at', 'is', null)
      .where('owner_customer_id', 'is', null)
      .execute();
    return rows.sort(byName).map(toTwin);
  }

  /** Every visible twin (autocomplete, routing by name). Small: the catalog is tens to hundreds. */
  async all(): Promise<Twin[]> {
    return [...(await this.visible()).twins];
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
    const row = await db.selectFrom('twins').select('id').where('slug', '=', candidate).executeTakeFirst();
    if (!row || row.id === id) return candidate;
  }
}

/** Insert or update by id; `updated_at` moves only when something a reader sees changed. */
async function upsertTwin(db: Kysely<Database>, t: TwinUpsert, now: string): Promise<void> {
  const values = {
    id: t.id,
    slug: t.slug,
    name: t.name,
    name_key: normalizeKey(t.name),
    description: t.description,
    category: t.category,
    expertise: JSON.stringify(t.expertise),
    avatar_url: t.avatarUrl,
    demographic: t.demographic ? JSON.stringify(t.demographic) : null,
    static_group_key: t.demographic?.staticGroupKey ?? null,
    persona: JSON.stringify(t.persona),
    source: t.source,
    external_id: t.externalId,
    owner_customer_id: t.ownerCustomerId,
    search_text: searchText(t),
    retired_at: null,
    created_at: now,
    updated_at: now,
  };
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
        retired_at: null,
        updated_at: sql<string>`CASE WHEN twins.search_text = excluded.search_text AND twins.persona = excluded.persona
          AND COALESCE(twins.demographic, '') = COALESCE(excluded.demographic, '') AND twins.category = excluded.category
          AND COALESCE(twins.avatar_url, '') = COALESCE(excluded.avatar_url, '')
          THEN twins.updated_at ELSE excluded.updated_at END`,
      })),
    )
    .execute();
}
