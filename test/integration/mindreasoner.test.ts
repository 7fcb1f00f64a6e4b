import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMindReasonerClient, type MindReasonerClient } from '../../src/catalog/mind-reasoner/client.js';
import { AppError } from '../../src/core/errors.js';
import type { ModelEvent, ModelRequest } from '../../src/core/model.js';
import { createMindReasonerModelProvider } from '../../src/model/mind-reasoner.js';
import { captureLogger, type CapturedLogger } from '../fakes/mindreasoner/logger.js';
import { fakeMind, startFakeMindReasoner, type FakeMindReasoner } from '../fakes/mindreasoner/server.js';

const MINDS = [fakeMind('mind-1', 'Ada Lovelace'), fakeMind('mind-2', 'Grace Hopper'), fakeMind('mind-3', 'Alan Kay')];

let fake: FakeMindReasoner;
let log: CapturedLogger;

function client(overrides: Partial<Parameters<typeof createMindReasonerClient>[0]> = {}): MindReasonerClient {
  return createMindReasonerClient(
    { baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 2000, simulationModel: 'mind-reasoner-pro', ...overrides },
    { logger: log.logger },
  );
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

beforeEach(async () => {
  fake = await startFakeMindReasoner({ minds: MINDS, apiKey: 'mr_secret_key_abc' });
  log = captureLogger();
});
afterEach(async () => {
  // The key never reaches a log line, whatever the test did.
  expect(log.lines.join('\n')).not.toContain(fake.apiKey);
  await fake.close();
});

describe('MindReasonerClient', () => {
  it('lists minds with the Bearer key', async () => {
    const minds = await client().listMinds();
    expect(minds.map((m) => m.name)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Alan Kay']);
    expect(minds[0]).toMatchObject({ id: 'mind-1', slug: 'ada-lovelace', trained: true });
    expect(fake.requests).toEqual([
      expect.objectContaining({ method: 'GET', path: '/minds', authorization: 'Bearer mr_secret_key_abc' }),
    ]);
    expect(log.records()).toContainEqual(expect.objectContaining({ msg: 'mind reasoner request', op: 'list minds', status: 200 }));
  });

  it('follows every page of a paged listing', async () => {
    await fake.close();
    const many = Array.from({ length: 5 }, (_, i) => fakeMind(`m${i}`, `Mind ${i}`));
    fake = await startFakeMindReasoner({ minds: many, pageSize: 2, apiKey: 'mr_secret_key_abc' });
    const minds = await client().listMinds();
    expect(minds).toHaveLength(5);
    expect(fake.requests.map((r) => r.query)).toEqual([{}, { cursor: '2' }, { cursor: '4' }]);
  });

  it.each(['data', 'array'] as const)('accepts a %s envelope', async (envelope) => {
    await fake.close();
    fake = await startFakeMindReasoner({ minds: MINDS, envelope, apiKey: 'mr_secret_key_abc' });
    expect(await client().listMinds()).toHaveLength(3);
  });

  it('simulates with the documented body and returns message, confidence and analysis', async () => {
    const analysis = { thinking: 'hmm', feeling: 'calm', saying: 'yes', acting: 'nods' };
    fake.setAnswer({ message: 'I would ship it.', confidence: 0.72, analysis });
    const result = await client().simulate({ mindId: 'mind-2', message: 'Ship on Friday?' });
    expect(result).toEqual({ message: 'I would ship it.', confidence: 0.72, analysis });
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/simulate',
      body: { mindId: 'mind-2', scenario: { message: 'Ship on Friday?' }, selectedSimulationModel: 'mind-reasoner-pro' },
    });
  });

  it('reports a missing confidence as null, never a made-up figure', async () => {
    fake.setAnswer({ message: 'Sure.' });
    expect(await client().simulate({ mindId: 'mind-1', message: 'hi' })).toEqual({ message: 'Sure.', confidence: null, analysis: null });
  });

  it('turns 401 into MODEL_AUTH_FAILED without echoing the key', async () => {
    const err = await rejection(client({ apiKey: 'wrong_key_999' }).listMinds());
    expect(err).toMatchObject({ code: 'MODEL_AUTH_FAILED', retryable: false, details: { status: 401, upstreamCode: 'AUTH_FAILED' } });
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain('wrong_key_999');
    expect(log.lines.join('\n')).not.toContain('wrong_key_999');
  });

  it('redacts a key the upstream echoes back', async () => {
    fake.failNext({ kind: 'status', status: 400, body: { error: { code: 'BAD', message: `bad header Bearer ${fake.apiKey}` } } });
    const err = await rejection(client().listMinds());
    expect(err.message).not.toContain(fake.apiKey);
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false });
  });

  it('turns 429 into MODEL_RATE_LIMITED with retryAfterMs', async () => {
    fake.failNext({ kind: 'rate_limit', retryAfter: '7' });
    const err = await rejection(client().simulate({ mindId: 'mind-1', message: 'hi' }));
    expect(err).toMatchObject({ code: 'MODEL_RATE_LIMITED', retryable: true, retryAfterMs: 7000 });
  });

  it('takes the retry delay from the body when the header is absent', async () => {
    fake.failNext({ kind: 'rate_limit', body: { error: 'Too Many Requests', retryAfter: 3 } });
    const err = await rejection(client().listMinds());
    expect(err.retryAfterMs).toBe(3000);
  });

  it('turns 5xx into a retryable UPSTREAM_ERROR', async () => {
    fake.failNext({ kind: 'status', status: 503 });
    const err = await rejection(client().listMinds());
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true, details: { status: 503 } });
  });

  it('times out a hanging request', async () => {
    fake.failNext({ kind: 'hang' });
    const started = Date.now();
    const err = await rejection(client({ timeoutMs: 200 }).simulate({ mindId: 'mind-1', message: 'hi' }));
    expect(err.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('rejects garbage as an invalid response', async () => {
    fake.failNext({ kind: 'garbage' });
    const err = await rejection(client().listMinds());
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', details: { reason: 'invalid_response' } });
    fake.failNext({ kind: 'garbage', body: JSON.stringify({ answer: 'wrong shape' }) });
    const err2 = await rejection(client().simulate({ mindId: 'mind-1', message: 'hi' }));
    expect(err2.details).toMatchObject({ reason: 'invalid_response' });
  });

  it('passes the caller abort through instead of calling it a timeout', async () => {
    fake.failNext({ kind: 'hang' });
    const controller = new AbortController();
    const pending = client().simulate({ mindId: 'mind-1', message: 'hi', signal: controller.signal });
    setTimeout(() => controller.abort(new Error('client went away')), 50);
    await expect(pending).rejects.toThrow('client went away');
  });

  it('reports an unreachable API as a retryable UPSTREAM_ERROR', async () => {
    const url = fake.url;
    await fake.close();
    const err = await rejection(client({ baseUrl: url }).listMinds());
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true });
    fake = await startFakeMindReasoner({ apiKey: 'mr_secret_key_abc' });
  });
});

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: null,
    system: 'persona',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Should we' }, { type: 'text', text: 'rewrite it in Rust?' }] }],
    tools: [],
    webSearch: 'off',
    maxTokens: 1024,
    twin: { id: 't1', slug: 'grace-hopper', name: 'Grace Hopper', source: 'mind-reasoner', externalId: 'mind-2' },
    ...overrides,
  };
}

async function collect(events: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const out: ModelEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('MindReasonerModelProvider', () => {
  const answer = 'It is always easier to ask forgiveness than it is to get permission.';

  it('streams the answer in word chunks and passes the confidence through', async () => {
    fake.setAnswer({ message: answer, confidence: 0.91 });
    const provider = createMindReasonerModelProvider({ client: client(), chunkSize: 3 }, { logger: log.logger });
    expect(provider.supportsStructuredOutput).toBe(false);
    const events = await collect(provider.stream(request()));
    const deltas = events.filter((e) => e.type === 'text_delta');
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((d) => d.text).join('')).toBe(answer);
    // Cuts fall only before whitespace, never inside a word.
    expect(deltas.slice(1).every((d) => /^\s/.test(d.text))).toBe(true);
    expect(events.at(-1)).toEqual({
      type: 'end',
      stopReason: 'end_turn',
      model: 'mind-reasoner:mind-reasoner-pro',
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      confidence: 0.91,
      assistantContent: [{ type: 'text', text: answer }],
    });
    expect(fake.requests[0]?.body).toMatchObject({ mindId: 'mind-2', scenario: { message: 'Should we\nrewrite it in Rust?' } });
  });

  it('ends with confidence null when the API gives none', async () => {
    fake.setAnswer({ message: 'Yes.' });
    const provider = createMindReasonerModelProvider({ client: client() }, { logger: log.logger });
    const end = (await collect(provider.stream(request()))).at(-1);
    expect(end).toMatchObject({ type: 'end', confidence: null });
  });

  it('quotes earlier turns in the scenario and honors a Mind Reasoner model override', async () => {
    const provider = createMindReasonerModelProvider({ client: client() }, { logger: log.logger });
    const messages: ModelRequest['messages'] = [
      { role: 'user', content: 'We ship Fridays.' },
      { role: 'assistant', content: 'Bold.' },
      { role: 'user', content: 'Is that wise?' },
    ];
    const events = await collect(provider.stream(request({ messages, model: 'mind-reasoner-standard' })));
    expect(events.at(-1)).toMatchObject({ model: 'mind-reasoner:mind-reasoner-standard' });
    expect(fake.requests[0]?.body).toMatchObject({
      selectedSimulationModel: 'mind-reasoner-standard',
      scenario: { message: 'Conversation so far:\nUser: We ship Fridays.\nGrace Hopper: Bold.\n\nNew message:\nIs that wise?' },
    });
    await collect(provider.stream(request({ model: 'claude-sonnet-4-5' })));
    expect(fake.requests[1]?.body).toMatchObject({ selectedSimulationModel: 'mind-reasoner-pro' });
  });

  it('fails as AppError before any text is emitted', async () => {
    const provider = createMindReasonerModelProvider({ client: client() }, { logger: log.logger });
    const seen: ModelEvent[] = [];
    const run = async (req: ModelRequest): Promise<AppError> => {
      const err = await rejection((async () => {
        for await (const e of provider.stream(req)) seen.push(e);
      })());
      return err;
    };
    fake.failNext({ kind: 'rate_limit', retryAfter: '2' });
    expect(await run(request())).toMatchObject({ code: 'MODEL_RATE_LIMITED', retryAfterMs: 2000 });
    fake.failNext({ kind: 'status', status: 500 });
    expect(await run(request())).toMatchObject({ code: 'MODEL_UNAVAILABLE', retryable: true });
    expect(await run(request({ twin: { ...request().twin, externalId: 'no-such-mind' } }))).toMatchObject({ code: 'MODEL_ERROR', retryable: false });
    expect(await run(request({ twin: { ...request().twin, externalId: null } }))).toMatchObject({ code: 'PROVIDER_NOT_CONFIGURED' });
    expect(seen).toEqual([]);
  });
});
