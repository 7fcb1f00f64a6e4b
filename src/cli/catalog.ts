import { CATEGORIES, parseCategory, type Twin } from '../core/domain.js';
import { plural } from '../core/text.js';
import type { Config } from '../config.js';
import { createCliLogger, type CliOutput } from './output.js';
import { UsageError } from './commands.js';

/** `catalog list`: one twin per line on stdout (or one JSON object per line); the count on stderr. */
export async function catalogList(config: Config, opts: { category?: string | undefined; search?: string | undefined; json?: boolean | undefined }, out: CliOutput): Promise<number> {
  const category = opts.category === undefined ? undefined : parseCategory(opts.category);
  if (category === null) throw new UsageError(`--category: "${opts.category}" is not a category; use one of ${CATEGORIES.join(', ')} (any case)`);
  const { createStore } = await import('../store/index.js');
  const { storeOptions } = await import('../roles/core.js');
  const { seedBundledCatalog } = await import('../catalog/seed.js');
  const { BUNDLED_TWINS } = await import('../catalog/bundled/index.js');
  const logger = createCliLogger('warn');
  const store = await createStore(storeOptions(config), { logger });
  try {
    await seedBundledCatalog(BUNDLED_TWINS, { catalog: store.twins, logger });
    const page = await store.twins.list({ page: 1, pageSize: 1000, category, search: opts.search });
    for (const t of page.items) {
      if (opts.json) out.json(twinRecord(t));
      else out.data(`${t.id}  ${t.slug.padEnd(24)} ${t.category.padEnd(12)} ${t.name}`);
    }
    out.say(plural(page.total, 'twin'));
    return 0;
  } finally {
    await store.close();
  }
}

function twinRecord(t: Twin) {
  return { id: t.id, slug: t.slug, name: t.name, category: t.category, description: t.description, expertise: t.expertise, source: t.source };
}

/** `catalog sync`: one result line per source on stdout; logs as readable lines on stderr. */
export async function catalogSync(config: Config, opts: { json?: boolean | undefined }, out: CliOutput): Promise<number> {
  const { createCore } = await import('../roles/core.js');
  const core = await createCore(config, { logger: createCliLogger('warn') });
  try {
    if (!core.mindReasoner) {
      out.say('No remote catalog is configured (set MIND_REASONER_API_KEY). The bundled catalog is loaded.');
      return 0;
    }
    const results = await core.catalogSync.run();
    for (const r of results) {
      if (opts.json) out.json(r.ok ? r : { source: r.source, ok: false, error: { message: r.error.message } });
      else if (r.ok) out.data(`${r.source}: ${plural(r.count, 'twin')} (${r.added} added, ${r.updated} updated, ${r.retired} retired, ${r.skipped} untrained skipped)`);
      if (!r.ok) out.say(`${r.source}: FAILED — ${r.error.message}. The last good copy of the catalog is kept.`);
    }
    return results.every((r) => r.ok) ? 0 : 1;
  } finally {
    await core.close();
  }
}
