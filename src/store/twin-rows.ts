/** A twin row and its domain shape, shared by the catalog and the custom twin store. */
import type { Category, Demographic, Persona, Twin, TwinSource } from '../core/domain.js';
import { normalizeKey } from '../core/text.js';
import type { TwinsTable } from './schema.js';

/** A twin as written to the catalog; the store keeps the timestamps. */
export type TwinUpsert = Omit<Twin, 'createdAt' | 'updatedAt'>;

export const TWIN_COLUMNS = [
  'id', 'slug', 'name', 'description', 'category', 'expertise', 'avatar_url', 'demographic', 'persona',
  'source', 'external_id', 'owner_customer_id', 'tags', 'extensions', 'created_at', 'updated_at',
] as const;

export type TwinRow = Pick<TwinsTable, (typeof TWIN_COLUMNS)[number]>;

export function toTwin(r: TwinRow): Twin {
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

/** Column values of a twin row (the catalog's upsert and the custom twin store write the same). */
export function twinValues(t: TwinUpsert, now: string): TwinsTable {
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
    retired_at: null,
    tags: JSON.stringify(t.tags ?? []),
    extensions: JSON.stringify(t.extensions ?? {}),
    created_at: now,
    updated_at: now,
  };
}

/** A customer's own twins are visible to that customer only; the catalog's to everyone. */
export function visibleTo(t: Twin, viewer: string | null): boolean {
  return t.ownerCustomerId === null || t.ownerCustomerId === viewer;
}

/** SQLite's `COLLATE NOCASE` (ASCII case folded), then id: one order for both dialects, computed here. */
const nocase = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
export function byName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  const x = nocase(a.name);
  const y = nocase(b.name);
  if (x !== y) return x < y ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Twins are shared by every caller of a snapshot: frozen, so no caller can change the cache. */
export function frozen(t: Twin): Twin {
  Object.freeze(t.expertise);
  Object.freeze(t.persona.examples);
  Object.freeze(t.persona);
  if (t.tags) Object.freeze(t.tags);
  if (t.demographic) Object.freeze(t.demographic);
  return Object.freeze(t);
}
