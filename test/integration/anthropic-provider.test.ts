/**
 * The real @anthropic-ai/sdk, through AnthropicModelProvider, against the loopback fake of the
 * Messages API. The fake checks credentials and request shapes like the real API (400 on a
 * tool_use without its tool_result, on temperature, ...), so a wrong wire format fails here.
 */
import { RateLimitError } from '@anthropic-ai/sdk';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import type { ModelEvent, ModelRequest } from '../../src/core/model.js';
import { parseRetryAfterMs } from '../../src/model/anthropic-errors.js';
import { createAnthropicModelProvider, type AnthropicModelProvider } from '../../src/model/anthropic.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic/server.js';

const KEY = 'sk-ant-test-7f3a9c0e21d4b8aa';
const SYSTEM = 'You are Ada Lovelace, mathematician and first programmer. Speak warmly.';
const logs: string[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });

let fake: FakeAnthropic;
let provider: AnthropicModelProvider;

const TWIN = { id: null, slug: 'ada-lovelace', name: 'Ada Lovelace', source: 'bundled', externalId: null } as const;
const request = (overrides: Partial<ModelRequest> = {}): ModelRequest => ({
  model: null, system: SYSTEM, messages: [{ role: 'user', content: 'Hi Ada!' }], tools: [], webSearch: 'off', maxTokens: 256, twin: TWIN, ...overrides,
});

async function run(req: ModelRequest, p: AnthropicModelProvider = provider): Promise<{ events: ModelEvent[]; error: unknown }> {
  const events: ModelEvent[] = [];
  try {
    for await (const e of p.stream(req)) events.push(e);
    return { events, error: null };
  } catch (error) {
    return { events, error };
  }
}

async function ok(req: ModelRequest): Promise<ModelEvent[]> {
  const { events, error } = await run(req);
  return error ? Promise.reject(error as Error) : events;
}

async function failure(req: ModelRequest, p?: AnthropicModelProvider): Promise<AppError> {
  const { error } = await run(req, p);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function endOf(events: ModelEvent[]): Extract<ModelEvent, { type: 'end' }> {
  const end = events[events.length - 1];
  if (end?.type !== 'end') throw new Error(`no end event: ${JSON.stringify(events)}`);
  return end;
}

const textOf = (events: ModelEvent[]): string => events.map((e) => (e.type === 'text_delta' ? e.text : '')).join('');

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey: KEY });
  provider = createAnthropicModelProvider({ apiKey: KEY, baseURL: fake.url, defaultModel: 'claude-default' }, { logger });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('AnthropicModelProvider against the fake Messages API', () => {
  it('streams text deltas and ends with model, usage (with cache tokens) and the assistant turn', async () => {
    const usage = { input_tokens: 12, output_tokens: 7, cache_read_input_tokens: 30, cache_creation_input_tokens: 5 };
    fake.enqueue({ text: ['Hel', 'lo ', 'world'], model: 'claude-test-1', usage });
    const events = await ok(request({ temperature: 0.2 }));
    expect(events.slice(0, 3)).toEqual(['Hel', 'lo ', 'world'].map((text) => ({ type: 'text_delta', text })));
    expect(endOf(events)).toEqual({
      type: 'end',
      stopReason: 'end_turn',
      model: 'claude-test-1',
      usage: { inputTokens: 12, outputTokens: 7, cacheReadTokens: 30, cacheWriteTokens: 5 },
      confidence: null,
      assistantContent: [{ type: 'text', text: 'Hello world' }],
    });
    const rec = fake.lastRequest()!;
    expect(rec).toMatchObject({ apiKey: KEY, anthropicVersion: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), stream: true });
    expect(rec.body).toMatchObject({ model: 'claude-default', max_tokens: 256 });
    expect(rec.body.system).toEqual([{ type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } }]);
    for (const absent of ['temperature', 'tools', 'tool_choice']) expect(rec.body).not.toHaveProperty(absent);
  });

  it('sends request.model, images and multi-block messages', async () => {
    const png = Buffer.from('fake-png-bytes').toString('base64');
    await ok(request({
      model: 'claude-override',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', mediaType: 'image/png', base64: png }] }],
    }));
    const body = fake.lastRequest()!.body;
    expect(body.model).toBe('claude-override');
    expect(body.messages[0]!.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
    ]);
  });

  it('runs a tool_use round trip: input_json_delta chunks -> parsed input -> tool_result next call', async () => {
    const tools = [{
      name: 'lookup_fact',
      description: 'Looks up a historical fact.',
      inputSchema: { type: 'object', properties: { topic: { type: 'string' }, limit: { type: 'integer' } }, required: ['topic'] },
    }];
    const input = { topic: 'analytical engine "notes"', limit: 3 };
    fake.enqueue({ text: 'Let me check.', toolUses: [{ id: 'toolu_01', name: 'lookup_fact', input, jsonChunks: 7 }] });
    const first = await ok(request({ tools }));
    expect(first.filter((e) => e.type !== 'end')).toEqual([
      { type: 'text_delta', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_01', name: 'lookup_fact', input },
    ]);
    const end = endOf(first);
    expect(end.stopReason).toBe('tool_use');
    expect(end.assistantContent).toEqual([{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_01', name: 'lookup_fact', input }]);
    expect(fake.lastRequest()!.body.tools).toEqual([
      { name: 'lookup_fact', description: 'Looks up a historical fact.', input_schema: tools[0]!.inputSchema, cache_control: { type: 'ephemeral' } },
    ]);

    fake.enqueue({ text: 'Published in 1843.' });
    const history = [{ role: 'user' as const, content: 'Hi Ada!' }, { role: 'assistant' as const, content: end.assistantContent }];
    const second = await ok(request({ tools, messages: [...history, { role: 'user', content: [{ type: 'tool_result', toolUseId: 'toolu_01', content: '1843' }] }] }));
    expect(textOf(second)).toBe('Published in 1843.');
    expect(fake.lastRequest()!.body.messages[2]!.content).toEqual([{ type: 'tool_result', tool_use_id: 'toolu_01', content: '1843' }]);

    // Without the tool_result the API answers 400: a non-retryable MODEL_ERROR.
    const err = await failure(request({ tools, messages: [...history, { role: 'user', content: 'and?' }] }));
    expect(err).toMatchObject({ code: 'MODEL_ERROR', retryable: false, message: expect.stringContaining('tool_result') });
  });

  it('adds the server web search tool and reports server_tool_use / web_search_tool_result blocks', async () => {
    fake.enqueue({
      webSearch: { id: 'srvtoolu_01', query: 'Ada Lovelace birthday', results: [{ title: 'Ada Lovelace - Encyclopedia', url: 'https://en.example.org/ada' }] },
      text: ['She was born ', 'in 1815.'],
    });
    const events = await ok(request({ webSearch: 'auto' }));
    expect(events.map((e) => e.type)).toEqual(['server_tool_start', 'server_tool_result', 'text_delta', 'text_delta', 'end']);
    expect(events[0]).toEqual({ type: 'server_tool_start', id: 'srvtoolu_01', name: 'web_search', input: { query: 'Ada Lovelace birthday' } });
    expect(events[1]).toMatchObject({ type: 'server_tool_result', id: 'srvtoolu_01', name: 'web_search', success: true });
    expect((events[1] as { preview: string }).preview).toContain('Ada Lovelace - Encyclopedia (https://en.example.org/ada)');
    const body = fake.lastRequest()!.body;
    expect(body.tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 5, cache_control: { type: 'ephemeral' } }]);
    expect(body).not.toHaveProperty('tool_choice');

    const content = endOf(events).assistantContent;
    expect(content.map((b) => (b.type === 'raw' ? (b.value as { type: string }).type : b.type))).toEqual([
      'server_tool_use',
      'web_search_tool_result',
      'text',
    ]);
    expect(content[0]).toMatchObject({ type: 'raw', value: { type: 'server_tool_use', id: 'srvtoolu_01', input: { query: 'Ada Lovelace birthday' } } });
    // The blocks go back verbatim on the next call.
    await ok(request({ webSearch: 'auto', messages: [{ role: 'user', content: 'When?' }, { role: 'assistant', content }, { role: 'user', content: 'Thanks!' }] }));
    const echoed = fake.lastRequest()!.body.messages[1]!.content as unknown[];
    expect(echoed.slice(0, 2)).toEqual(content.slice(0, 2).map((b) => (b.type === 'raw' ? b.value : null)));

    fake.enqueue({ webSearch: { id: 'srvtoolu_02', query: 'x', errorCode: 'max_uses_exceeded' }, text: 'No luck.' });
    const failed = await ok(request({ webSearch: 'auto' }));
    expect(failed[1]).toEqual({ type: 'server_tool_result', id: 'srvtoolu_02', name: 'web_search', preview: 'error: max_uses_exceeded', success: false });
  });

  it("forces web search with tool_choice for 'always' at the start of a turn only", async () => {
    const events = await ok(request({ webSearch: 'always', messages: [{ role: 'user', content: 'News about Babbage?' }] }));
    expect(fake.lastRequest()!.body.tool_choice).toEqual({ type: 'tool', name: 'web_search' });
    expect(events[0]).toMatchObject({ type: 'server_tool_start', name: 'web_search', input: { query: 'News about Babbage?' } });

    const tools = [{ name: 'calc', description: 'Adds.', inputSchema: { type: 'object' } }];
    await ok(request({
      webSearch: 'always',
      tools,
      messages: [
        { role: 'user', content: 'Add 1 and 2' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_9', name: 'calc', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', toolUseId: 'toolu_9', content: '3' }] },
      ],
    }));
    expect(fake.lastRequest()!.body).not.toHaveProperty('tool_choice');
  });

  it('asks for structured output with output_config.format and streams the JSON as text', async () => {
    expect(provider.supportsStructuredOutput).toBe(true);
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' }, score: { type: 'integer', minimum: 1, maximum: 5 }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['answer', 'score', 'tags'],
    };
    const events = await ok(request({ outputSchema: { name: 'verdict', schema } }));
    const parsed = JSON.parse(textOf(events)) as Record<string, unknown>;
    expect(parsed).toEqual({ answer: expect.any(String), score: expect.any(Number), tags: expect.any(Array) });
    const body = fake.lastRequest()!.body;
    expect(body.output_config?.format).toMatchObject({ type: 'json_schema', schema: { type: 'object', required: ['answer', 'score', 'tags'], additionalProperties: false } });
    for (const absent of ['tool_choice', 'tools']) expect(body).not.toHaveProperty(absent);
  });
});

describe('AnthropicModelProvider errors', () => {
  it('429 with retry-after -> MODEL_RATE_LIMITED with retryAfterMs, no SDK retry', async () => {
    fake.enqueue({ error: { status: 429, type: 'rate_limit_error', message: 'slow down', retryAfter: 7 } });
    const err = await failure(request());
    expect(err).toMatchObject({ code: 'MODEL_RATE_LIMITED', retryable: true, retryAfterMs: 7000 });
    expect(err.cause).toBeInstanceOf(RateLimitError);
    expect(fake.requests).toHaveLength(1);

    fake.enqueue({ error: { status: 429, type: 'rate_limit_error', retryAfter: 7, retryAfterMs: 1500 } });
    expect((await failure(request())).retryAfterMs).toBe(1500);
  });

  it('529 -> MODEL_OVERLOADED (retry-after as an HTTP date); 500 -> MODEL_UNAVAILABLE', async () => {
    fake.enqueue({ error: { status: 529, type: 'overloaded_error', retryAfter: new Date(Date.now() + 30_000).toUTCString() } });
    const overloaded = await failure(request());
    expect(overloaded).toMatchObject({ code: 'MODEL_OVERLOADED', retryable: true });
    expect(overloaded.retryAfterMs).toBeGreaterThan(25_000);
    expect(overloaded.retryAfterMs).toBeLessThanOrEqual(30_000);

    fake.enqueue({ error: { status: 500, type: 'api_error' } });
    expect(await failure(request())).toMatchObject({ code: 'MODEL_UNAVAILABLE', retryable: true });
  });

  it('a mid-stream overloaded_error event -> MODEL_OVERLOADED after the text already streamed', async () => {
    fake.enqueue({ text: ['one ', 'two ', 'three'], streamError: { afterChunks: 2, type: 'overloaded_error' } });
    const { events, error } = await run(request());
    expect(events).toEqual([{ type: 'text_delta', text: 'one ' }, { type: 'text_delta', text: 'two ' }]);
    expect(error).toMatchObject({ code: 'MODEL_OVERLOADED', retryable: true });
  });

  it('a stream cut off before message_stop -> MODEL_UNAVAILABLE, never a truncated end', async () => {
    fake.enqueue({ text: ['half ', 'an answer'], cutOff: { afterChunks: 1 } });
    const { events, error } = await run(request());
    expect(events).toEqual([{ type: 'text_delta', text: 'half ' }]);
    expect(error).toMatchObject({ code: 'MODEL_UNAVAILABLE', retryable: true });
  });

  it('401 -> MODEL_AUTH_FAILED, not retryable, and the key never reaches messages or logs', async () => {
    const wrongKey = 'sk-ant-wrong-5e1d0c7b9a';
    const wrong = createAnthropicModelProvider({ apiKey: wrongKey, baseURL: fake.url, defaultModel: 'm' }, { logger });
    const denied = await failure(request(), wrong);
    expect(denied).toMatchObject({ code: 'MODEL_AUTH_FAILED', retryable: false });
    expect(denied.message).not.toContain(wrongKey);

    // Even when the upstream message echoes the credential.
    fake.enqueue({ error: { status: 401, type: 'authentication_error', message: `invalid x-api-key: ${KEY}` } });
    const echoed = await failure(request());
    expect(echoed.code).toBe('MODEL_AUTH_FAILED');
    expect(echoed.message).not.toContain(KEY);
    expect(echoed.message).toContain('[redacted]');
    expect(echoed.userMessage).not.toContain(KEY);
    for (const secret of [KEY, wrongKey]) expect(logs.join('\n')).not.toContain(secret);
  });

  it('connection refused -> MODEL_UNAVAILABLE', async () => {
    const gone = await startFakeAnthropic();
    await gone.close();
    const p = createAnthropicModelProvider({ apiKey: KEY, baseURL: gone.url, defaultModel: 'm' }, { logger });
    expect(await failure(request(), p)).toMatchObject({ code: 'MODEL_UNAVAILABLE', retryable: true });
  });

  it('a stream that goes silent -> MODEL_UNAVAILABLE after timeoutMs', async () => {
    const p = createAnthropicModelProvider({ apiKey: KEY, baseURL: fake.url, defaultModel: 'm', timeoutMs: 300 }, { logger });
    fake.enqueue({ text: ['a', 'b'], hang: { afterChunks: 1 } });
    const started = Date.now();
    const { events, error } = await run(request(), p);
    expect(Date.now() - started).toBeLessThan(3000);
    expect({ events, error }).toMatchObject({ events: [{ type: 'text_delta', text: 'a' }], error: { code: 'MODEL_UNAVAILABLE' } });
  });

  it('honors request.signal mid-stream and before headers, closing the connection', async () => {
    fake.enqueue({ text: ['first ', 'never'], hang: { afterChunks: 1 } });
    const ac = new AbortController();
    const reason = new AppError('SHUTTING_DOWN', 'worker stopping');
    const events: ModelEvent[] = [];
    const consume = async (): Promise<void> => {
      for await (const e of provider.stream(request({ signal: ac.signal }))) {
        events.push(e);
        ac.abort(reason);
      }
    };
    await expect(consume()).rejects.toBe(reason);
    expect(events).toEqual([{ type: 'text_delta', text: 'first ' }]);
    await fake.waitForClientAborts(1);

    fake.enqueue({ headersDelayMs: 10_000, text: 'late' });
    const early = new AbortController();
    setTimeout(() => early.abort(), 50);
    const started = Date.now();
    const { error } = await run(request({ signal: early.signal }));
    expect((error as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('parseRetryAfterMs', () => {
  it('prefers retry-after-ms, accepts seconds and HTTP dates, ignores junk', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '2.5' }), now)).toBe(2500);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 00:00:12 GMT' }), now)).toBe(12_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
  });
});
