import { AppError } from '../core/errors.js';
import type { Twin } from '../core/domain.js';
import type { CatalogQuery, Page } from '../core/ports.js';
import type { CatalogService } from '../core/services.js';
import { normalizeKey } from '../core/text.js';
import type { KyselyTwinCatalog } from '../store/twins.js';

/**
 * Read side of the catalog with forgiving lookups for chat users: ids, slugs, names regardless
 * of case and accents, and unique prefixes ("steve" -> Steve Jobs). `viewer` is the customer
 * whose own twins are found too (and first); without one, only the catalog's.
 */
export function createCatalogService(_options: object, deps: { twins: KyselyTwinCatalog }): CatalogService {
  const { twins } = deps;

  async function candidates(ref: string, viewer: string | null): Promise<Twin[]> {
    const key = normalizeKey(ref.replace(/^@/, ''));
    if (!key) return [];
    const all = await twins.all(viewer);
    const keySlug = key.replace(/\s+/g, '-');
    const prefix = all.filter(
      (t) => normalizeKey(t.name).startsWith(key) || t.slug.startsWith(keySlug),
    );
    if (prefix.length > 0) return prefix;
    // Any word of the name ("jobs" -> Steve Jobs).
    return all.filter((t) => normalizeKey(t.name).split(' ').some((w) => w.startsWith(key)));
  }

  return {
    get: (id, viewer = null) => twins.get(id, viewer),
    list: (query: CatalogQuery): Promise<Page<Twin>> => twins.list(query),
    async resolve(ref: string, viewer: string | null = null): Promise<Twin> {
      const exact = await twins.resolve(ref, viewer);
      if (exact) return exact;
      const found = await candidates(ref, viewer);
      if (found.length === 1) return found[0]!;
      if (found.length === 0) {
        throw new AppError('TWIN_NOT_FOUND', `No twin matches "${ref}"`, {
          userMessage: `No twin matches "${ref}". Try browsing the catalog.`,
        });
      }
      const names = found.slice(0, 5).map((t) => t.name).join(', ');
      throw new AppError('VALIDATION_ERROR', `"${ref}" matches several twins: ${names}`, {
        userMessage: `"${ref}" matches several twins (${names}${found.length > 5 ? ', …' : ''}). Be more specific.`,
        field: 'twin',
      });
    },
    async suggest(text: string, limit: number, viewer: string | null = null): Promise<Twin[]> {
      const key = normalizeKey(text);
      const all = await twins.all(viewer);
      if (!key) return all.slice(0, limit);
      const scored: { t: Twin; score: number }[] = [];
      for (const t of all) {
        const name = normalizeKey(t.name);
        let score = 0;
        if (t.slug.startsWith(key.replace(/\s+/g, '-')) || name.startsWith(key)) score = 3;
        else if (name.split(' ').some((w) => w.startsWith(key))) score = 2;
        else if (t.expertise.some((e) => normalizeKey(e).includes(key)) || name.includes(key)) score = 1;
        if (score > 0) scored.push({ t, score });
      }
      scored.sort((a, b) => b.score - a.score || a.t.name.localeCompare(b.t.name));
      return scored.slice(0, limit).map((s) => s.t);
    },
  };
}
