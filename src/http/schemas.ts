import { z } from 'zod';
import { CategoryInputSchema, PARTICIPATION_MODES, PLATFORMS } from '../core/domain.js';
import { IdSchema } from '../core/ids.js';
import { boundedJsonObject } from '../core/json-bounds.js';
import { AttachmentRefSchema, ImageInputSchema, MessageTypeSchema } from '../core/messages.js';

/** Request schemas: validation and the OpenAPI document come from these same definitions. */

/** Free-form JSON fields: bounded in depth and size at the edge, before anything serializes them. */
export const FREE_JSON_BOUNDS = { maxDepth: 16, maxBytes: 16_384 } as const;
const settings = boundedJsonObject(FREE_JSON_BOUNDS);
const intFromQuery = (min: number, max: number, def: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a positive integer')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .optional()
    .transform((v) => v ?? def);

export const AvailableQuery = z.object({
  page: intFromQuery(1, 1_000_000, 1),
  page_size: intFromQuery(1, 100, 20),
  category: CategoryInputSchema.optional(),
  search: z.string().max(200).optional(),
});

const twinId = () => IdSchema;

export const TwinIdParams = z.object({ twinId: twinId() });

export const AddTwinBody = z.object({
  twin_id: twinId(),
  is_favorite: z.boolean().optional(),
  participation_mode: z.enum(PARTICIPATION_MODES, { error: `must be one of ${PARTICIPATION_MODES.join(', ')}` }).optional(),
  settings: settings.optional(),
});

export const PatchTwinBody = z
  .object({
    is_favorite: z.boolean().optional(),
    participation_mode: z.enum(PARTICIPATION_MODES, { error: `must be one of ${PARTICIPATION_MODES.join(', ')}` }).optional(),
    settings: settings.optional(),
  })
  .refine((b) => b.is_favorite !== undefined || b.participation_mode !== undefined || b.settings !== undefined, {
    message: 'at least one of is_favorite, participation_mode, settings is required',
  });

const chatCommon = {
  message: z.string({ error: 'is required and must be a string' }).trim().min(1, 'must not be empty').max(32_000),
  platform: z.enum(PLATFORMS).optional(),
  userId: z.string().max(200).optional(),
  channelId: IdSchema.optional(),
  context: boundedJsonObject(FREE_JSON_BOUNDS).optional(),
  personality: z.string().trim().min(1).max(200).optional(),
  model: z.string().regex(/^[A-Za-z0-9._:@/-]{1,100}$/, 'must be a model name').optional(),
  images: z.array(ImageInputSchema).max(10).optional(),
  workspaceId: IdSchema.optional(),
  threadId: z.string().min(1).max(200).optional(),
  debug: z.boolean().optional(),
  messageType: MessageTypeSchema.optional(),
  useFirecrawl: z.boolean().optional(),
  attachments: z.array(AttachmentRefSchema).max(10).optional(),
};

export const ChatBody = z.object({ ...chatCommon, streaming: z.boolean().optional() });
export const StreamBody = z.object(chatCommon);
export type ChatBodyInput = z.infer<typeof StreamBody>;

export const StreamParams = z.object({ streamId: z.string().min(1).max(200).regex(/^[A-Za-z0-9_.-]+$/, 'is not a stream id') });
