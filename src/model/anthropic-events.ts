/**
 * Folds the raw Messages stream events of one call into ModelEvents and, at the end, the
 * complete assistant turn. We accumulate ourselves instead of using the SDK's MessageStream so
 * that tool input is parsed once per block (not re-parsed on every delta) under heavy load.
 */
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { ModelContentBlock, ModelEvent, ModelUsage, StopReason } from '../core/model.js';

interface OpenBlock {
  start: Record<string, unknown> & { type: string };
  text: string;
  json: string;
  thinking: string;
  signature: string | null;
}

const STOP_REASONS: Record<string, StopReason> = {
  end_turn: 'end_turn',
  tool_use: 'tool_use',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  pause_turn: 'pause_turn',
  refusal: 'refusal',
  // Cut off by the context window: for a caller it is the same as running out of tokens.
  model_context_window_exceeded: 'max_tokens',
};

const PREVIEW_CHARS = 200;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A short, user-safe summary of a server tool result (titles and URLs, or the error code). */
export function serverResultPreview(content: unknown): { preview: string; success: boolean } {
  if (Array.isArray(content)) {
    const items = content.filter(isObject).map((r) => `${String(r['title'] ?? '')} (${String(r['url'] ?? '')})`);
    return { preview: truncate(`${items.length} results: ${items.join('; ')}`, PREVIEW_CHARS), success: true };
  }
  if (isObject(content) && typeof content['error_code'] === 'string') {
    return { preview: `error: ${content['error_code']}`, success: false };
  }
  return { preview: '', success: true };
}

export class TurnAccumulator {
  model: string;
  complete = false;
  stopReason: StopReason = 'other';
  readonly usage: ModelUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  /** Tool blocks whose input was not valid JSON (a turn cut off mid-call); left out of the turn. */
  readonly droppedTools: string[] = [];
  readonly #open = new Map<number, OpenBlock>();
  readonly #content: Array<ModelContentBlock | undefined> = [];
  readonly #serverToolNames = new Map<string, string>();

  constructor(requestedModel: string) {
    this.model = requestedModel;
  }

  /** The ModelEvent this raw event completes, if any. */
  apply(event: RawMessageStreamEvent): ModelEvent | null {
    switch (event.type) {
      case 'message_start': {
        const u = event.message.usage;
        this.model = event.message.model;
        this.usage.inputTokens = u.input_tokens;
        this.usage.outputTokens = u.output_tokens;
        this.usage.cacheReadTokens = u.cache_read_input_tokens ?? 0;
        this.usage.cacheWriteTokens = u.cache_creation_input_tokens ?? 0;
        return null;
      }
      case 'content_block_start':
        this.#open.set(event.index, {
          start: event.content_block as unknown as OpenBlock['start'],
          text: '',
          json: '',
          thinking: '',
          signature: null,
        });
        return null;
      case 'content_block_delta':
        return this.#delta(event.index, event.delta);
      case 'content_block_stop':
        return this.#stop(event.index);
      case 'message_delta': {
        // Counters in message_delta are cumulative totals; absent ones keep message_start's.
        const u = event.usage;
        this.usage.outputTokens = u.output_tokens;
        if (u.input_tokens != null) this.usage.inputTokens = u.input_tokens;
        if (u.cache_read_input_tokens != null) this.usage.cacheReadTokens = u.cache_read_input_tokens;
        if (u.cache_creation_input_tokens != null) this.usage.cacheWriteTokens = u.cache_creation_input_tokens;
        if (event.delta.stop_reason) this.stopReason = STOP_REASONS[event.delta.stop_reason] ?? 'other';
        return null;
      }
      case 'message_stop':
        this.complete = true;
        return null;
      default:
        return null;
    }
  }

  #delta(index: number, delta: Extract<RawMessageStreamEvent, { type: 'content_block_delta' }>['delta']): ModelEvent | null {
    const block = this.#open.get(index);
    if (!block) return null;
    switch (delta.type) {
      case 'text_delta':
        block.text += delta.text;
        return delta.text === '' ? null : { type: 'text_delta', text: delta.text };
      case 'input_json_delta':
        block.json += delta.partial_json;
        return null;
      case 'thinking_delta':
        block.thinking += delta.thinking;
        return null;
      case 'signature_delta':
        block.signature = delta.signature;
        return null;
      default:
        // citations_delta: citations are not carried in our text blocks.
        return null;
    }
  }

  #stop(index: number): ModelEvent | null {
    const block = this.#open.get(index);
    if (!block) return null;
    this.#open.delete(index);
    const { start } = block;
    switch (start.type) {
      case 'text':
        // The API rejects empty text blocks when the turn is sent back.
        if (block.text !== '') this.#content[index] = { type: 'text', text: block.text };
        return null;
      case 'tool_use': {
        const input = this.#parseInput(block);
        const id = String(start['id']);
        const name = String(start['name']);
        if (input === undefined) {
          this.droppedTools.push(name);
          return null;
        }
        this.#content[index] = { type: 'tool_use', id, name, input };
        return { type: 'tool_use', id, name, input };
      }
      case 'server_tool_use': {
        const input = this.#parseInput(block) ?? {};
        const id = String(start['id']);
        const name = String(start['name']);
        this.#serverToolNames.set(id, name);
        this.#content[index] = { type: 'raw', value: { ...start, input } };
        return { type: 'server_tool_start', id, name, input };
      }
      case 'thinking':
        this.#content[index] = { type: 'raw', value: { ...start, thinking: block.thinking, signature: block.signature ?? start['signature'] } };
        return null;
      default: {
        // Server tool results (web_search_tool_result, ...) and other blocks arrive whole.
        this.#content[index] = { type: 'raw', value: start };
        const toolUseId = start['tool_use_id'];
        if (!start.type.endsWith('_tool_result') || typeof toolUseId !== 'string') return null;
        const name = this.#serverToolNames.get(toolUseId) ?? start.type.replace(/_tool_result$/, '');
        return { type: 'server_tool_result', id: toolUseId, name, ...serverResultPreview(start['content']) };
      }
    }
  }

  #parseInput(block: OpenBlock): unknown {
    if (block.json === '') return isObject(block.start['input']) ? block.start['input'] : {};
    try {
      return JSON.parse(block.json) as unknown;
    } catch {
      return undefined;
    }
  }

  /** The closing event; call only after `complete`. */
  end(): Extract<ModelEvent, { type: 'end' }> {
    return {
      type: 'end',
      stopReason: this.stopReason,
      model: this.model,
      usage: { ...this.usage },
      confidence: null,
      assistantContent: this.#content.filter((b): b is ModelContentBlock => b !== undefined),
    };
  }
}
