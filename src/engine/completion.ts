/**
 * The worker side of the twin-service chat completions: one twin, the request's conversation,
 * an answer in a JSON shape checked against its schema before anyone sees it. Runs inside the
 * engine (same queue, retries and reply stream as chat) but stores nothing in channel history:
 * completions are stateless, and the job id alone makes them idempotent.
 */
import type { Logger } from 'pino';
import type { Twin } from '../core/domain.js';
import { AppError } from '../core/errors.js';
import type { CompletionJob, DonePayload, ReplyRecord } from '../core/messages.js';
import type { ModelMessage, ModelProvider, ModelRequest, StopReason } from '../core/model.js';
import type { ReplyStream, TwinCatalog } from '../core/ports.js';
import { completionMessages, completionSystemPrompt, correctionNote } from './completion-prompt.js';
import { twinRef, type JobRunContext } from './engine.js';
import { JobPublisher } from './publisher.js';
import { modeOf, schemaFor } from './sampling.js';
import { checkStructured, validatorFor } from './structured.js';

export interface CompletionOptions {
  maxTokens: number;
  /** Continuations allowed after a `pause_turn` (long server-side web searches). */
  maxRounds: number;
}

export interface CompletionDeps {
  catalog: TwinCatalog;
  stream: ReplyStream;
  providerFor(twin: Twin): ModelProvider;
  logger: Logger;
}

interface Generated {
  text: string;
  model: string;
  confidence: number | null;
  stopReason: StopReason;
  toolsUsed: string[];
}

interface Answer {
  value: unknown;
  generated: Generated;
}

/** Five options with reasons need room; the chat default (1024 tokens) cuts them off. */
const SAMPLING_MIN_TOKENS = 2048;

export const OFFLINE_REASON =
  'This is an offline reply: no model provider is configured (ANTHROPIC_API_KEY is not set), so it is not a real answer from this twin.';

/** One model answer, following `pause_turn` continuations; the text is what came after the last search. */
async function generate(provider: ModelProvider, request: ModelRequest, maxRounds: number): Promise<Generated> {
  let conversation = request.messages;
  let full = '';
  // Text before a web search is the model thinking aloud; the JSON answer comes after it.
  let segment = '';
  const toolsUsed = new Set<string>();
  for (let round = 0; ; round++) {
    let end = null;
    for await (const ev of provider.stream({ ...request, messages: conversation })) {
      if (ev.type === 'text_delta') {
        full += ev.text;
        segment += ev.text;
      } else if (ev.type === 'server_tool_start') {
        toolsUsed.add(ev.name);
        segment = '';
      } else if (ev.type === 'end') end = ev;
    }
    if (!end) throw new AppError('MODEL_ERROR', 'model stream ended without a final event', { retryable: true });
    if (end.stopReason === 'pause_turn' && round < maxRounds) {
      conversation = [...conversation, { role: 'assistant', content: end.assistantContent }];
      continue;
    }
    return {
      text: segment.trim() !== '' ? segment : full,
      model: end.model,
      confidence: end.confidence,
      stopReason: end.stopReason,
      toolsUsed: [...toolsUsed],
    };
  }
}

/** The conversation for the second try: the rejected answer, then what was wrong with it. */
function withCorrection(messages: ModelMessage[], rejected: string, note: string): ModelMessage[] {
  if (rejected.trim() !== '') return [...messages, { role: 'assistant', content: rejected }, { role: 'user', content: note }];
  const last = messages[messages.length - 1];
  const lastText = typeof last?.content === 'string' ? last.content : '';
  return [...messages.slice(0, -1), { role: 'user', content: `${lastText}\n\n${note}` }];
}

export function createCompletionProcessor(options: CompletionOptions, deps: CompletionDeps) {
  async function visibleTwin(job: CompletionJob): Promise<Twin> {
    const twin = await deps.catalog.get(job.twinId);
    // Workspace-specific twins answer only their own customer; to others they do not exist.
    if (!twin || (twin.ownerCustomerId !== null && twin.ownerCustomerId !== job.owner.customerId)) {
      throw new AppError('TWIN_NOT_FOUND', `twin ${job.twinId} not found`);
    }
    return twin;
  }

  function baseRequest(job: CompletionJob, twin: Twin, ctx: JobRunContext, structured: boolean): ModelRequest {
    const mode = modeOf(job);
    const schema = schemaFor(job);
    return {
      model: null,
      system: completionSystemPrompt(twin, { mode, schema, temperature: job.temperature }),
      messages: completionMessages(job.messages),
      tools: [],
      webSearch: job.useWebSearch === 'never' ? 'off' : job.useWebSearch,
      maxTokens: mode === 'sampling' ? Math.max(options.maxTokens, SAMPLING_MIN_TOKENS) : options.maxTokens,
      // Passed on for providers that can sample at a temperature; the prompt carries it for those that cannot.
      ...(job.temperature !== null ? { temperature: job.temperature } : {}),
      ...(structured ? { outputSchema: schema } : {}),
      twin: { id: twin.id, slug: twin.slug, name: twin.name, source: twin.source, externalId: twin.externalId },
      signal: ctx.signal,
    };
  }

  /** Constrained output, validated; one corrective retry, then a 502 — never an unchecked answer. */
  async function structuredAnswer(job: CompletionJob, twin: Twin, provider: ModelProvider, ctx: JobRunContext): Promise<Answer> {
    const schema = schemaFor(job);
    const validate = validatorFor(schema.schema);
    const request = baseRequest(job, twin, ctx, true);
    let problem = '';
    let lastText = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      const messages = attempt === 1 ? request.messages : withCorrection(request.messages, lastText, correctionNote(problem, schema.name));
      const generated = await generate(provider, { ...request, messages }, options.maxRounds);
      if (generated.stopReason === 'refusal') {
        throw new AppError('MODEL_ERROR', 'the model refused to answer', { userMessage: `${twin.name} declined to answer that.` });
      }
      const check = checkStructured(generated.text, validate);
      if (check.ok) return { value: check.value, generated };
      problem = generated.stopReason === 'max_tokens' ? 'it was cut off at the length limit; answer more briefly' : check.problem;
      lastText = generated.text;
      ctx.logger.warn({ twin: twin.slug, schema: schema.name, attempt, problem }, 'structured answer rejected');
    }
    const message = `${twin.name}'s answer did not validate against the schema "${schema.name}" after 2 attempts: ${problem}`;
    throw new AppError('STRUCTURED_OUTPUT_INVALID', message, { userMessage: message, details: { schema: schema.name } });
  }

  /** Providers without structured output can only give the default shape, from their free text. */
  async function freeTextAnswer(job: CompletionJob, twin: Twin, provider: ModelProvider, ctx: JobRunContext): Promise<Answer> {
    if (modeOf(job) !== 'default') {
      const userMessage =
        provider.name === 'offline'
          ? 'Custom response formats and verbalized sampling need a model with structured output, and none is configured (set ANTHROPIC_API_KEY).'
          : `${twin.name} is answered by ${provider.name}, which cannot produce structured output.`;
      throw new AppError('PROVIDER_NOT_CONFIGURED', userMessage, { userMessage });
    }
    const generated = await generate(provider, baseRequest(job, twin, ctx, false), options.maxRounds);
    const answer = generated.text.trim();
    if (answer === '') throw new AppError('MODEL_ERROR', 'the model returned an empty answer', { userMessage: `${twin.name} had nothing to say to that.` });
    const reason =
      provider.name === 'offline' ? OFFLINE_REASON : `${provider.name} answers in free text only, so this answer comes without a separate reason.`;
    return { value: { answer, reason }, generated };
  }

  return {
    async process(job: CompletionJob, ctx: JobRunContext): Promise<void> {
      const publisher = new JobPublisher(deps.stream, job.jobId);
      const begun = Date.parse(job.enqueuedAt) || Date.now();
      if (ctx.run > 1) publisher.emit({ event: 'reset', twin: null, data: { attempt: ctx.run } });
      try {
        const twin = await visibleTwin(job);
        const ref = twinRef(twin);
        publisher.emit({ event: 'status', twin: ref, data: { status: 'thinking' } });
        const provider = deps.providerFor(twin);
        const { value, generated } = provider.supportsStructuredOutput
          ? await structuredAnswer(job, twin, provider, ctx)
          : await freeTextAnswer(job, twin, provider, ctx);
        const record: ReplyRecord = {
          messageId: job.jobId,
          reply: JSON.stringify(value),
          personality: twin.slug,
          twinId: twin.id,
          twinName: twin.name,
          confidence: generated.confidence,
          toolsUsed: generated.toolsUsed,
          model: generated.model,
          responseTime: Date.now() - begun,
          trace: [],
          structured: value,
        };
        publisher.emit({ event: 'twin_done', twin: ref, data: record });
        const done: DonePayload = {
          streamId: job.jobId,
          messageId: job.jobId,
          reply: record.reply,
          personality: record.personality,
          responseTime: record.responseTime,
          toolsUsed: record.toolsUsed,
          confidence: record.confidence,
          timestamp: new Date().toISOString(),
          metadata: {
            toolsUsed: record.toolsUsed,
            model: record.model,
            knowledgeGraphQueried: false,
            routing: [{ twinId: twin.id, slug: twin.slug, name: twin.name, rule: 'explicit', reason: 'named in the request' }],
          },
          replies: [record],
        };
        publisher.emit({ event: 'done', twin: ref, data: done });
        await publisher.flush();
      } catch (err) {
        await publisher.flush().catch(() => undefined);
        throw err;
      }
    },
  };
}

export type CompletionProcessor = ReturnType<typeof createCompletionProcessor>;
