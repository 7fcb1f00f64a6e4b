/**
 * Scripting types of the fake Anthropic Messages API. A test describes each response as a
 * `FakeTurn`; the server renders it in the real wire format (SSE or one JSON Message).
 */
import type { IncomingHttpHeaders } from 'node:http';

export type FakeErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'billing_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

export type FakeStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

export interface FakeToolUse {
  /** Default: `toolu_fake_<n>`. */
  id?: string;
  name: string;
  input: unknown;
  /** How many `input_json_delta` pieces the input JSON is cut into (default 3). */
  jsonChunks?: number;
}

export interface FakeSearchResult {
  title: string;
  url: string;
  pageAge?: string | null;
}

export interface FakeWebSearch {
  /** Default: `srvtoolu_fake_<n>`. */
  id?: string;
  query: string;
  /** Default: two example.com results derived from the query. */
  results?: FakeSearchResult[];
  /** Makes the result block a `web_search_tool_result_error` instead of results. */
  errorCode?: 'unavailable' | 'max_uses_exceeded' | 'too_many_requests' | 'query_too_long' | 'invalid_tool_input';
}

/** One content block of a scripted reply, in the order given. */
export type FakeBlock =
  | { type: 'text'; chunks: string[] }
  | ({ type: 'tool_use' } & FakeToolUse)
  | ({ type: 'web_search' } & FakeWebSearch);

export interface FakeUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export interface FakeHttpError {
  status: number;
  type: FakeErrorType;
  message?: string;
  /** `retry-after` header: seconds, or an HTTP date string. */
  retryAfter?: number | string;
  /** `retry-after-ms` header. */
  retryAfterMs?: number;
}

/**
 * One response. Without `blocks`, the content is: web searches, then `text`, then `toolUses`.
 * Chunk counts (`afterChunks`) count `content_block_delta` events, including the empty
 * `input_json_delta` the real API sends first for each tool block.
 */
export interface FakeTurn {
  text?: string | string[];
  toolUses?: FakeToolUse[];
  webSearch?: FakeWebSearch | FakeWebSearch[];
  blocks?: FakeBlock[];
  /** Default: `tool_use` when the reply has client tool calls, else `end_turn`. */
  stopReason?: FakeStopReason;
  /** Overrides the simulated token counts. */
  usage?: FakeUsage;
  /** Default: the request's model. */
  model?: string;
  /** Wait before each `content_block_delta` (streaming only). */
  chunkDelayMs?: number;
  /** Wait before sending the status line and headers. */
  headersDelayMs?: number;
  /** Answer with this HTTP error instead of a message. */
  error?: FakeHttpError;
  /** Streaming: send `event: error` after this many deltas and end the response. */
  streamError?: { afterChunks: number; type?: FakeErrorType; message?: string };
  /** Streaming: end the response cleanly after this many deltas, with no message_stop (a dropped proxy). */
  cutOff?: { afterChunks: number };
  /** Never finish: `true` stops right after the first block starts; non-streaming never answers. */
  hang?: boolean | { afterChunks: number };
}

export interface FakeMessage {
  role: string;
  content: string | Array<Record<string, unknown> & { type: string }>;
}

/** The parts of a Messages request body the fake reads; everything else is kept as sent. */
export interface FakeMessagesBody {
  model: string;
  max_tokens: number;
  messages: FakeMessage[];
  system?: string | Array<{ type: string; text: string; cache_control?: unknown }>;
  tools?: Array<Record<string, unknown>>;
  tool_choice?: { type: string; name?: string };
  output_config?: { format?: { type: string; schema?: Record<string, unknown> } | null };
  temperature?: number;
  stream?: boolean;
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The credential, from `x-api-key` or `Authorization: Bearer` (the SDK sends the latter). */
  apiKey: string | null;
  xApiKey: string | null;
  authorization: string | null;
  anthropicVersion: string | null;
  anthropicBeta: string[];
  body: FakeMessagesBody;
  stream: boolean;
  /** The system prompt's text (blocks joined with a newline). */
  systemText: string;
  /** Text of the last user message (text blocks joined with a space). */
  lastUserText: string;
  requestId: string;
  receivedAt: number;
}

export type FakeResponder = (request: RecordedRequest) => FakeTurn;

export interface FakeAnthropicOptions {
  /** When set, any other credential gets a 401 `authentication_error`. */
  apiKey?: string;
  /** Check request bodies like the real API (400 on mistakes). Default true. */
  validate?: boolean;
  /** Keep every request in `requests`. Turn off for long benchmarks. Default true. */
  record?: boolean;
  /** Default `chunkDelayMs` for turns that do not set one. Default 0. */
  chunkDelayMs?: number;
}

export interface FakeAnthropicStats {
  /** Requests received, recorded or not. */
  received: number;
  /** Responses still being written (includes hanging ones). */
  open: number;
  /** Responses the client closed before the server finished them. */
  clientAborts: number;
}

export interface FakeAnthropic {
  /** Base URL for the SDK (`baseURL`), e.g. `http://127.0.0.1:41234`. */
  url: string;
  requests: RecordedRequest[];
  readonly stats: FakeAnthropicStats;
  /** Queue responses, answered in order; a function decides from the request. */
  enqueue(...turns: Array<FakeTurn | FakeResponder>): void;
  /** Replace the responder used when the queue is empty; `null` restores the built-in one. */
  setDefault(responder: FakeResponder | null): void;
  /** Queued responses not used yet. */
  pending(): number;
  lastRequest(): RecordedRequest | undefined;
  /** Resolves once `count` requests in total have been received. */
  waitForRequests(count: number): Promise<void>;
  /** Resolves once `count` responses in total were closed early by the client. */
  waitForClientAborts(count: number): Promise<void>;
  /** Clears the queue, the recorded requests, the default responder and the counters (not `open`). */
  reset(): void;
  /** Destroys open (and hanging) responses and stops listening. */
  close(): Promise<void>;
}
