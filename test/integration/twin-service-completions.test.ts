/**
 * One-twin chat completions through the real queue, engine and Anthropic SDK, against the fake
 * Messages API: the default shape, client schemas (validated, retried once, refused with 502),
 * verbalized sampling, temperature and web search, and every 400 naming its field.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { ask, client, CUSTOMER, errorOf, JENS, LIMITS, RATING_SCHEMA, samplingAnswer } from './twin-service-support.js';

let app: TestApp;
let call: ReturnType<typeof client>;
const url = `/v1/workspaces/${CUSTOMER}/twins/${JENS}/chat-completions`;

beforeAll(async () => {
  app = await startTestApp({ api: true, env: LIMITS });
  call = client(app, await app.token('user-1', CUSTOMER));
});
afterAll(() => app.close());
beforeEach(() => app.anthropic!.reset());

const fake = () => app.anthropic!;
const lastBody = () => fake().lastRequest()!.body;

describe('POST .../twins/{twin_id}/chat-completions', () => {
  it('answers the default {answer, reason} shape, in character, with the conversation as context', async () => {
    fake().enqueue({ text: ['{"answer": "Flexibility, mostly', '.", "reason": "I code from Berlin cafés."}'] });
    const res = await call('POST', url, {
      messages: [
        { role: 'user', content: 'What do you think about remote work?' },
        { role: 'assistant', content: 'I love the flexibility.' },
        { role: 'user', content: 'What challenges do you see?' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ answer: 'Flexibility, mostly.', reason: 'I code from Berlin cafés.' });
    expect(res.headers.get('x-stream-id')).toMatch(/^tws-/);
    const rec = fake().lastRequest()!;
    expect(rec.systemText).toContain('Jens Bauer');
    expect(rec.systemText).toContain('Your profile:');
    expect(rec.systemText).toContain('Berlin');
    expect(rec.body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(rec.lastUserText).toBe('What challenges do you see?');
    const schema = rec.body.output_config?.format?.schema as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(['answer', 'reason']);
    expect(schema.required).toEqual(['answer', 'reason']);
    expect(rec.body.tools).toBeUndefined();
    expect(rec.body.temperature).toBeUndefined();
  });

  it('works with the fake’s own schema-sampled answer (no scripting)', async () => {
    const res = await call('POST', url, ask('Hi'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ answer: 'sample', reason: 'sample' });
  });

  it('answers a client json_schema with an object valid against it', async () => {
    fake().enqueue({ text: '{"rating": 9, "explanation": "AI writes my boilerplate."}' });
    const res = await call('POST', url, { ...ask('Rate your enthusiasm for AI on a scale of 1-10'), responseFormat: RATING_SCHEMA, useVerbalizedSampling: false });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rating: 9, explanation: 'AI writes my boilerplate.' });
    const format = lastBody().output_config?.format;
    expect(format?.type).toBe('json_schema');
    expect(Object.keys((format?.schema as { properties: object }).properties)).toEqual(['rating', 'explanation']);
    // Bounds the API cannot enforce reach the model as text.
    expect(fake().lastRequest()!.systemText).toContain('"maximum":10');
  });

  it('validates with a full JSON Schema validator: the sampled default of an unbounded schema passes', async () => {
    const responseFormat = {
      type: 'json_schema',
      json_schema: {
        name: 'tags',
        schema: {
          type: 'object',
          properties: { liked: { type: 'boolean' }, tags: { type: 'array', items: { type: 'string' } }, when: { type: 'string', format: 'date' } },
          required: ['liked', 'tags', 'when'],
          additionalProperties: false,
        },
      },
    };
    const res = await call('POST', url, { ...ask('Tag it'), responseFormat });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ liked: false, tags: ['sample'], when: '2026-01-01' });
  });

  it('retries an answer that fails the schema once, with a corrective note, and then uses the valid one', async () => {
    fake().enqueue({ text: '{"rating": 11, "explanation": "too high"}' }, { text: '{"rating": 10, "explanation": "fine"}' });
    const res = await call('POST', url, { ...ask('Rate it'), responseFormat: RATING_SCHEMA });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rating: 10, explanation: 'fine' });
    const second = fake().requests[1]!;
    expect(second.body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(second.body.messages[1]!.content).toBe('{"rating": 11, "explanation": "too high"}');
    expect(second.lastUserText).toContain('/rating must be <= 10');
  });

  it('refuses with 502 STRUCTURED_OUTPUT_INVALID when the retry fails too — never returns it as valid', async () => {
    fake().enqueue({ text: '{"wrong": 1}' }, { text: '{"wrong": 1}' });
    const res = await call('POST', url, { ...ask('Rate your enthusiasm'), responseFormat: RATING_SCHEMA });
    expect(res.status).toBe(502);
    const error = errorOf(res);
    expect(error.code).toBe('STRUCTURED_OUTPUT_INVALID');
    expect(error.message).toContain('enthusiasm_rating');
    expect(fake().requests).toHaveLength(2);
    expect(fake().pending()).toBe(0);
  });

  it('refuses non-JSON text in the default shape the same way', async () => {
    fake().enqueue({ text: 'Sure! I think remote work is great.' }, { text: '{"answer": "x"}' });
    const res = await call('POST', url, ask('Remote work?'));
    expect(res.status).toBe(502);
    expect(errorOf(res).code).toBe('STRUCTURED_OUTPUT_INVALID');
  });

  it('verbalized sampling: five options from the tails, each with a probability in (0, 1]', async () => {
    const probabilities = [0.09, 0.08, 0.06, 0.05, 0.03];
    fake().enqueue({ text: JSON.stringify(samplingAnswer(probabilities)) });
    const res = await call('POST', url, { ...ask('Which phone would you buy next?'), useVerbalizedSampling: true });
    expect(res.status).toBe(200);
    const body = res.body as { responses: Array<{ answer: string; reason: string; probability: number }> };
    expect(body.responses).toHaveLength(5);
    for (const r of body.responses) {
      expect(Object.keys(r).sort()).toEqual(['answer', 'probability', 'reason']);
      expect(r.probability).toBeGreaterThan(0);
      expect(r.probability).toBeLessThanOrEqual(1);
    }
    expect(body.responses.map((r) => r.probability)).toEqual(probabilities);
    const rec = fake().lastRequest()!;
    expect(rec.systemText).toContain('sampled from the tails of the distribution');
    expect(rec.systemText).toContain('less than 0.10');
    expect(Object.keys((rec.body.output_config?.format?.schema as { properties: object }).properties)).toEqual(['responses']);
  });

  it('verbalized sampling refuses four options or a zero probability (after the one retry)', async () => {
    fake().enqueue({ text: JSON.stringify(samplingAnswer([0.09, 0.08, 0.07, 0.06])) }, { text: JSON.stringify(samplingAnswer([0.09, 0.08, 0.07, 0.06, 0])) });
    const res = await call('POST', url, { ...ask('Pick a phone'), useVerbalizedSampling: true });
    expect(res.status).toBe(502);
    expect(errorOf(res).code).toBe('STRUCTURED_OUTPUT_INVALID');
    expect(fake().requests[1]!.lastUserText).toContain('/responses must NOT have fewer than 5 items');
  });

  it('maps temperature into the prompt (the API takes none) and useWebSearch onto the web search tool', async () => {
    fake().enqueue({ webSearch: { query: 'phone prices 2026' }, text: '{"answer": "The cheap one.", "reason": "Prices went up."}' });
    const res = await call('POST', url, { ...ask('Which phone?'), temperature: 0.1, useWebSearch: 'always' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ answer: 'The cheap one.', reason: 'Prices went up.' });
    const rec = fake().lastRequest()!;
    expect(rec.body.temperature).toBeUndefined();
    expect(rec.systemText).toContain('most typically give');
    expect(rec.body.tools?.map((t) => t['name'])).toEqual(['web_search']);
    expect(rec.body.tool_choice).toEqual({ type: 'tool', name: 'web_search' });

    await call('POST', url, { ...ask('Which phone?'), temperature: 0.9, useWebSearch: 'auto' });
    const auto = fake().lastRequest()!;
    expect(auto.body.tools?.map((t) => t['name'])).toEqual(['web_search']);
    expect(auto.body.tool_choice).toBeUndefined();
    expect(auto.systemText).not.toContain('most typically give');

    await call('POST', url, { ...ask('Which phone?'), useWebSearch: 'never', temperature: null, useVerbalizedSampling: null, responseFormat: null });
    expect(fake().lastRequest()!.body.tools).toBeUndefined();
  });

  it('is idempotent per Idempotency-Key: the replay answers from the same job, with no second model call', async () => {
    fake().enqueue({ text: '{"answer": "once", "reason": "r"}' });
    const headers = { 'idempotency-key': 'completion-key-1' };
    const first = await call('POST', url, ask('Once?'), headers);
    const again = await call('POST', url, ask('Once?'), headers);
    expect(first.body).toEqual({ answer: 'once', reason: 'r' });
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('x-stream-id')).toBe(first.headers.get('x-stream-id'));
    expect(fake().requests).toHaveLength(1);
    // Completions store nothing, so once the reply stream has expired a replay says so at once.
    await app.core.redis.del(`${app.config.REDIS_PREFIX}:rs:${first.headers.get('x-stream-id')}`);
    const expired = await call('POST', url, ask('Once?'), headers);
    expect(expired.status).toBe(404);
    expect(errorOf(expired).code).toBe('STREAM_NOT_FOUND');
    expect(fake().requests).toHaveLength(1);
  });

  it('404s an unknown twin', async () => {
    const res = await call('POST', `/v1/workspaces/${CUSTOMER}/twins/bbbbbbbb-0000-4000-8000-000000000009/chat-completions`, ask('hi'));
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('TWIN_NOT_FOUND');
  });

  it('answers under /api/digital-twin-service too, with x-gateway-token', async () => {
    const token = await app.token('user-9', CUSTOMER);
    const res = await client(app, '')('POST', `/api/digital-twin-service${url}`, ask('hi'), { 'x-gateway-token': token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ answer: 'sample', reason: 'sample' });
  });
});

describe('bad input is a 400 that names its field (and never reaches the model)', () => {
  const msgs = ask('hi').messages;
  it.each([
    ['no messages', {}, 'messages'],
    ['messages not an array', { messages: 'hi' }, 'messages'],
    ['empty messages', { messages: [] }, 'messages'],
    ['a system role', { messages: [{ role: 'system', content: 'x' }] }, 'messages[0].role'],
    ['empty content', { messages: [{ role: 'user', content: '  ' }] }, 'messages[0].content'],
    ['last turn from the assistant', { messages: [...msgs, { role: 'assistant', content: 'yo' }] }, 'messages[1].role'],
    ['responseFormat.type text', { messages: msgs, responseFormat: { type: 'text', json_schema: RATING_SCHEMA.json_schema } }, 'responseFormat.type'],
    ['an empty schema', { messages: msgs, responseFormat: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } }, 'responseFormat.json_schema.schema'],
    ['a schema that is not one', { messages: msgs, responseFormat: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'nope' } } } }, 'responseFormat.json_schema.schema'],
    ['no json_schema', { messages: msgs, responseFormat: { type: 'json_schema' } }, 'responseFormat.json_schema'],
    ['no schema name', { messages: msgs, responseFormat: { type: 'json_schema', json_schema: { schema: { type: 'object' } } } }, 'responseFormat.json_schema.name'],
    ['temperature above 1', { messages: msgs, temperature: 1.5 }, 'temperature'],
    ['temperature below 0', { messages: msgs, temperature: -0.1 }, 'temperature'],
    ['temperature as text', { messages: msgs, temperature: 'hot' }, 'temperature'],
    ['useWebSearch sometimes', { messages: msgs, useWebSearch: 'sometimes' }, 'useWebSearch'],
    ['useVerbalizedSampling as text', { messages: msgs, useVerbalizedSampling: 'yes' }, 'useVerbalizedSampling'],
    ['sampling with a custom responseFormat', { messages: msgs, responseFormat: RATING_SCHEMA, useVerbalizedSampling: true }, 'useVerbalizedSampling'],
  ])('%s', async (_name, body, field) => {
    const res = await call('POST', url, body);
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field });
    expect(error.message).toContain(field);
    expect(fake().requests).toHaveLength(0);
  });

  it('a body that is not JSON is INVALID_JSON on body', async () => {
    const res = await call('POST', url, '{"messages": [');
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'INVALID_JSON', field: 'body' });
  });
});
