/** Pure parts of twin-service completions: prompt, conversation, answer shapes and schema checks. */
import { describe, expect, it } from 'vitest';
import type { Twin } from '../../src/core/domain.js';
import { AppError } from '../../src/core/errors.js';
import { completionMessages, completionSystemPrompt, correctionNote } from '../../src/engine/completion-prompt.js';
import { completionJobId, mapLimit } from '../../src/chat/completion-service.js';
import { DEFAULT_SCHEMA, formatInstruction, modeOf, SAMPLING_SCHEMA, schemaFor, temperatureInstruction } from '../../src/engine/sampling.js';
import { checkStructured, validatorFor } from '../../src/engine/structured.js';

const TWIN: Twin = {
  id: '550e8400-e29b-41d4-a716-446655440000',
  slug: 'jens-bauer',
  name: 'Jens Bauer',
  description: 'A fictional Berlin developer.',
  category: 'Engineer',
  expertise: ['Software'],
  avatarUrl: null,
  demographic: {
    title: 'Tech-Savvy Millennial',
    age: 28,
    gender: 'Male',
    location: 'Berlin, Germany',
    jobTitle: 'Software Engineer',
    selfDescription: "I'm a tech enthusiast.",
    staticGroupKey: 'millennials',
  },
  persona: { prompt: 'You are Jens Bauer, a fictional AI persona: a 28-year-old developer in Berlin.', examples: ['Klar.', 'Depends on the price.'], isRealPerson: false },
  source: 'bundled',
  externalId: null,
  ownerCustomerId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const job = (over: { responseFormat?: { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown> } } | null; verbalizedSampling?: boolean } = {}) => ({
  responseFormat: over.responseFormat ?? null,
  verbalizedSampling: over.verbalizedSampling ?? false,
});

describe('completionSystemPrompt', () => {
  it('is the persona plus the demographic profile, answering as this person, with the format last', () => {
    const p = completionSystemPrompt(TWIN, { mode: 'default', schema: schemaFor(job()), temperature: null });
    expect(p.startsWith(TWIN.persona.prompt)).toBe(true);
    for (const s of ['Age: 28', 'Location: Berlin, Germany', 'Job: Software Engineer', "In your own words: I'm a tech enthusiast.", '- Klar.']) expect(p).toContain(s);
    expect(p).toContain('Do not answer as an AI assistant');
    expect(p.trimEnd().endsWith(formatInstruction('default', schemaFor(job())))).toBe(true);
  });

  it('carries a custom schema (so bounds reach the model) and the temperature as an instruction', () => {
    const schema = { type: 'object', properties: { rating: { type: 'number', maximum: 10 } } };
    const p = completionSystemPrompt(TWIN, { mode: 'custom', schema: { name: 'rating', schema }, temperature: 0 });
    expect(p).toContain('"rating"');
    expect(p).toContain(JSON.stringify(schema));
    expect(p).toContain('most typically give');
  });

  it('says a real person’s persona is not that person', () => {
    const p = completionSystemPrompt({ ...TWIN, persona: { ...TWIN.persona, isRealPerson: true } }, { mode: 'default', schema: schemaFor(job()), temperature: null });
    expect(p).toContain('not Jens Bauer');
  });
});

describe('temperatureInstruction', () => {
  it('maps low values to "typical answer" wording and leaves 0.7+ to the model default', () => {
    expect(temperatureInstruction(null)).toBeNull();
    expect(temperatureInstruction(0)).toMatch(/most typically/);
    expect(temperatureInstruction(0.29)).toMatch(/most typically/);
    expect(temperatureInstruction(0.5)).toMatch(/usual answer/);
    expect(temperatureInstruction(0.7)).toBeNull();
    expect(temperatureInstruction(1)).toBeNull();
  });
});

describe('answer shapes', () => {
  it('picks the schema by mode', () => {
    const custom = { type: 'json_schema' as const, json_schema: { name: 'x', schema: { type: 'object' } } };
    expect(modeOf(job())).toBe('default');
    expect(modeOf(job({ verbalizedSampling: true }))).toBe('sampling');
    expect(modeOf(job({ responseFormat: custom }))).toBe('custom');
    expect(schemaFor(job())).toEqual({ name: 'twin_answer', schema: DEFAULT_SCHEMA });
    expect(schemaFor(job({ verbalizedSampling: true })).schema).toBe(SAMPLING_SCHEMA);
    expect(schemaFor(job({ responseFormat: custom }))).toEqual({ name: 'x', schema: { type: 'object' } });
  });

  it('the sampling instruction is the paper’s: 5 responses from the tails, each below 0.10', () => {
    const text = formatInstruction('sampling', schemaFor(job({ verbalizedSampling: true })));
    expect(text).toContain('Generate 5 responses with their corresponding probabilities, sampled from the tails of the distribution');
    expect(text).toContain('the probability of each response is less than 0.10');
  });

  it('the default schema wants exactly {answer, reason}', () => {
    const v = validatorFor(DEFAULT_SCHEMA);
    expect(v({ answer: 'a', reason: 'b' })).toBe(true);
    expect(v({ answer: 'a' })).toBe(false);
    expect(v({ answer: 'a', reason: 'b', extra: 1 })).toBe(false);
  });

  it('the sampling schema wants exactly five options with probabilities in (0, 1]', () => {
    const v = validatorFor(SAMPLING_SCHEMA);
    const of = (ps: unknown[]) => ({ responses: ps.map((probability) => ({ answer: 'a', reason: 'r', probability })) });
    expect(v(of([0.09, 0.08, 0.05, 0.02, 0.01]))).toBe(true);
    expect(v(of([1, 0.5, 0.5, 0.5, 0.5]))).toBe(true);
    expect(v(of([0.09, 0.08, 0.05, 0.02]))).toBe(false);
    expect(v(of([0.09, 0.08, 0.05, 0.02, 0.01, 0.01]))).toBe(false);
    expect(v(of([0.09, 0.08, 0.05, 0.02, 0]))).toBe(false);
    expect(v(of([0.09, 0.08, 0.05, 0.02, 1.2]))).toBe(false);
    expect(v(of([0.09, 0.08, 0.05, 0.02, '0.01']))).toBe(false);
  });
});

describe('checkStructured and validatorFor', () => {
  const v = validatorFor({ type: 'object', properties: { rating: { type: 'integer', minimum: 1, maximum: 10 } }, required: ['rating'] });

  it('accepts valid JSON, also inside a json code fence', () => {
    expect(checkStructured(' {"rating": 3} ', v)).toEqual({ ok: true, value: { rating: 3 } });
    expect(checkStructured('```json\n{"rating": 4}\n```', v)).toEqual({ ok: true, value: { rating: 4 } });
  });

  it('names the problem of text that is empty, not JSON, or off-schema', () => {
    expect(checkStructured('  ', v)).toEqual({ ok: false, problem: 'the answer was empty' });
    expect(checkStructured('Sure! 7', v)).toMatchObject({ ok: false, problem: expect.stringContaining('not valid JSON') });
    expect(checkStructured('{"rating": 11}', v)).toEqual({ ok: false, problem: '/rating must be <= 10' });
    expect(checkStructured('{"rate": 1}', v)).toEqual({ ok: false, problem: "(root) must have required property 'rating'" });
  });

  it('compiles each schema once (cached by its JSON) and refuses non-schemas with a 400 on the field', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', format: 'email' } } };
    expect(validatorFor(schema)).toBe(validatorFor(JSON.parse(JSON.stringify(schema)) as Record<string, unknown>));
    const err = (() => {
      try {
        validatorFor({ type: 'nope' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'VALIDATION_ERROR', field: 'responseFormat.json_schema.schema' });
    expect(() => validatorFor({ type: 'object', description: 'x'.repeat(40_000) })).toThrow(/at most/);
  });
});

describe('completionMessages and correctionNote', () => {
  it('merges consecutive turns of one role and opens with a user turn', () => {
    expect(
      completionMessages([
        { role: 'assistant', content: 'I said this before.' },
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
      ]),
    ).toEqual([
      { role: 'user', content: '(earlier in this conversation)' },
      { role: 'assistant', content: 'I said this before.' },
      { role: 'user', content: 'a\n\nb' },
    ]);
  });

  it('tells the model what was wrong and which schema to match', () => {
    const note = correctionNote('/rating must be <= 10', 'enthusiasm_rating');
    expect(note).toContain('/rating must be <= 10');
    expect(note).toContain('"enthusiasm_rating"');
  });
});

describe('completionJobId and mapLimit', () => {
  it('derives a stable, BullMQ-safe id from the Idempotency-Key per caller and twin', () => {
    const owner = { customerId: 'c', userId: 'u' };
    const a = completionJobId(owner, 't1', 'key');
    expect(a).toMatch(/^tws-[A-Za-z0-9_-]+$/);
    expect(completionJobId(owner, 't1', 'key')).toBe(a);
    expect(completionJobId(owner, 't2', 'key')).not.toBe(a);
    expect(completionJobId({ customerId: 'c', userId: 'other' }, 't1', 'key')).not.toBe(a);
    expect(completionJobId(owner, 't1', null)).not.toBe(completionJobId(owner, 't1', null));
  });

  it('keeps at most `limit` calls in flight and the results in input order', async () => {
    let open = 0;
    let peak = 0;
    const out = await mapLimit([50, 10, 30, 5, 20, 1, 15, 25, 8, 12], 3, async (ms, i) => {
      open++;
      peak = Math.max(peak, open);
      await new Promise((r) => setTimeout(r, ms));
      open--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
    expect(await mapLimit([], 8, async () => 1)).toEqual([]);
  });
});
