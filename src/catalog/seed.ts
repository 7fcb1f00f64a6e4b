import type { Logger } from 'pino';
import { DemographicSchema, PersonaSchema } from '../core/domain.js';
import type { KyselyTwinCatalog } from '../store/twins.js';
import type { BundledTwin } from './bundled/types.js';

/**
 * Loads the bundled catalog into the store. Runs at every start: it upserts by id, so an
 * upgraded persona reaches existing installations and workspace rows keep pointing at it.
 */
export async function seedBundledCatalog(twins: readonly BundledTwin[], deps: { catalog: KyselyTwinCatalog; logger: Logger }): Promise<number> {
  for (const t of twins) {
    PersonaSchema.parse(t.persona);
    if (t.demographic) DemographicSchema.parse(t.demographic);
  }
  await deps.catalog.upsert(
    twins.map((t) => ({
      id: t.id,
      slug: t.slug,
      name: t.name,
      description: t.description,
      category: t.category,
      expertise: [...t.expertise],
      avatarUrl: t.avatarUrl,
      demographic: t.demographic,
      persona: t.persona,
      source: 'bundled' as const,
      externalId: null,
      ownerCustomerId: null,
    })),
  );
  deps.logger.debug({ count: twins.length }, 'bundled catalog loaded');
  return twins.length;
}
