/**
 * The ports between the engine, the adapters and the infrastructure. Each is small and named for
 * its role; implementations are named for their technology (SqliteTwinCatalog, RedisReplyStream…).
 */
import type {
  Category,
  Channel,
  ParticipationMode,
  Platform,
  StoredMessage,
  Twin,
  WorkspaceOwner,
  WorkspaceTwin,
  WorkspaceTwinView,
} from './domain.js';
import type { JobPayload, LoggedEvent, RoutingEntry, StreamEvent } from './messages.js';

/** Why the last answered message in a channel was answered by whom. */
export interface RoutingRecord {
  jobId: string;
  messageId: string;
  routing: RoutingEntry[];
  at: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface CatalogQuery {
  page: number;
  pageSize: number;
  category?: Category | undefined;
  search?: string | undefined;
  /** The customer whose own twins are listed with the catalog's (none: the catalog only). */
  viewer?: string | null | undefined;
}

/**
 * A `viewer` is a customer id: a customer's own twins exist for that customer only. Without a
 * viewer `get` answers any twin (the engine, for twins a workspace already holds), the others
 * the catalog's only.
 */
export interface TwinCatalog {
  get(id: string, viewer?: string | null): Promise<Twin | null>;
  /** By id, slug or name (case- and accent-insensitive); the viewer's own twins first. */
  resolve(ref: string, viewer?: string | null): Promise<Twin | null>;
  list(query: CatalogQuery): Promise<Page<Twin>>;
  /** Twins of a static demographic group, sorted by name. */
  listGroup(groupKey: string, viewer?: string | null): Promise<Twin[]>;
}

export interface WorkspaceStore {
  list(owner: WorkspaceOwner): Promise<WorkspaceTwinView[]>;
  get(owner: WorkspaceOwner, twinId: string): Promise<WorkspaceTwin | null>;
  /** Per-channel mode overrides: twinId -> mode. */
  channelModes(channelId: string): Promise<Map<string, ParticipationMode>>;
}

export interface ChannelStore {
  /** Finds or creates the channel for a platform identity; stable id across processes. */
  ensure(input: {
    platform: Platform;
    externalId: string;
    customerId: string;
    workspaceUserId: string;
    name?: string | null;
  }): Promise<Channel>;
  get(id: string): Promise<Channel | null>;
  setLastRouting(channelId: string, record: RoutingRecord): Promise<void>;
  lastRouting(channelId: string): Promise<RoutingRecord | null>;
}

/** Replies in one channel start in the order their messages arrived. */
export interface ChannelTurns {
  /** Next position in the channel's order (called once per new message). */
  next(channelId: string): Promise<number>;
  /** Resolves when every earlier message of the channel has started (or a deadline passed). */
  waitTurn(channelId: string, seq: number): Promise<void>;
  /** Marks `seq` as started (also after a failure, so later ones are not held up). */
  started(channelId: string, seq: number): Promise<void>;
}

export interface NewUserMessage {
  channelId: string;
  threadId: string | null;
  jobId: string;
  authorId: string;
  authorName: string | null;
  content: string;
  attachmentsText?: { name: string; text: string }[];
}

export interface NewReply {
  channelId: string;
  threadId: string | null;
  jobId: string;
  twinId: string | null;
  authorName: string;
  content: string;
  meta: Record<string, unknown>;
}

export interface SearchHit {
  messageId: string;
  kind: 'message' | 'attachment';
  title: string;
  snippet: string;
  createdAt: string;
}

export interface MessageStore {
  /** Idempotent per job: a redelivered job returns the first stored row and created=false. */
  appendUser(msg: NewUserMessage): Promise<{ message: StoredMessage; created: boolean }>;
  /** Takes a job's user message back out of the history (its enqueue failed); no-op if absent. */
  discardUser(jobId: string): Promise<void>;
  /** Exactly one reply per (job, twin): returns the stored row and whether it was new. */
  appendReply(reply: NewReply): Promise<{ message: StoredMessage; created: boolean }>;
  /** The `limit` messages before `beforeSeq` in a channel (and thread), oldest first. */
  history(channelId: string, threadId: string | null, beforeSeq: number, limit: number): Promise<StoredMessage[]>;
  /** Like `history`, before a stored message given by id (none when it is gone), in one statement. */
  historyBefore(channelId: string, threadId: string | null, messageId: string, limit: number): Promise<StoredMessage[]>;
  replyFor(jobId: string, twinId: string | null): Promise<StoredMessage | null>;
  userMessage(jobId: string): Promise<StoredMessage | null>;
  /** The newest twin reply in a thread, or null when no twin answered there. */
  lastReplyInThread(channelId: string, threadId: string): Promise<StoredMessage | null>;
  repliesFor(jobId: string): Promise<StoredMessage[]>;
  /** Stores nothing when the message is gone (withdrawn). */
  addAttachmentText(messageId: string, channelId: string, name: string, text: string): Promise<void>;
  search(channelId: string, query: string, limit: number): Promise<SearchHit[]>;
}

export interface PublishOptions {
  /** Leave the log's expiry as it is (set by the job's first batch); the last batch sets it again. */
  keepTtl?: boolean;
}

export interface ReplyStream {
  /** Appends events in order, in one round trip; resolves with the last one's id. */
  publish(jobId: string, events: StreamEvent | readonly StreamEvent[], options?: PublishOptions): Promise<string>;
  /** Events after `afterId` (exclusive; `0` for all). */
  read(jobId: string, afterId: string): Promise<LoggedEvent[]>;
  /**
   * Calls `onEvent` for every event after `afterId`, in order, without gaps or repeats, until
   * the returned function is called.
   */
  follow(jobId: string, afterId: string, onEvent: (event: LoggedEvent) => void): Promise<() => void>;
  exists(jobId: string): Promise<boolean>;
}

export interface ChatQueue {
  /**
   * Adds the job under its id; a job id already queued (or kept after finishing) is not added
   * twice. The payload was validated where it entered; the queue stores it as given.
   */
  enqueue(job: JobPayload): Promise<void>;
  has(jobId: string): Promise<boolean>;
}

/**
 * Image bytes by content (sha256, hex), kept for a while on their own: a job carries the
 * reference, the worker reads the bytes when it builds the prompt.
 */
export interface ImageBlobs {
  /** Stores the bytes (once per content; storing again renews the expiry) and returns their reference. */
  put(bytes: Buffer): Promise<string>;
  /** The bytes, or null once they have expired. */
  get(ref: string): Promise<Buffer | null>;
}

/** How the first try of a job id ended its submission: enqueued, or its message withdrawn. */
export type SubmitOutcome = 'queued' | 'withdrawn';

/**
 * Tells a concurrent try of the same idempotency key how the first try's submission ended, so
 * it waits on that news instead of polling the queue.
 */
export interface SubmitSignal {
  announce(jobId: string, outcome: SubmitOutcome): Promise<void>;
  /**
   * Resolves with the first try's outcome: announced, or found by `check` (called once listening,
   * again after a reconnect, and at the deadline); 'timeout' when neither by `deadline` (epoch ms).
   */
  wait(jobId: string, deadline: number, check: () => Promise<SubmitOutcome | null>): Promise<SubmitOutcome | 'timeout'>;
}

export type WorkspaceEventName = 'twin:added' | 'twin:removed' | 'twin:updated';

export interface WorkspaceEvent {
  event: WorkspaceEventName;
  owner: WorkspaceOwner;
  /** The affected workspace row (after the change; before it for removals). */
  data: Record<string, unknown>;
  at: string;
}

export interface EventBus {
  publish(event: WorkspaceEvent): Promise<void>;
  subscribe(handler: (event: WorkspaceEvent) => void): Promise<() => Promise<void>>;
}

/** A twin as a remote catalog describes it, before it gets our id and slug. */
export interface RemoteTwinInput {
  externalId: string;
  name: string;
  description: string;
  category: Category;
  expertise: string[];
  avatarUrl: string | null;
  /** Persona text; a generic one is derived from the description when the source has none. */
  personaPrompt: string | null;
}

export interface CatalogSyncResult {
  added: number;
  updated: number;
  /** Twins the source no longer lists: hidden from the catalog, kept for workspaces that hold them. */
  retired: number;
}

export interface CatalogSink {
  /** Replaces one source's twins in one transaction; ids and slugs stay stable per externalId. */
  syncSource(source: 'mind-reasoner', twins: RemoteTwinInput[]): Promise<CatalogSyncResult>;
}
