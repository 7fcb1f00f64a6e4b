/**
 * Requests and responses of the twin-service API (api/twin-service.md): field names are the
 * upstream service's (camelCase), and every 400 names the field it is about.
 */
import { z } from 'zod';
import type { Twin } from '../core/domain.js';
import { AppError, validationError } from '../core/errors.js';
import { IdSchema, isUuid } from '../core/ids.js';
import { boundedJsonObject } from '../core/json-bounds.js';
import { MAX_SCHEMA_CHARS, MAX_SCHEMA_DEPTH, validatorFor } from '../engine/structured.js';

const positiveInt = (max: number, def: number) =>
  z
    .string({ error: 'must be a single value' })
    .regex(/^\d+$/, 'must be a positive integer')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(max, `must be at most ${max}`))
    .optional()
    .transform((v) => v ?? def);

export const MAX_PAGE_SIZE = 100;
const MAX_TWIN_IDS = 100;

export const GroupTwinsQuery = z.object({
  page: positiveInt(1_000_000, 1),
  size: positiveInt(MAX_PAGE_SIZE, 20),
  order: z
    .string({ error: 'must be a single value' })
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['asc', 'desc'], { error: 'must be asc or desc' }))
    .optional()
    .transform((v) => v ?? 'asc'),
  twinIds: z.string({ error: 'must be a single comma-separated value' }).optional(),
});

/** `twinIds=a,b,c`: trimmed, empty entries skipped, each a UUID; null when absent. */
export function parseTwinIdList(raw: string | undefined): Set<string> | null {
  if (raw === undefined) return null;
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ids.length === 0) throw validationError('twinIds', 'must list at least one twin id');
  if (ids.length > MAX_TWIN_IDS) throw validationError('twinIds', `must list at most ${MAX_TWIN_IDS} twin ids`);
  const bad = ids.find((id) => !isUuid(id));
  if (bad !== undefined) throw validationError('twinIds', `"${bad.slice(0, 60)}" is not a UUID`);
  return new Set(ids.map((id) => id.toLowerCase()));
}

const ChatTurn = z.object({
  role: z.enum(['user', 'assistant'], { error: 'must be user or assistant' }),
  content: z.string({ error: 'is required and must be a string' }).trim().min(1, 'must not be empty').max(32_000, 'must be at most 32000 characters'),
});

const ResponseFormat = z.object({
  type: z.literal('json_schema', { error: 'must be json_schema' }),
  json_schema: z.object(
    {
      name: z.string({ error: 'is required' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'),
      schema: boundedJsonObject({ maxDepth: MAX_SCHEMA_DEPTH, maxBytes: MAX_SCHEMA_CHARS }, { error: 'must be a JSON Schema object' }).refine(
        (s) => Object.keys(s).length > 0,
        'must not be empty',
      ),
    },
    { error: 'is required' },
  ),
});

const completionFields = {
  messages: z
    .array(ChatTurn, { error: 'is required and must be an array of {role, content}' })
    .min(1, 'must not be empty')
    .max(100, 'must have at most 100 messages'),
  responseFormat: ResponseFormat.nullable().optional(),
  temperature: z.number({ error: 'must be a number' }).min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').nullable().optional(),
  useWebSearch: z.enum(['never', 'auto', 'always'], { error: 'must be never, auto or always' }).nullable().optional(),
  useVerbalizedSampling: z.boolean({ error: 'must be true or false' }).nullable().optional(),
};

export const CompletionBody = z.object(completionFields);
export const PanelBody = z.object({
  ...completionFields,
  twinIds: z.array(IdSchema, { error: 'must be an array of twin ids' }).min(1, 'must not be empty').max(MAX_TWIN_IDS).optional(),
});
export type CompletionBodyInput = z.infer<typeof CompletionBody>;

/** What zod cannot say: the last turn is the user's, the schema compiles, the exclusive options. */
export function checkCompletionBody(body: CompletionBodyInput): void {
  const last = body.messages.length - 1;
  if (body.messages[last]?.role !== 'user') {
    throw validationError(`messages[${last}].role`, 'the last message must be from the user');
  }
  if (body.responseFormat) {
    if (body.useVerbalizedSampling === true) {
      throw validationError('useVerbalizedSampling', 'cannot be combined with a custom responseFormat');
    }
    validatorFor(body.responseFormat.json_schema.schema);
  }
}

/** The upstream service's twin view. HAL-style `_links`: `{avatarUrl: {href}}` when there is one. */
export function twinView(t: Twin) {
  const d = t.demographic;
  return {
    id: t.id,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    createdByUserId: null,
    targetAudienceId: null,
    staticGroupKey: d?.staticGroupKey ?? null,
    subjectId: t.id,
    name: t.name,
    title: d?.title ?? null,
    age: d?.age ?? null,
    gender: d?.gender ?? null,
    location: d?.location ?? null,
    jobTitle: d?.jobTitle ?? null,
    selfDescription: d?.selfDescription ?? null,
    _links: t.avatarUrl ? { avatarUrl: { href: t.avatarUrl } } : {},
  };
}

export function notInWorkspace(workspaceId: string): AppError {
  return new AppError('NOT_FOUND', `workspace_id: workspace ${workspaceId.slice(0, 100)} not found`, { field: 'workspace_id' });
}
