import type { Category, Demographic, Persona, Twin, TwinSource } from '../core/domain.js';
import { stableId } from '../core/ids.js';
import type { CatalogQuery, CatalogSink, CatalogSyncResult, Page, RemoteTwinInput, TwinCatalog } from '../core/ports.js';
import { normalizeKey, searchWords, slugify } from '../core/text.js';
import type { Db } from './db.js';

interface TwinRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  category: string;
  expertise: string;
  avatar_url: string | null;
  demographic: string | null;
  persona: string;
  source: string;
  external_id: string | null;
  owner_customer_id: string | null;
  tags: string;
  extensions: string;
  created_at: string;
  updated_at: string;
}

/** A twin as written to the catalog; the store keeps the timestamps. */
export type TwinUpsert = Omit<Twin, 'createdAt' | 'updatedAt'>;

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
    tags: JSON.parse(r.tags) as string[],
    extensions: JSON.parse(r.extensions) as Record<string, unknown>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function searchText(t: { name: string; slug: string; description: string; expertise: string[]; tags?: string[] | undefined }): string {
  return normalizeKey([t.name, t.slug, t.description, ...t.expertise, ...(t.tags ?? [])].join(' | '));
}

const COLUMNS = `id, slug, name, description, category, expertise, avatar_url, demographic, persona,
  source, external_id, owner_customer_id, tags, extensions, created_at, updated_at`;
/** The public catalog: global twins that no source has retired. */
const VISIBLE = `retired_at IS NULL AND owner_customer_id IS NULL`;

/** Twins are shared by every caller of the snapshot: frozen, so no caller can change the cache. */
function frozen(t: Twin): Twin {
  Object.freeze(t.expertise);
  if (t.tags) Object.freeze(t.tags);
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

/** A customer's own twins are visible to that customer only; the catalog's to everyone. */
export function visibleTo(t: Twin, viewer: string | null): boolean {
  return t.ownerCustomerId === null || t.ownerCustomerId === viewer;
}

/** Snapshot pages in name order, as the catalog lists them. */
function byName(a: Twin, b: Twin): number {
  const an = a.name.toLowerCase();
  const bn = b.name.toLowerCase();
  return an < bn ? -1 : an > bn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const MAX_CACHED_CUSTOMERS = 1000;

export class SqliteTwinCatalog implements TwinCatalog, CatalogSink {
  /**
   * The visible catalog in memory (it is tens to hundreds of twins): listing and searching it
   * from SQLite sorted whole rows, persona text included, on every request. It is reloaded when
   * the catalog's version (bumped by triggers on any change to twins, by any process) moved.
   */
  private snapshot: Snapshot | null = null;
  /** Each customer's own twins, cached like the snapshot (same version). */
  private readonly customSnapshots = new Map<string, Snapshot>();
  private readonly customStmt;
  private readonly byOwnSlug;
  private readonly catalogVersion;
  private readonly visibleStmt;
  private readonly byId;
  private readonly byCurrentId;
  private readonly bySlug;
  private readonly byName;
  private readonly upsertStmt;

  constructor(private readonly db: Db) {
    // A deleted custom twin is gone for everyone; a retired catalog twin stays readable for the
    // workspaces that hold it.
    this.byId = db.prepare<[string], TwinRow>(
      `SELECT ${COLUMNS} FROM twins WHERE id = ? AND (owner_customer_id IS NULL OR retired_at IS NULL)`,
    );
    this.customStmt = db.prepare<[string], TwinRow & { search_text: string }>(
      `SELECT ${COLUMNS}, search_text FROM twins WHERE owner_customer_id = ? AND retired_at IS NULL ORDER BY name COLLATE NOCASE, id`,
    );
    this.byOwnSlug = db.prepare<[string, string], TwinRow>(
      `SELECT ${COLUMNS} FROM twins WHERE owner_customer_id = ? AND slug = ? AND retired_at IS NULL`,
    );
    this.catalogVersion = db.prepare<[], number>('SELECT version FROM catalog_version WHERE id = 1').pluck();
    this.visibleStmt = db.prepare<[], TwinRow & { search_text: string }>(
      `SELECT ${COLUMNS}, search_text FROM twins WHERE ${VISIBLE} ORDER BY name COLLATE NOCASE, id`,
    );
    this.byCurrentId = db.prepare<[string], TwinRow>(`SELECT ${COLUMNS} FROM twins WHERE id = ? AND retired_at IS NULL`);
    this.bySlug = db.prepare<[string], TwinRow>(`SELECT ${COLUMNS} FROM twins WHERE slug = ? AND owner_customer_id IS NULL`);
    // The customer's own twin wins over a catalog twin of the same name.
    this.byName = db.prepare<[string, string], TwinRow>(
      `SELECT ${COLUMNS} FROM twins WHERE name_key = ? AND retired_at IS NULL
       AND (owner_customer_id IS NULL OR owner_customer_id = ?) ORDER BY owner_customer_id IS NULL LIMIT 1`,
    );
    this.upsertStmt = db.prepare(`
      INSERT INTO twins (id, slug, name, name_key, description, category, expertise, avatar_url, demographic,
        static_group_key, persona, source, external_id, owner_customer_id, search_text, retired_at, created_at, updated_at)
      VALUES (@id, @slug, @name, @name_key, @description, @category, @expertise, @avatar_url, @demographic,
        @static_group_key, @persona, @source, @external_id, @owner_customer_id, @search_text, NULL, @now, @now)
      ON CONFLICT (id) DO UPDATE SET
        slug = excluded.slug, name = excluded.name, name_key = excluded.name_key,
        description = excluded.description, category = excluded.category, expertise = excluded.expertise,
        avatar_url = excluded.avatar_url, demographic = excluded.demographic,
        static_group_key = excluded.static_group_key, persona = excluded.persona,
        search_text = excluded.search_text, retired_at = NULL,
        updated_at = CASE WHEN twins.search_text = excluded.search_text AND twins.persona = excluded.persona
          AND IFNULL(twins.demographic, '') = IFNULL(excluded.demographic, '') AND twins.category = excluded.category
          AND IFNULL(twins.avatar_url, '') = IFNULL(excluded.avatar_url, '')
          THEN twins.updated_at ELSE excluded.updated_at END
    `);
  }

  /**
   * By id. With a viewer (a customer id), null for another customer's twin; without one, any
   * twin (the engine resolving twins a workspace already holds).
   */
  get(id: string, viewer?: string | null): Twin | null {
    const row = this.byId.get(id);
    const twin = row ? toTwin(row) : null;
    return twin && (viewer === undefined || visibleTo(twin, viewer)) ? twin : null;
  }

  /** Like `get`, but null for a twin its source has retired (it can no longer be added). */
  getCurrent(id: string): Twin | null {
    const row = this.byCurrentId.get(id);
    return row ? toTwin(row) : null;
  }

  /** By id, slug or name, among the catalog and the viewer's own twins (own ones first). */
  resolve(ref: string, viewer: string | null = null): Twin | null {
    const trimmed = ref.trim().replace(/^@/, '');
    const byId = this.get(trimmed, viewer);
    if (byId) return byId;
    const slug = trimmed.toLowerCase();
    const row =
      (viewer !== null ? this.byOwnSlug.get(viewer, slug) : undefined) ??
      this.bySlug.get(slug) ??
      this.byName.get(normalizeKey(trimmed), viewer ?? '');
    return row ? toTwin(row) : null;
  }

  /** A customer's own live twins, name order (cached until any twin changes). */
  custom(customerId: string): readonly Twin[] {
    return this.customSnapshot(customerId).twins;
  }

  private customSnapshot(customerId: string): Snapshot {
    const version = this.catalogVersion.get()!;
    const cached = this.customSnapshots.get(customerId);
    if (cached && cached.version === version) return cached;
    const rows = this.customStmt.all(customerId);
    const snap = { version, twins: rows.map((r) => frozen(toTwin(r))), texts: rows.map((r) => r.search_text) };
    if (this.customSnapshots.size >= MAX_CACHED_CUSTOMERS) this.customSnapshots.clear();
    this.customSnapshots.set(customerId, snap);
    return snap;
  }

  private visible(): Snapshot {
    const version = this.catalogVersion.get()!;
    const current = this.snapshot;
    if (current && current.version === version) return current;
    const rows = this.visibleStmt.all();
    this.snapshot = {
      version,
      twins: rows.map((r) => frozen(toTwin(r))),
      texts: rows.map((r) => r.search_text),
    };
    return this.snapshot;
  }

  /**
   * Name order; every search word somewhere in name, slug, description or expertise. With a
   * viewer, that customer's own twins are listed among the catalog's.
   */
  list(query: CatalogQuery): Page<Twin> {
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
    scan(this.visible());
    if (query.viewer) {
      const before = matched.length;
      scan(this.customSnapshot(query.viewer));
      if (matched.length > before) matched.sort(byName);
    }
    const start = (query.page - 1) * query.pageSize;
    return { items: matched.slice(start, start + query.pageSize), total: matched.length };
  }

  /** A static group's twins: the catalog's, and the viewer's own whose profile names the group. */
  listGroup(groupKey: string, viewer: string | null = null): Twin[] {
    return this.db
      .prepare<[string, string], TwinRow>(
        `SELECT ${COLUMNS} FROM twins WHERE static_group_key = ? AND retired_at IS NULL
         AND (owner_customer_id IS NULL OR owner_customer_id = ?) ORDER BY name COLLATE NOCASE, id`,
      )
      .all(groupKey, viewer ?? '')
      .map(toTwin);
  }

  /**
   * Every visible twin (autocomplete, routing by name), with the viewer's own. Small: the
   * catalog is tens to hundreds.
   */
  all(viewer: string | null = null): Twin[] {
    const catalog = this.visible().twins;
    if (!viewer) return [...catalog];
    const own = this.customSnapshot(viewer).twins;
    return own.length === 0 ? [...catalog] : [...own, ...catalog];
  }

  upsert(twins: TwinUpsert[]): void {
    const now = new Date().toISOString();
    const run = this.db.transaction((items: TwinUpsert[]) => {
      for (const t of items) this.upsertStmt.run(this.params(t, now));
    });
    run(twins);
  }

  syncSource(source: 'mind-reasoner', twins: RemoteTwinInput[]): CatalogSyncResult {
    const now = new Date().toISOString();
    const run = this.db.transaction((): CatalogSyncResult => {
      const existing = new Map(
        (this.db.prepare('SELECT external_id, id, retired_at FROM twins WHERE source = ?').all(source) as {
          external_id: string;
          id: string;
          retired_at: string | null;
        }[]).map((r) => [r.external_id, r]),
      );
      let added = 0;
      let updated = 0;
      const seen = new Set<string>();
      for (const remote of twins) {
        if (seen.has(remote.externalId)) continue;
        seen.add(remote.externalId);
        const id = existing.get(remote.externalId)?.id ?? stableId('twin', source, remote.externalId);
        const upsert: TwinUpsert = {
          id,
          slug: this.uniqueSlug(remote.name, id),
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
        };
        this.upsertStmt.run(this.params(upsert, now));
        if (existing.has(remote.externalId)) updated++;
        else added++;
      }
      let retired = 0;
      // An empty listing from a source that had twins is far likelier a broken source than a
      // real wipe; keeping the last good copy is the safe side (a source never empties the catalog).
      const suspicious = twins.length === 0 && existing.size > 0;
      for (const [externalId, row] of existing) {
        if (suspicious || seen.has(externalId) || row.retired_at) continue;
        this.db.prepare('UPDATE twins SET retired_at = ?, updated_at = ? WHERE id = ?').run(now, now, row.id);
        retired++;
      }
      return { added, updated, retired };
    });
    return run.immediate();
  }

  private uniqueSlug(name: string, id: string): string {
    const base = slugify(name) || 'twin';
    for (let i = 0; ; i++) {
      const candidate = i === 0 ? base : `${base}-${i + 1}`;
      const row = this.bySlug.get(candidate);
      if (!row || row.id === id) return candidate;
    }
  }

  private params(t: TwinUpsert, now: string): Record<string, unknown> {
    return twinParams(t, now);
  }
}

/** Column values of a twin row (the custom twin store writes the same columns). */
export function twinParams(t: TwinUpsert, now: string): Record<string, unknown> {
  return {
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
    tags: JSON.stringify(t.tags ?? []),
    extensions: JSON.stringify(t.extensions ?? {}),
    now,
  };
}
