/**
 * The fields of a custom twin (api/twins.md, POST and PATCH) as one zod schema, shared by HTTP,
 * Discord and Slack, and the drafts built from them or from an imported file.
 */
import { z } from 'zod';
import type { CustomTwinDraft } from '../core/custom-twins.js';
import { CategorySchema, DemographicSchema, ParticipationModeSchema, type Twin } from '../core/domain.js';
import { slugify } from '../core/text.js';
import { shorten } from '../personas/character-card.js';
import { LIMITS, type ImportedPersona } from '../personas/index.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const text = (max: number, min = 0) =>
  z.string().min(min).max(max).refine((s) => !CONTROL.test(s), 'must not contain control characters');
const list = (max: number, each: number) => z.array(text(each, 1)).max(max);

export const SLUG_PATTERN = /^[a-z0-9-]{2,60}$/;

const PersonaInput = z.object({
  prompt: text(LIMITS.prompt, 1).refine((s) => s.trim() !== '', 'must not be blank'),
  examples: list(LIMITS.examples, LIMITS.example).optional(),
  greeting: text(LIMITS.greeting).nullable().optional(),
  scenario: text(LIMITS.scenario).nullable().optional(),
});

const fields = {
  name: text(LIMITS.name, 1).refine((s) => s.trim() !== '', 'must not be blank'),
  description: text(LIMITS.description).optional(),
  category: CategorySchema.optional(),
  expertise: list(LIMITS.tags, LIMITS.tag).optional(),
  tags: list(LIMITS.tags, LIMITS.tag).optional(),
  avatar_url: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).max(2_000).nullable().optional(),
  profile: DemographicSchema.nullable().optional(),
  slug: z.string().regex(SLUG_PATTERN, 'must be 2–60 of a-z, 0-9 and -').optional(),
};

export const AddToWorkspaceInput = z.object({
  participation_mode: ParticipationModeSchema.optional(),
  is_favorite: z.boolean().optional(),
});

export const TwinCreateInput = z.object({ ...fields, persona: PersonaInput, add_to_workspace: AddToWorkspaceInput.optional() });
export type TwinCreateInput = z.infer<typeof TwinCreateInput>;

export const TwinPatchInput = z
  .object({ ...fields, name: fields.name.optional(), persona: PersonaInput.partial().optional() })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'at least one field is required', path: [] });
export type TwinPatchInput = z.infer<typeof TwinPatchInput>;

/** The contract's default description: the prompt's first sentence. */
export function firstSentence(prompt: string): string {
  const t = prompt.replace(/^#+ .*$/gm, '').trim().replace(/\s+/g, ' ');
  const m = /^(.+?[.!?])(\s|$)/.exec(t);
  return shorten(m ? m[1]! : t, LIMITS.description);
}

export function baseSlug(name: string): string {
  const s = slugify(name).slice(0, 60).replace(/-+$/, '');
  return s.length >= 2 ? s : `twin-${s || 'x'}`.slice(0, 60);
}

/** A slug not in `taken`: the base, then base-2, base-3… */
export function freeSlug(base: string, taken: Set<string>): string {
  for (let i = 1; ; i++) {
    const suffix = i === 1 ? '' : `-${i}`;
    const candidate = `${base.slice(0, 60 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function draftFromInput(input: TwinCreateInput, slug: string): CustomTwinDraft {
  return {
    slug,
    name: input.name.trim(),
    description: input.description?.trim() || firstSentence(input.persona.prompt),
    category: input.category ?? 'Expert',
    expertise: input.expertise ?? [],
    tags: input.tags ?? [],
    avatarUrl: input.avatar_url ?? null,
    demographic: input.profile ?? null,
    persona: {
      prompt: input.persona.prompt,
      examples: input.persona.examples ?? [],
      greeting: input.persona.greeting ?? null,
      scenario: input.persona.scenario ?? null,
    },
    extensions: {},
  };
}

export function draftOf(twin: Twin): CustomTwinDraft {
  return {
    slug: twin.slug,
    name: twin.name,
    description: twin.description,
    category: twin.category,
    expertise: [...twin.expertise],
    tags: [...(twin.tags ?? [])],
    avatarUrl: twin.avatarUrl,
    demographic: twin.demographic,
    persona: {
      prompt: twin.persona.prompt,
      examples: [...twin.persona.examples],
      greeting: twin.persona.greeting ?? null,
      scenario: twin.persona.scenario ?? null,
    },
    extensions: twin.extensions ?? {},
  };
}

export function applyPatch(draft: CustomTwinDraft, patch: TwinPatchInput): CustomTwinDraft {
  const p = patch.persona ?? {};
  return {
    ...draft,
    ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
    ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
    ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
    ...(patch.category !== undefined ? { category: patch.category } : {}),
    ...(patch.expertise !== undefined ? { expertise: patch.expertise } : {}),
    ...(patch.tags !== undefined ? { tags: patch.tags } : {}),
    ...(patch.avatar_url !== undefined ? { avatarUrl: patch.avatar_url } : {}),
    ...(patch.profile !== undefined ? { demographic: patch.profile } : {}),
    persona: {
      prompt: p.prompt ?? draft.persona.prompt,
      examples: p.examples ?? draft.persona.examples,
      greeting: p.greeting !== undefined ? p.greeting : draft.persona.greeting,
      scenario: p.scenario !== undefined ? p.scenario : draft.persona.scenario,
    },
  };
}

export function draftFromImport(p: ImportedPersona, slug: string): CustomTwinDraft {
  return {
    slug,
    name: p.name,
    description: p.description ?? firstSentence(p.prompt),
    category: 'Expert',
    expertise: [],
    tags: p.tags,
    avatarUrl: p.avatarUrl,
    demographic: null,
    persona: { prompt: p.prompt, examples: p.examples, greeting: p.greeting, scenario: p.scenario },
    extensions: p.extensions,
  };
}
