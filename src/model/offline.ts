/**
 * The model used when no ANTHROPIC_API_KEY is configured, so the whole pipeline (queue, stream,
 * renderers, history) works on a fresh machine. It says plainly that it is offline, in the twin's
 * name, and echoes the start of the user's message so the reply is visibly about it.
 * Deterministic: the same request always streams the same chunks.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { AppError } from '../core/errors.js';
import type { ModelEvent, ModelMessage, ModelProvider, ModelRequest } from '../core/model.js';
import { abortError } from './abort.js';

export interface OfflineModelProviderOptions {
  /** Pause between word chunks, like a model streaming. 0 = instant. Default 25. */
  chunkDelayMs?: number;
}

export interface OfflineModelProviderDeps {
  logger: Logger;
}

const QUOTE_CHARS = 80;

function textOf(message: ModelMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .map((b) => (b.type === 'text' ? b.text : ''))
    .filter((t) => t !== '')
    .join(' ');
}

/** The newest thing the user said: the last text block that is not an attachment or context. */
function newestText(message: ModelMessage): string {
  if (typeof message.content === 'string') return message.content;
  const texts = message.content.filter((b) => b.type === 'text' && !/^(<attachment|<context|\(attachment)/.test(b.text));
  const last = texts[texts.length - 1];
  return last?.type === 'text' ? last.text.replace(/^\[[^\]]{1,80}\]\s*/, '') : textOf(message);
}

/** The first ~80 characters of the last user message with text, on one line. */
export function quoteOfLastUserMessage(messages: ModelMessage[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role !== 'user') continue;
    const text = newestText(m).replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    return text.length <= QUOTE_CHARS ? text : `${text.slice(0, QUOTE_CHARS).trimEnd()}…`;
  }
  return null;
}

export function offlineReply(request: ModelRequest): string {
  const quote = quoteOfLastUserMessage(request.messages);
  const about = quote === null ? 'You sent me a message without text.' : `You said: "${quote}"`;
  return (
    `${request.twin.name} here. This is an offline reply: no ANTHROPIC_API_KEY is configured, ` +
    `so I can't think it over with Claude. ${about} ` +
    'Set ANTHROPIC_API_KEY to enable Claude and get a real answer.'
  );
}

/** Word chunks that join back to the full text. */
function chunksOf(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

export class OfflineModelProvider implements ModelProvider {
  readonly name = 'offline';
  readonly supportsStructuredOutput = false;
  readonly #chunkDelayMs: number;
  readonly #logger: Logger;

  constructor(options: OfflineModelProviderOptions, deps: OfflineModelProviderDeps) {
    this.#chunkDelayMs = Math.max(0, options.chunkDelayMs ?? 25);
    this.#logger = deps.logger.child({ provider: 'offline' });
  }

  stream(request: ModelRequest): AsyncIterable<ModelEvent> {
    return this.#stream(request);
  }

  async *#stream(request: ModelRequest): AsyncGenerator<ModelEvent> {
    if (request.outputSchema) {
      // Free text would only fail the schema check later; say what is missing instead.
      throw new AppError('PROVIDER_NOT_CONFIGURED', 'The offline model cannot produce structured output.', {
        userMessage: 'Structured answers need Claude: set ANTHROPIC_API_KEY.',
      });
    }
    const { signal } = request;
    const reply = offlineReply(request);
    const chunks = chunksOf(reply);
    this.#logger.debug({ twin: request.twin.slug, chunks: chunks.length }, 'offline reply');
    request.onAccepted?.();
    for (let i = 0; i < chunks.length; i++) {
      if (signal?.aborted) throw abortError(signal);
      if (i > 0 && this.#chunkDelayMs > 0) {
        try {
          await sleep(this.#chunkDelayMs, undefined, signal ? { signal } : {});
        } catch (err) {
          if (signal?.aborted) throw abortError(signal);
          throw err;
        }
      }
      yield { type: 'text_delta', text: chunks[i] ?? '' };
    }
    if (signal?.aborted) throw abortError(signal);
    yield {
      type: 'end',
      stopReason: 'end_turn',
      model: 'offline',
      // No model ran, so no tokens were used.
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      confidence: null,
      assistantContent: [{ type: 'text', text: reply }],
    };
  }
}

export function createOfflineModelProvider(
  options: OfflineModelProviderOptions,
  deps: OfflineModelProviderDeps,
): OfflineModelProvider {
  return new OfflineModelProvider(options, deps);
}
