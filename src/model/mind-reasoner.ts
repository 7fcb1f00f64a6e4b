/**
 * MindReasonerModelProvider: twins synced from Mind Reasoner answer through its simulate API,
 * which returns one whole answer. It is re-emitted as word-boundary text deltas so renderers
 * treat it like any streamed reply; Mind Reasoner's own confidence is passed through untouched.
 */
import type { Logger } from 'pino';
import { AppError, isAppError } from '../core/errors.js';
import type { ModelContentBlock, ModelEvent, ModelMessage, ModelProvider, ModelRequest } from '../core/model.js';
import type { MindReasonerClient, SimulationResult } from '../catalog/mind-reasoner/client.js';

export interface MindReasonerModelProviderOptions {
  client: MindReasonerClient;
  /** Words per text delta. */
  chunkSize?: number;
  /** Earlier turns quoted in the scenario, newest kept first. */
  historyTurns?: number;
  /** Cap on the quoted earlier conversation (the new message is always sent whole). */
  maxHistoryChars?: number;
}

export interface MindReasonerModelProviderDeps {
  logger: Logger;
}

const DEFAULT_CHUNK_WORDS = 4;
const DEFAULT_HISTORY_TURNS = 6;
const DEFAULT_HISTORY_CHARS = 4000;
const MODEL_PREFIX = 'mind-reasoner:';

export function createMindReasonerModelProvider(
  options: MindReasonerModelProviderOptions,
  deps: MindReasonerModelProviderDeps,
): ModelProvider {
  const { client } = options;
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_CHUNK_WORDS));
  const historyTurns = options.historyTurns ?? DEFAULT_HISTORY_TURNS;
  const maxHistoryChars = options.maxHistoryChars ?? DEFAULT_HISTORY_CHARS;
  const logger = deps.logger.child({ component: 'mind-reasoner-model' });

  async function* stream(request: ModelRequest): AsyncGenerator<ModelEvent> {
    const mindId = request.twin.externalId;
    if (!mindId) {
      throw new AppError('PROVIDER_NOT_CONFIGURED', `twin ${request.twin.slug} has no Mind Reasoner mind id`);
    }
    const message = scenarioMessage(request.messages, request.twin.name, historyTurns, maxHistoryChars);
    if (message === null) throw new AppError('MODEL_ERROR', 'no user text to send to Mind Reasoner');
    const model = simulationModel(request.model) ?? client.simulationModel;
    let result: SimulationResult;
    try {
      const answer = client.simulate({
        mindId,
        message,
        ...(model === client.simulationModel ? {} : { model }),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      // A simulation answers all at once; the request is out once the call has begun.
      request.onAccepted?.();
      result = await answer;
    } catch (err) {
      throw asModelError(err);
    }
    const text = result.message.trim();
    if (text === '') throw new AppError('MODEL_ERROR', 'Mind Reasoner returned an empty answer');
    logger.debug({ twin: request.twin.slug, chars: text.length, confidence: result.confidence }, 'simulation answered');
    for (const chunk of splitWords(text, chunkSize)) yield { type: 'text_delta', text: chunk };
    const assistantContent: ModelContentBlock[] = [{ type: 'text', text }];
    yield {
      type: 'end',
      stopReason: 'end_turn',
      model: `${MODEL_PREFIX}${model}`,
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      confidence: result.confidence,
      assistantContent,
    };
  }

  return { name: 'mind-reasoner', supportsStructuredOutput: false, stream };
}

/**
 * A per-request model applies only when it names a Mind Reasoner model (`mind-reasoner-standard`
 * or `mind-reasoner:mind-reasoner-standard`); a Claude model name asked for the channel is not ours.
 */
function simulationModel(requested: string | null): string | null {
  if (!requested) return null;
  const name = requested.startsWith(MODEL_PREFIX) ? requested.slice(MODEL_PREFIX.length) : requested;
  return name.startsWith('mind-reasoner') ? name : null;
}

/** Groups of `size` words; concatenated they give back `text` exactly. */
export function splitWords(text: string, size: number): string[] {
  const tokens = text.match(/\s*\S+/g) ?? [];
  const trailing = text.slice(tokens.join('').length);
  const chunks: string[] = [];
  for (let i = 0; i < tokens.length; i += size) chunks.push(tokens.slice(i, i + size).join(''));
  if (trailing && chunks.length > 0) chunks[chunks.length - 1] += trailing;
  return chunks;
}

export function textOf(message: ModelMessage): string {
  if (typeof message.content === 'string') return message.content.trim();
  return message.content
    .flatMap((block) => (block.type === 'text' ? [block.text] : []))
    .join('\n')
    .trim();
}

/**
 * Simulate takes one scenario text and keeps no conversation, so earlier turns are quoted ahead
 * of the new message, oldest dropped first to stay under `maxChars`.
 */
export function scenarioMessage(
  messages: ModelMessage[],
  twinName: string,
  historyTurns: number,
  maxChars: number,
): string | null {
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && m.role === 'user' && textOf(m) !== '') {
      lastUser = i;
      break;
    }
  }
  const last = messages[lastUser];
  if (!last) return null;
  const current = textOf(last);
  const earlier: string[] = [];
  let used = 0;
  for (let i = lastUser - 1; i >= 0 && earlier.length < historyTurns; i--) {
    const m = messages[i];
    const text = m ? textOf(m) : '';
    if (!m || text === '') continue;
    const line = `${m.role === 'user' ? 'User' : twinName}: ${text}`;
    if (used + line.length > maxChars) break;
    earlier.unshift(line);
    used += line.length;
  }
  if (earlier.length === 0) return current;
  return `Conversation so far:\n${earlier.join('\n')}\n\nNew message:\n${current}`;
}

/** The client speaks of an upstream; to the engine that upstream is a model. */
function asModelError(err: unknown): unknown {
  if (!isAppError(err)) return err;
  if (err.code !== 'UPSTREAM_ERROR') return err;
  const code = err.retryable ? 'MODEL_UNAVAILABLE' : 'MODEL_ERROR';
  return new AppError(code, err.message, {
    cause: err,
    retryable: err.retryable,
    ...(err.details ? { details: err.details } : {}),
  });
}
