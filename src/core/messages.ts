import { z } from 'zod';
import { PlatformSchema } from './domain.js';
import { IdSchema } from './ids.js';

/** Attachment reference: content is fetched and extracted by the worker, under a guard. */
export const AttachmentRefSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(300),
  type: z.string().max(200).default('application/octet-stream'),
  size: z.number().int().nonnegative().optional(),
  url: z.url({ protocol: /^https?$/ }),
});
export type AttachmentRef = z.infer<typeof AttachmentRefSchema>;

export const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export const ImageInputSchema = z.object({
  filename: z.string().min(1).max(300),
  mediaType: z.enum(IMAGE_MEDIA_TYPES),
  base64: z.base64().min(4),
});
export type ImageInput = z.infer<typeof ImageInputSchema>;

/**
 * An image as a job carries it: its bytes are a content-addressed blob (sha256, hex) stored at
 * submit with its own expiry, read by the worker; job payloads never hold image data.
 */
export const ImageRefSchema = z.object({
  ref: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex'),
  mediaType: z.enum(IMAGE_MEDIA_TYPES),
  size: z.number().int().positive(),
});
export type ImageRef = z.infer<typeof ImageRefSchema>;

export const TwinRefSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
});
export type TwinRef = z.infer<typeof TwinRefSchema>;

export const MessageTypeSchema = z.enum(['chat', 'research', 'image', 'video']);

/** One platform event, normalized. Every adapter produces exactly this. */
export const InboundMessageSchema = z.object({
  platform: PlatformSchema,
  /** Platform message id (or a new UUID for the API). */
  messageId: z.string().min(1),
  channel: z.object({
    id: IdSchema,
    externalId: z.string(),
    threadId: z.string().nullable(),
  }),
  /** The workspace whose twins may answer. */
  owner: z.object({ customerId: z.string().min(1), userId: z.string().min(1) }),
  author: z.object({ id: z.string().min(1), name: z.string().nullable() }),
  text: z.string(),
  personality: z.string().nullable(),
  attachments: z.array(AttachmentRefSchema),
  images: z.array(ImageInputSchema),
  context: z.record(z.string(), z.unknown()).nullable(),
  options: z.object({
    model: z.string().nullable(),
    messageType: MessageTypeSchema,
    webSearch: z.boolean(),
    debug: z.boolean(),
    /** Answer with at most this many twins (e.g. /ask forces one). */
    maxTwins: z.number().int().positive().nullable(),
  }),
  receivedAt: z.iso.datetime(),
});
export type InboundMessage = z.infer<typeof InboundMessageSchema>;

/** The message as a chat job carries it: the same, with images by reference. */
export const JobInboundSchema = InboundMessageSchema.extend({ images: z.array(ImageRefSchema).max(10) });
export type JobInbound = z.infer<typeof JobInboundSchema>;

export const ChatTurnSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string().min(1),
});

export const ResponseFormatSchema = z.object({
  type: z.literal('json_schema'),
  json_schema: z.object({
    name: z.string().min(1).max(64),
    schema: z.record(z.string(), z.unknown()),
  }),
});
export type ResponseFormat = z.infer<typeof ResponseFormatSchema>;

/** Job payloads are versioned; a worker refuses versions it does not know. */
export const JOB_VERSION = 1 as const;

export const ChatJobSchema = z.object({
  v: z.literal(JOB_VERSION),
  kind: z.literal('chat'),
  jobId: z.string().min(1),
  inbound: JobInboundSchema,
  /** Id of the stored user message (history position). */
  userMessageId: z.string(),
  /** Per-channel arrival order, so replies start in order. */
  seq: z.number().int().nonnegative(),
  enqueuedAt: z.iso.datetime(),
});
export type ChatJob = z.infer<typeof ChatJobSchema>;

export const CompletionJobSchema = z.object({
  v: z.literal(JOB_VERSION),
  kind: z.literal('completion'),
  jobId: z.string().min(1),
  owner: z.object({ customerId: z.string(), userId: z.string() }),
  twinId: z.string(),
  messages: z.array(ChatTurnSchema).min(1),
  responseFormat: ResponseFormatSchema.nullable(),
  temperature: z.number().min(0).max(1).nullable(),
  useWebSearch: z.enum(['never', 'auto', 'always']),
  verbalizedSampling: z.boolean(),
  enqueuedAt: z.iso.datetime(),
});
export type CompletionJob = z.infer<typeof CompletionJobSchema>;

/** One roundtable turn (api/roundtables.md): the job id is `rt-<roundtable id>-<turn>`. */
export const RoundtableTurnJobSchema = z.object({
  v: z.literal(JOB_VERSION),
  kind: z.literal('roundtable'),
  jobId: z.string().min(1),
  roundtableId: z.uuid(),
  turn: z.number().int().min(1).max(20),
  enqueuedAt: z.iso.datetime(),
});
export type RoundtableTurnJob = z.infer<typeof RoundtableTurnJobSchema>;

export const JobPayloadSchema = z.discriminatedUnion('kind', [ChatJobSchema, CompletionJobSchema, RoundtableTurnJobSchema]);
export type JobPayload = z.infer<typeof JobPayloadSchema>;

/**
 * Reply-stream events. Names follow api/chat.md; `reset` (a retried attempt starts over) and
 * `twin_done` (one twin finished; `done` closes the whole job) are ours. Every event names the
 * twin it belongs to (`twin: null` for job-wide events).
 */
export type StreamEvent =
  | { event: 'reset'; twin: TwinRef | null; data: { attempt: number } }
  | { event: 'status'; twin: TwinRef | null; data: { status: 'queued' | 'thinking' | 'tool'; tool?: string } }
  | { event: 'text_delta'; twin: TwinRef | null; data: { content: string; accumulated_length: number } }
  | { event: 'tool_start'; twin: TwinRef | null; data: { tool: string; toolId: string; timestamp: string } }
  | { event: 'tool_call'; twin: TwinRef | null; data: { tool: string; toolId: string; input: unknown } }
  | { event: 'tool_result'; twin: TwinRef | null; data: { tool: string; toolId: string; duration: number; resultPreview: string } }
  | { event: 'tool_complete'; twin: TwinRef | null; data: { tool: string; toolId: string; success: boolean; duration: number } }
  | { event: 'twin_done'; twin: TwinRef; data: ReplyRecord }
  | { event: 'done'; twin: TwinRef | null; data: DonePayload }
  | { event: 'error'; twin: TwinRef | null; data: { message: string; streamId: string; code: string } };

export type StreamEventName = StreamEvent['event'];

/** A stream event as read back from the log, with its id. */
export type LoggedEvent = StreamEvent & { id: string };

export interface ToolTrace {
  tool: string;
  toolId: string;
  input: unknown;
  resultPreview: string;
  success: boolean;
  duration: number;
}

export interface RoutingEntry {
  twinId: string | null;
  slug: string;
  name: string;
  rule: 'explicit' | 'addressed' | 'active' | 'default';
  reason: string;
}

export interface ReplyRecord {
  messageId: string;
  reply: string;
  personality: string;
  twinId: string | null;
  twinName: string;
  confidence: number | null;
  toolsUsed: string[];
  model: string;
  responseTime: number;
  trace: ToolTrace[];
  /** Structured answer for completion jobs. */
  structured?: unknown;
}

export interface DonePayload {
  streamId: string;
  messageId: string;
  reply: string;
  personality: string;
  responseTime: number;
  toolsUsed: string[];
  confidence: number | null;
  timestamp: string;
  metadata: {
    toolsUsed: string[];
    model: string;
    knowledgeGraphQueried: boolean;
    routing: RoutingEntry[];
    /** Twins that were routed but failed; the others' replies are still delivered. */
    failed?: { personality: string; twinId: string | null; code: string; message: string }[];
    trace?: ToolTrace[];
  };
  replies: ReplyRecord[];
}
