/**
 * The ModelProvider port: one streaming call, provider-neutral blocks. Providers translate their
 * SDK's errors into AppError codes (MODEL_RATE_LIMITED with retryAfterMs, MODEL_OVERLOADED,
 * MODEL_UNAVAILABLE, MODEL_AUTH_FAILED, MODEL_ERROR) and keep the original as `cause`.
 */

export type ModelContentBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; mediaType: string; base64: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; toolUseId: string; content: string; isError?: boolean }
  /** A provider-specific block (e.g. server tool use/result) echoed back verbatim next turn. */
  | { type: 'raw'; value: unknown };

export interface ModelMessage {
  role: 'user' | 'assistant';
  content: string | ModelContentBlock[];
}

export interface ModelToolSpec {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface ModelTwin {
  id: string | null;
  slug: string;
  name: string;
  source: 'bundled' | 'mind-reasoner' | 'workspace' | 'custom' | 'default';
  /** Remote id (Mind Reasoner mind id). */
  externalId: string | null;
}

export interface ModelRequest {
  /** null: the provider's configured default. */
  model: string | null;
  /** Stable persona text; providers that support it cache this prefix. */
  system: string;
  messages: ModelMessage[];
  tools: ModelToolSpec[];
  /** Server-side web search: off, available to the model, or required. */
  webSearch: 'off' | 'auto' | 'always';
  maxTokens: number;
  temperature?: number;
  /** Structured output: the final text must be JSON valid against this schema. */
  outputSchema?: { name: string; schema: Record<string, unknown> };
  twin: ModelTwin;
  signal?: AbortSignal;
  /**
   * Called once the provider holds the request (for a streaming HTTP call: its response headers
   * arrived), before any event. The engine hands a channel's turn on at this point, so the next
   * message's request cannot reach the model first.
   */
  onAccepted?: () => void;
}

export type StopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'pause_turn'
  | 'refusal'
  | 'other';

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export type ModelEvent =
  | { type: 'text_delta'; text: string }
  /** A client tool call, complete with its parsed input; the engine runs it. */
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  /** A server-side tool (web search) the provider ran itself. */
  | { type: 'server_tool_start'; id: string; name: string; input: unknown }
  | { type: 'server_tool_result'; id: string; name: string; preview: string; success: boolean }
  | {
      type: 'end';
      stopReason: StopReason;
      model: string;
      usage: ModelUsage;
      /** A real figure from the provider, or null. Never invented. */
      confidence: number | null;
      /** The assistant turn, to send back when the tool loop continues. */
      assistantContent: ModelContentBlock[];
    };

export interface ModelProvider {
  readonly name: string;
  /** True when the provider can honor `outputSchema`. */
  readonly supportsStructuredOutput: boolean;
  stream(request: ModelRequest): AsyncIterable<ModelEvent>;
}
