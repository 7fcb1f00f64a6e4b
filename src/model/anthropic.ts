/**
 * ModelProvider over Anthropic's Messages API (streaming), through the official SDK.
 *
 * - The SDK never retries (`maxRetries: 0`): the queue owns retries and honors `retryAfterMs`.
 * - `timeoutMs` bounds both the wait for response headers and any silence inside the stream
 *   (the SDK's own timeout stops at the headers; a stalled stream would otherwise hang a job).
 * - Aborting `request.signal` ends the call and rejects with the signal's reason.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Logger } from 'pino';
import { AppError } from '../core/errors.js';
import type { ModelEvent, ModelProvider, ModelRequest } from '../core/model.js';
import { toModelError } from './anthropic-errors.js';
import { TurnAccumulator } from './anthropic-events.js';
import { toSdkParams, type RequestSettings } from './anthropic-request.js';
import { abortError } from './abort.js';

export interface AnthropicModelProviderOptions {
  apiKey: string;
  /** Default: the public API. Passed explicitly so the SDK never falls back to the environment. */
  baseURL?: string;
  defaultModel: string;
  /** Max wait for headers and max silence between stream events. Default 120 s. */
  timeoutMs?: number;
  /** `max_uses` of the web search tool per call. Default 5. */
  webSearchMaxUses?: number;
}

export interface AnthropicModelProviderDeps {
  logger: Logger;
}

const DEFAULT_BASE_URL = 'https://api.anthropic.com';
const DEFAULT_TIMEOUT_MS = 120_000;

type SdkLogFn = (message: string, ...rest: unknown[]) => void;

/** The SDK's logger interface on top of pino (the SDK would otherwise write to console). */
function sdkLogger(logger: Logger): { error: SdkLogFn; warn: SdkLogFn; info: SdkLogFn; debug: SdkLogFn } {
  const at =
    (level: 'error' | 'warn' | 'info' | 'debug'): SdkLogFn =>
    (message, ...rest) => {
      logger[level](rest.length > 0 ? { sdk: rest } : {}, message);
    };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

export class AnthropicModelProvider implements ModelProvider {
  readonly name = 'anthropic';
  readonly supportsStructuredOutput = true;
  readonly #client: Anthropic;
  readonly #apiKey: string;
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  readonly #settings: RequestSettings;

  constructor(options: AnthropicModelProviderOptions, deps: AnthropicModelProviderDeps) {
    if (options.apiKey.trim() === '') {
      throw new AppError('PROVIDER_NOT_CONFIGURED', 'The Anthropic provider needs an API key.');
    }
    this.#apiKey = options.apiKey;
    this.#logger = deps.logger.child({ provider: 'anthropic' });
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#settings = { defaultModel: options.defaultModel, webSearchMaxUses: options.webSearchMaxUses ?? 5 };
    this.#client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? DEFAULT_BASE_URL,
      maxRetries: 0,
      timeout: this.#timeoutMs,
      logger: sdkLogger(this.#logger),
      logLevel: 'warn',
    });
  }

  stream(request: ModelRequest): AsyncIterable<ModelEvent> {
    return this.#stream(request);
  }

  async *#stream(request: ModelRequest): AsyncGenerator<ModelEvent> {
    const outer = request.signal;
    if (outer?.aborted) throw abortError(outer);
    const params = toSdkParams(request, this.#settings);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    let idle = false;
    const watchdog = setTimeout(() => {
      idle = true;
      controller.abort();
    }, this.#timeoutMs);
    const acc = new TurnAccumulator(params.model);
    const started = Date.now();
    let finished = false;
    try {
      const stream = await this.#client.messages.create(params, { signal: controller.signal });
      request.onAccepted?.();
      for await (const event of stream) {
        watchdog.refresh();
        const out = acc.apply(event);
        if (out) yield out;
      }
      // The SDK ends an aborted stream quietly, so check why it ended before trusting it.
      if (outer?.aborted) throw abortError(outer);
      if (idle) throw this.#idleError();
      if (!acc.complete) {
        throw new AppError('MODEL_UNAVAILABLE', 'Anthropic stream ended before message_stop.');
      }
      finished = true;
      if (acc.droppedTools.length > 0) {
        this.#logger.warn({ tools: acc.droppedTools, stopReason: acc.stopReason }, 'tool call with incomplete input dropped');
      }
      const end = acc.end();
      this.#logger.debug({ model: end.model, stopReason: end.stopReason, usage: end.usage, ms: Date.now() - started }, 'model call done');
      yield end;
    } catch (err) {
      if (outer?.aborted) throw abortError(outer);
      const error = idle ? this.#idleError() : toModelError(err, this.#apiKey);
      this.#logger.warn(
        { code: error.code, retryable: error.retryable, retryAfterMs: error.retryAfterMs, details: error.details, model: params.model },
        error.message,
      );
      throw error;
    } finally {
      clearTimeout(watchdog);
      outer?.removeEventListener('abort', onAbort);
      // Also reached when the consumer stops iterating early: release the connection.
      if (!finished) controller.abort();
    }
  }

  #idleError(): AppError {
    return new AppError('MODEL_UNAVAILABLE', `No data from Anthropic for ${this.#timeoutMs} ms.`);
  }
}

export function createAnthropicModelProvider(
  options: AnthropicModelProviderOptions,
  deps: AnthropicModelProviderDeps,
): AnthropicModelProvider {
  return new AnthropicModelProvider(options, deps);
}
