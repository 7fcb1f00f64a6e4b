import type { Twin } from '../core/domain.js';

/** `source` as the API names it. */
export function apiSource(t: Twin): 'bundled' | 'mind_reasoner' | 'custom' {
  if (t.ownerCustomerId !== null || t.source === 'custom' || t.source === 'workspace') return 'custom';
  return t.source === 'mind-reasoner' ? 'mind_reasoner' : 'bundled';
}

/** A catalog entry as api/twin-workspace.md lists it. */
export function catalogEntry(t: Twin): Record<string, unknown> {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    description: t.description,
    category: t.category,
    expertise: t.expertise,
    avatar_url: t.avatarUrl,
    source: apiSource(t),
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

/** The twin object of api/twins.md: the catalog entry with its owner, persona and the rest. */
export function twinJson(t: Twin): Record<string, unknown> {
  return {
    ...catalogEntry(t),
    owner_customer_id: t.ownerCustomerId,
    persona: {
      prompt: t.persona.prompt,
      examples: t.persona.examples,
      greeting: t.persona.greeting ?? null,
      scenario: t.persona.scenario ?? null,
    },
    profile: t.demographic,
    tags: t.tags ?? [],
    extensions: t.extensions ?? {},
  };
}
