/**
 * Wire shapes of the Mind Reasoner public API (https://app.mindreasoner.com/api/public/v1) and
 * their normalization into the few fields Twinbridge uses.
 *
 * Documented: `GET /minds` answers `{ minds: [...] }`; a mind has `id`, `name`, `slug`,
 * `imageUrl`, `tags` (`[{id, name}]`), `digitalTwins[].mindAssessments[].status`; `POST /simulate`
 * answers `{ message, confidence, analysis: { thinking, feeling, saying, acting } }` (some doc
 * pages show only `{ message }`, so the rest is optional). Errors are
 * `{ error, message, code, details }` or `{ error: { code, message, details } }`.
 * Not documented: pagination of `/minds`, a mind description or category. Those are accepted
 * loosely (bare array, `{data}`, cursors, several field names) so an API revision does not
 * break the sync.
 */
import { z } from 'zod';

const optionalText = z
  .string()
  .nullish()
  .transform((s) => (s == null || s.trim() === '' ? null : s.trim()));

/** Tags and categories come as strings or `{ name }` objects depending on the endpoint. */
const nameList = z
  .array(z.union([z.string(), z.looseObject({ name: z.string() }), z.unknown()]))
  .nullish()
  .transform((items) =>
    (items ?? [])
      .map((item) => {
        if (typeof item === 'string') return item.trim();
        if (item && typeof item === 'object' && 'name' in item && typeof item.name === 'string') {
          return item.name.trim();
        }
        return '';
      })
      .filter((s) => s !== ''),
  );

const assessmentSchema = z.looseObject({ status: z.string().nullish() });
const digitalTwinSchema = z.looseObject({
  mindAssessments: z.array(assessmentSchema).nullish(),
});

export const wireMindSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  name: z.string().trim().min(1),
  slug: optionalText,
  description: optionalText,
  bio: optionalText,
  summary: optionalText,
  selfDescription: optionalText,
  about: optionalText,
  title: optionalText,
  jobTitle: optionalText,
  imageUrl: optionalText,
  avatarUrl: optionalText,
  category: optionalText,
  categories: nameList,
  mindCategories: nameList,
  tags: nameList,
  expertise: nameList,
  topics: nameList,
  digitalTwins: z.array(digitalTwinSchema).nullish(),
});
export type WireMind = z.infer<typeof wireMindSchema>;

/** A trained mind as Twinbridge sees it. */
export interface Mind {
  id: string;
  name: string;
  slug: string | null;
  description: string | null;
  /** A short role line when the source has one (title, job title). */
  title: string | null;
  imageUrl: string | null;
  /** Category-like labels, most specific first (category, categories, tags). */
  labels: string[];
  expertise: string[];
  /**
   * Whether a snapshot finished training: false means simulate cannot answer yet; null means
   * the listing did not say.
   */
  trained: boolean | null;
}

const READY = /^(completed|complete|ready|succeeded)$/i;

export function normalizeMind(wire: WireMind): Mind {
  // Only twins that report their assessments count: a listing without them says nothing.
  const reported = (wire.digitalTwins ?? []).flatMap((t) => (t.mindAssessments ? [t.mindAssessments] : []));
  const trained =
    reported.length === 0 ? null : reported.some((list) => list.some((a) => READY.test(a.status ?? '')));
  const category = wire.category === null ? [] : [wire.category];
  return {
    id: wire.id,
    name: wire.name,
    slug: wire.slug,
    description: wire.description ?? wire.bio ?? wire.summary ?? wire.selfDescription ?? wire.about,
    title: wire.title ?? wire.jobTitle,
    imageUrl: wire.imageUrl ?? wire.avatarUrl,
    labels: dedupe([...category, ...wire.categories, ...wire.mindCategories, ...wire.tags]),
    expertise: dedupe([...wire.expertise, ...wire.topics]),
    trained,
  };
}

function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  return items.filter((s) => {
    const key = s.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const cursorText = z.union([z.string(), z.number()]).nullish().transform((v) => (v == null || v === '' ? null : String(v)));

const paginationFields = {
  nextCursor: cursorText,
  next_cursor: cursorText,
  cursor: cursorText,
  hasMore: z.boolean().nullish(),
  has_more: z.boolean().nullish(),
  pagination: z
    .looseObject({ nextCursor: cursorText, hasMore: z.boolean().nullish() })
    .nullish(),
};

/** One page of `GET /minds`: the documented `{minds}`, or `{data}`, or a bare array. */
export const mindPageSchema = z.union([
  z.array(z.unknown()).transform((items) => ({ items, nextCursor: null, hasMore: false })),
  z
    .looseObject({ minds: z.array(z.unknown()), ...paginationFields })
    .transform((p) => ({ items: p.minds, ...pageNext(p) })),
  z
    .looseObject({ data: z.array(z.unknown()), ...paginationFields })
    .transform((p) => ({ items: p.data, ...pageNext(p) })),
]);
export type MindPage = z.infer<typeof mindPageSchema>;

function pageNext(p: {
  nextCursor: string | null;
  next_cursor: string | null;
  cursor: string | null;
  hasMore?: boolean | null | undefined;
  has_more?: boolean | null | undefined;
  pagination?: { nextCursor: string | null; hasMore?: boolean | null | undefined } | null | undefined;
}): { nextCursor: string | null; hasMore: boolean } {
  const nextCursor = p.nextCursor ?? p.next_cursor ?? p.pagination?.nextCursor ?? null;
  const hasMore = p.hasMore ?? p.has_more ?? p.pagination?.hasMore ?? nextCursor !== null;
  return { nextCursor, hasMore };
}

const analysisText = z.unknown().optional().transform((v) => (typeof v === 'string' && v.trim() !== '' ? v : null));

export const simulateResponseSchema = z.looseObject({
  message: z.string(),
  confidence: z.unknown().optional().transform((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)),
  analysis: z
    .looseObject({ thinking: analysisText, feeling: analysisText, saying: analysisText, acting: analysisText })
    .nullish()
    .transform((a) => a ?? null),
});

export interface SimulationAnalysis {
  thinking: string | null;
  feeling: string | null;
  saying: string | null;
  acting: string | null;
}

export interface SimulationResult {
  message: string;
  /** The API's own figure, or null when it gave none. */
  confidence: number | null;
  analysis: SimulationAnalysis | null;
}

/** Both documented error bodies, reduced to what goes into our error message. */
export const errorBodySchema = z.looseObject({
  error: z
    .union([z.string(), z.looseObject({ code: z.string().nullish(), message: z.string().nullish() })])
    .nullish(),
  message: z.string().nullish(),
  code: z.string().nullish(),
  retryAfter: z.union([z.number(), z.string()]).nullish(),
});
