/**
 * What the platform adapters (HTTP, Discord, Slack) get from the application: the same
 * operations everywhere, so a change made over Discord is the same change as over HTTP and emits
 * the same live events.
 */
import type {
  ParticipationMode,
  RoutableWorkspaceTwin,
  Twin,
  WorkspaceOwner,
  WorkspaceTwin,
  WorkspaceTwinView,
} from './domain.js';
import type { DonePayload, InboundMessage, LoggedEvent } from './messages.js';
import type { CatalogQuery, ChannelStore, Page, RoutingRecord } from './ports.js';

export interface AddTwinInput {
  twinId: string;
  isFavorite?: boolean | undefined;
  participationMode?: ParticipationMode | undefined;
  settings?: Record<string, unknown> | undefined;
}

export interface UpdateTwinInput {
  isFavorite?: boolean | undefined;
  participationMode?: ParticipationMode | undefined;
  settings?: Record<string, unknown> | undefined;
}

/** Errors are AppError: TWIN_NOT_FOUND, TWIN_ALREADY_ADDED, TWIN_NOT_IN_WORKSPACE, VALIDATION_ERROR. */
export interface WorkspaceService {
  list(owner: WorkspaceOwner): Promise<WorkspaceTwinView[]>;
  add(owner: WorkspaceOwner, input: AddTwinInput): Promise<WorkspaceTwin>;
  remove(owner: WorkspaceOwner, twinId: string): Promise<WorkspaceTwin>;
  update(owner: WorkspaceOwner, twinId: string, patch: UpdateTwinInput): Promise<WorkspaceTwin>;
  /** Per-channel override; `null` clears it. The twin must be in the workspace. */
  setChannelMode(owner: WorkspaceOwner, channelId: string, twinId: string, mode: ParticipationMode | null): Promise<void>;
  /** The routing view of a workspace in one channel. */
  routable(owner: WorkspaceOwner, channelId: string): Promise<RoutableWorkspaceTwin[]>;
}

/**
 * `viewer` is the customer id whose own (custom) twins are visible too; without one, only the
 * catalog's. Another customer's twins never come back: they do not exist for this viewer.
 */
export interface CatalogService {
  get(id: string, viewer?: string | null): Promise<Twin | null>;
  /**
   * Forgiving lookup: id, slug, name, case- and accent-insensitive, unique prefix; the viewer's
   * own twins win over the catalog's of the same name.
   * Throws TWIN_NOT_FOUND (none) or VALIDATION_ERROR (ambiguous, listing candidates).
   */
  resolve(ref: string, viewer?: string | null): Promise<Twin>;
  list(query: CatalogQuery): Promise<Page<Twin>>;
  /** Up to `limit` twins matching slug, name or expertise (autocomplete). */
  suggest(text: string, limit: number, viewer?: string | null): Promise<Twin[]>;
}

export interface SubmitResult {
  jobId: string;
  /** False when this job id was already submitted (redelivery): nothing new was enqueued. */
  created: boolean;
}


export interface ChatService {
  /**
   * Stores the user message in the channel history and enqueues the job. `jobId` is the
   * idempotency key (Discord message id, Slack event id, Idempotency-Key).
   */
  submit(inbound: InboundMessage, jobId: string): Promise<SubmitResult>;
  /**
   * Stores a message nobody is asked to answer, so twins (and knowledge_search) see it in the
   * channel's history later. Idempotent per `key`.
   */
  record(inbound: InboundMessage, key: string): Promise<void>;
  /**
   * The job's `done` payload once it finishes (from the stream, or from the store for a replay
   * whose stream expired); rejects with the job's own error, TIMEOUT, or SHUTTING_DOWN when
   * `signal` aborts. Always releases its follower.
   */
  awaitDone(jobId: string, options: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<DonePayload>;
  /** A job's state when its stream may be gone: stored `done`, 'pending', or 'missing'. */
  state(jobId: string): Promise<DonePayload | 'pending' | 'missing'>;
  /** Ordered reply-stream events of a job after `afterId` ('0' = from the start). */
  follow(jobId: string, afterId: string, onEvent: (event: LoggedEvent) => void): Promise<() => void>;
  /** Slug of the twin that last answered in a thread (from the stored history), or null. */
  threadTwin(channelId: string, threadId: string): Promise<string | null>;
  /** Why the last answered message in a channel was answered by whom. */
  lastRouting(channelId: string): Promise<RoutingRecord | null>;
}

/** The services every platform adapter (Discord, Slack) is given: the same the HTTP API uses. */
export interface PlatformServices {
  chat: ChatService;
  workspace: WorkspaceService;
  catalog: CatalogService;
  channels: ChannelStore;
  twinFiles: TwinFiles;
}

/** A twin as a persona file (api/twins.md export formats), as `viewer` (a customer id) sees it. */
export interface TwinFiles {
  exportFile(viewer: string, ref: string, format: 'ccv2' | 'ccv3' | 'eliza' | 'png'): Promise<{ filename: string; contentType: string; body: Buffer }>;
  /**
   * Imports the persona file behind a platform's attachment URL (headers: e.g. Slack's bot token)
   * into `owner`'s twins; `add` also puts them in that workspace. IMPORT_INVALID / ATTACHMENT_REFUSED.
   */
  importUrl(
    owner: WorkspaceOwner,
    file: { url: string; filename: string; contentType: string | null; headers?: Record<string, string> },
    add: { participationMode?: ParticipationMode } | null,
  ): Promise<{ twins: Twin[]; skipped: { name: string; reason: string }[] }>;
  /**
   * Creates one of `owner`'s twins from a platform form (Discord modal, Slack view) and adds it to
   * that workspace; VALIDATION_ERROR names the field (`name`, `persona.prompt`, `persona.examples`…).
   */
  create(owner: WorkspaceOwner, fields: TwinFormFields, add: { participationMode?: ParticipationMode }): Promise<Twin>;
}

/** The fields a platform form asks for (api/twins.md POST, the subset a modal holds). */
export interface TwinFormFields {
  name: string;
  description?: string;
  prompt: string;
  /** Lines in the twin's voice, one per entry. */
  examples?: string[];
  avatarUrl?: string | null;
}

/** The catalog as one customer sees it: the same service with that viewer on every call. */
export function viewedCatalog(catalog: CatalogService, viewer: string): CatalogService {
  return {
    get: (id, v = viewer) => catalog.get(id, v),
    resolve: (ref, v = viewer) => catalog.resolve(ref, v),
    list: (query) => catalog.list({ viewer, ...query }),
    suggest: (text, limit, v = viewer) => catalog.suggest(text, limit, v),
  };
}
