/**
 * The completion processor over in-memory ports and a scripted ModelProvider: what it asks the
 * model, what it publishes, and how it refuses.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Twin } from '../../src/core/domain.js';
import { AppError } from '../../src/core/errors.js';
import { JOB_VERSION, type CompletionJob, type LoggedEvent, type StreamEvent } from '../../src/core/messages.js';
import type { ModelEvent, ModelProvider, ModelRequest } from '../../src/core/model.js';
import type { ReplyStream, TwinCatalog } from '../../src/core/ports.js';
import { createCompletionProcessor, OFFLINE_REASON } from '../../src/engine/completion.js';

const TWIN: Twin = {
  id: 't-1',
  slug: 'ana',
  name: 'Ana',
  description: 'A fictional test twin.',
  category: 'Expert',
  expertise: ['Tests'],
  avatarUrl: null,
  demographic: null,
  persona: { prompt: 'You are Ana, a fictional AI persona who answers plainly and briefly.', examples: ['Yes.', 'No.'], isRealPerson: false },
  source: 'bundled',
  externalId: null,
  ownerCustomerId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

type Step = string | ModelEvent[];
const end = (stopReason: Extract<ModelEvent, { type: 'end' }>['stopReason'] = 'end_turn'): ModelEvent => ({
  type: 'end',
  stopReason,
  model: 'stub-model',
  usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
  confidence: null,
  assistantContent: [{ type: 'text', text: 'x' }],
});

function stubProvider(steps: Step[], options: { name?: string; structured?: boolean } = {}) {
  const requests: ModelRequest[] = [];
  const provider: ModelProvider = {
    name: options.name ?? 'stub',
    supportsStructuredOutput: options.structured ?? true,
    async *stream(request) {
      requests.push(request);
      const step = steps.shift() ?? '';
      if (typeof step === 'string') {
        yield { type: 'text_delta', text: step };
        yield end();
      } else yield* step;
    },
  };
  return { provider, requests };
}

function setup(steps: Step[], options: { name?: string; structured?: boolean; twins?: Twin[] } = {}) {
  const events: StreamEvent[] = [];
  const stream: ReplyStream = {
    publish: async (_jobId, e) => {
      events.push(...(Array.isArray(e) ? (e as StreamEvent[]) : [e as StreamEvent]));
      return String(events.length);
    },
    read: async () => [] as LoggedEvent[],
    follow: async () => () => undefined,
    exists: async () => true,
  };
  const twins = options.twins ?? [TWIN];
  const catalog = { get: (id: string) => twins.find((t) => t.id === id) ?? null } as unknown as TwinCatalog;
  const { provider, requests } = stubProvider(steps, options);
  const processor = createCompletionProcessor({ maxTokens: 1024, maxRounds: 2 }, { catalog, stream, providerFor: () => provider, logger: pino({ level: 'silent' }) });
  const run = (over: Partial<CompletionJob> = {}, ctxRun = 1) =>
    processor.process(
      {
        v: JOB_VERSION,
        kind: 'completion',
        jobId: 'tws-1',
        owner: { customerId: 'c', userId: 'u' },
        twinId: TWIN.id,
        messages: [{ role: 'user', content: 'Hi?' }],
        responseFormat: null,
        temperature: null,
        useWebSearch: 'never',
        verbalizedSampling: false,
        enqueuedAt: new Date().toISOString(),
        ...over,
      },
      { run: ctxRun, lastAttempt: false, logger: pino({ level: 'silent' }), signal: new AbortController().signal },
    );
  return { run, events, requests };
}

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

describe('completion processor', () => {
  it('asks with the schema, publishes twin_done with the structured answer, then done', async () => {
    const { run, events, requests } = setup(['{"answer": "Yes.", "reason": "Because."}']);
    await run({ temperature: 0.2, useWebSearch: 'auto' });
    expect(requests[0]).toMatchObject({ webSearch: 'auto', temperature: 0.2, tools: [], maxTokens: 1024, outputSchema: { name: 'twin_answer' } });
    expect(events.map((e) => e.event)).toEqual(['status', 'twin_done', 'done']);
    const done = events[2] as Extract<StreamEvent, { event: 'done' }>;
    expect(done.data.replies[0]).toMatchObject({ structured: { answer: 'Yes.', reason: 'Because.' }, twinId: 't-1', model: 'stub-model' });
  });

  it('retries once with the rejected answer and a note, then refuses with STRUCTURED_OUTPUT_INVALID', async () => {
    const { run, events, requests } = setup(['{"wrong": 1}', '{"wrong": 2}']);
    const err = await failure(run());
    expect(err).toMatchObject({ code: 'STRUCTURED_OUTPUT_INVALID', status: 502, retryable: false });
    expect(requests).toHaveLength(2);
    expect(requests[1]!.messages.slice(1)).toEqual([
      { role: 'assistant', content: '{"wrong": 1}' },
      { role: 'user', content: expect.stringContaining("must have required property 'answer'") },
    ]);
    expect(events.some((e) => e.event === 'twin_done' || e.event === 'done')).toBe(false);
  });

  it('puts the note into the last user turn when the rejected answer was empty', async () => {
    const { run, requests } = setup(['', '{"answer": "a", "reason": "r"}']);
    await run();
    expect(requests[1]!.messages).toEqual([{ role: 'user', content: expect.stringMatching(/^Hi\?\n\nYour previous reply could not be used: the answer was empty/) }]);
  });

  it('reads the JSON after a web search, follows pause_turn, and gives sampling room to answer', async () => {
    const five = JSON.stringify({ responses: [0.09, 0.08, 0.07, 0.06, 0.05].map((probability) => ({ answer: 'a', reason: 'r', probability })) });
    const { run, events, requests } = setup([
      [{ type: 'text_delta', text: 'Let me look that up.' }, { type: 'server_tool_start', id: 's1', name: 'web_search', input: {} }, end('pause_turn')],
      [{ type: 'server_tool_result', id: 's1', name: 'web_search', preview: '', success: true }, { type: 'text_delta', text: five }, end()],
    ]);
    await run({ verbalizedSampling: true, useWebSearch: 'always' });
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ webSearch: 'always', maxTokens: 2048, outputSchema: { name: 'verbalized_sampling' } });
    const record = (events.find((e) => e.event === 'twin_done') as Extract<StreamEvent, { event: 'twin_done' }>).data;
    expect((record.structured as { responses: unknown[] }).responses).toHaveLength(5);
    expect(record.toolsUsed).toEqual(['web_search']);
  });

  it('a refusal is a MODEL_ERROR, not a retry', async () => {
    const { run, requests } = setup([[{ type: 'text_delta', text: 'I cannot' }, end('refusal')]]);
    expect(await failure(run())).toMatchObject({ code: 'MODEL_ERROR', userMessage: 'Ana declined to answer that.' });
    expect(requests).toHaveLength(1);
  });

  it('hides another customer’s workspace twin', async () => {
    const { run } = setup([], { twins: [{ ...TWIN, ownerCustomerId: 'other' }] });
    expect(await failure(run())).toMatchObject({ code: 'TWIN_NOT_FOUND' });
  });

  it('providers without structured output: free text as answer offline, 503 for custom shapes', async () => {
    const offline = setup(['Ana here. This is an offline reply.'], { name: 'offline', structured: false });
    await offline.run();
    expect(offline.requests[0]!.outputSchema).toBeUndefined();
    const done = offline.events.find((e) => e.event === 'done') as Extract<StreamEvent, { event: 'done' }>;
    expect(done.data.replies[0]!.structured).toEqual({ answer: 'Ana here. This is an offline reply.', reason: OFFLINE_REASON });

    const custom = setup([], { name: 'offline', structured: false });
    const rf = { type: 'json_schema' as const, json_schema: { name: 'x', schema: { type: 'object' } } };
    expect(await failure(custom.run({ responseFormat: rf }))).toMatchObject({ code: 'PROVIDER_NOT_CONFIGURED', status: 503 });
    expect(custom.requests).toHaveLength(0);

    const other = setup([], { name: 'mind-reasoner', structured: false });
    expect(await failure(other.run({ verbalizedSampling: true }))).toMatchObject({ code: 'PROVIDER_NOT_CONFIGURED', message: expect.stringContaining('mind-reasoner') });
  });

  it('a retried job run first tells followers to reset', async () => {
    const { run, events } = setup(['{"answer": "a", "reason": "r"}']);
    await run({}, 2);
    expect(events[0]).toEqual({ event: 'reset', twin: null, data: { attempt: 2 } });
  });
});
