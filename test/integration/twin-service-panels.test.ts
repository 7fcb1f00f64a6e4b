/**
 * Group panels: the same request to every twin of a static group (or an explicit twinIds
 * list), one queued job per twin, bounded in flight; a failing twin lands in `failed` and the
 * others still answer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultResponder } from '../fakes/anthropic/defaults.js';
import type { RecordedRequest } from '../fakes/anthropic/types.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { ask, client, CUSTOMER, errorOf, GEN_Z_AISHA, LIMITS, MILLENNIALS, RATING_SCHEMA, samplingAnswer } from './twin-service-support.js';

let app: TestApp;
let call: ReturnType<typeof client>;
const url = `/v1/workspaces/${CUSTOMER}/static-groups/millennials/chat-completions`;

beforeAll(async () => {
  app = await startTestApp({ api: true, env: LIMITS });
  call = client(app, await app.token('user-1', CUSTOMER));
});
afterAll(() => app.close());
beforeEach(() => app.anthropic!.reset());

const fake = () => app.anthropic!;
type Panel = { results: Array<Record<string, unknown>>; failed: Array<{ twinId: string; name: string; error: { code: string; message: string } }> };

/** Which millennial a request speaks for, from its system prompt. */
const speaker = (req: RecordedRequest) => MILLENNIALS.find((t) => req.systemText.includes(`You are ${t.name}`) || req.systemText.includes(`Name: ${t.name}`));

describe('POST .../static-groups/{group_key}/chat-completions', () => {
  it('asks every twin of the group and answers {results, failed} in name order', async () => {
    const res = await call('POST', url, ask('What do you think about remote work?'));
    expect(res.status).toBe(200);
    const body = res.body as Panel;
    expect(body.failed).toEqual([]);
    expect(body.results).toEqual(MILLENNIALS.map((t) => ({ twinId: t.id, name: t.name, answer: 'sample', reason: 'sample' })));
    expect(fake().requests).toHaveLength(5);
    expect(new Set(fake().requests.map((r) => speaker(r)?.id)).size).toBe(5);
  });

  it('one failing twin never sinks the others', async () => {
    const failing = MILLENNIALS[4];
    fake().setDefault((req) =>
      speaker(req)?.id === failing.id ? { error: { status: 400, type: 'invalid_request_error', message: 'scripted failure' } } : defaultResponder(req),
    );
    const res = await call('POST', url, ask('Remote work?'));
    expect(res.status).toBe(200);
    const body = res.body as Panel;
    expect(body.results.map((r) => r['twinId'])).toEqual(MILLENNIALS.slice(0, 4).map((t) => t.id));
    expect(body.failed).toHaveLength(1);
    expect(body.failed[0]).toMatchObject({ twinId: failing.id, name: failing.name, error: { code: 'MODEL_ERROR', message: expect.any(String) } });
  });

  it('with a responseFormat every result is schema-valid: a table to analyze', async () => {
    const ratings = new Map<string, number>(MILLENNIALS.map((t, i) => [t.id, [7, 9, 4, 8, 7][i]!]));
    fake().setDefault((req) => {
      const twin = speaker(req)!;
      return { text: JSON.stringify({ rating: ratings.get(twin.id), explanation: `${twin.name} explains.` }) };
    });
    const res = await call('POST', url, { ...ask('Rate your enthusiasm for AI on a scale of 1-10'), responseFormat: RATING_SCHEMA });
    const body = res.body as Panel;
    expect(body.failed).toEqual([]);
    for (const row of body.results) {
      expect(Object.keys(row).sort()).toEqual(['explanation', 'name', 'rating', 'twinId']);
      expect(row['rating']).toBe(ratings.get(String(row['twinId'])));
    }
    const distribution = body.results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [String(r['rating'])]: (acc[String(r['rating'])] ?? 0) + 1 }), {});
    expect(distribution).toEqual({ '4': 1, '7': 2, '8': 1, '9': 1 });
  });

  it('a twin whose answer fails the schema twice is in failed with 502’s code; the rest answer', async () => {
    const bad = MILLENNIALS[1];
    fake().setDefault((req) => (speaker(req)?.id === bad.id ? { text: '{"wrong": 1}' } : { text: '{"rating": 5, "explanation": "ok"}' }));
    const body = (await call('POST', url, { ...ask('Rate it'), responseFormat: RATING_SCHEMA })).body as Panel;
    expect(body.results).toHaveLength(4);
    expect(body.failed).toEqual([{ twinId: bad.id, name: bad.name, error: { code: 'STRUCTURED_OUTPUT_INVALID', message: expect.stringContaining('enthusiasm_rating') } }]);
  });

  it('asks only the twins listed in twinIds (duplicates once)', async () => {
    const picked = [MILLENNIALS[3].id, MILLENNIALS[0].id, MILLENNIALS[3].id.toUpperCase()];
    const res = await call('POST', url, { ...ask('Hi'), twinIds: picked });
    const body = res.body as Panel;
    expect(body.results.map((r) => r['name'])).toEqual([MILLENNIALS[3].name, MILLENNIALS[0].name]);
    expect(fake().requests).toHaveLength(2);
  });

  it('verbalized sampling per twin', async () => {
    fake().setDefault(() => ({ text: JSON.stringify(samplingAnswer([0.09, 0.07, 0.05, 0.04, 0.02])) }));
    const body = (await call('POST', url, { ...ask('Dream holiday?'), useVerbalizedSampling: true, twinIds: [MILLENNIALS[0].id] })).body as Panel;
    expect(body.results).toHaveLength(1);
    expect((body.results[0]!['responses'] as unknown[]).length).toBe(5);
  });

  it('runs a big panel in parallel but keeps at most 8 twins in flight', async () => {
    const extra = Array.from({ length: 12 }, (_, i) => ({
      id: `cccccccc-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
      slug: `panel-gen-x-${i}`,
      name: `Panel Member ${String(i).padStart(2, '0')}`,
      description: 'A test twin.',
      category: 'Expert' as const,
      expertise: ['Testing'],
      avatarUrl: null,
      demographic: { title: 'Tester', age: 50, gender: 'Male', location: 'Leeds, UK', jobTitle: 'Clerk', selfDescription: 'I answer surveys.', staticGroupKey: 'gen_x' as const },
      persona: { prompt: 'You are a fictional survey panel member who answers plainly.', examples: ['Fine.', 'No.'], isRealPerson: false },
      source: 'workspace' as const,
      externalId: null,
      ownerCustomerId: null,
    }));
    await app.core.store.twins.upsert(extra);
    let peak = 0;
    fake().setDefault(() => ({ text: '{"answer": "a", "reason": "r"}', headersDelayMs: 40 }));
    const track = setInterval(() => {
      peak = Math.max(peak, fake().stats.open);
    }, 2);
    const res = await call('POST', `/v1/workspaces/${CUSTOMER}/static-groups/gen_x/chat-completions`, ask('Hi'));
    clearInterval(track);
    const body = res.body as Panel;
    expect(body.results).toHaveLength(17);
    expect(body.failed).toEqual([]);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(8);
  });

  it('400s twinIds outside the group, naming the entry; 404s an unknown group; 400s bad input by field', async () => {
    const outside = await call('POST', url, { ...ask('Hi'), twinIds: [MILLENNIALS[0].id, GEN_Z_AISHA] });
    expect(outside.status).toBe(400);
    expect(errorOf(outside)).toMatchObject({ code: 'VALIDATION_ERROR', field: 'twinIds[1]' });
    const notId = await call('POST', url, { ...ask('Hi'), twinIds: ['nope'] });
    expect(errorOf(notId)).toMatchObject({ field: 'twinIds[0]' });
    const empty = await call('POST', url, { ...ask('Hi'), twinIds: [] });
    expect(errorOf(empty)).toMatchObject({ field: 'twinIds' });
    const unknown = await call('POST', `/v1/workspaces/${CUSTOMER}/static-groups/gen_alpha/chat-completions`, ask('Hi'));
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('GROUP_NOT_FOUND');
    const both = await call('POST', url, { ...ask('Hi'), responseFormat: RATING_SCHEMA, useVerbalizedSampling: true });
    expect(errorOf(both)).toMatchObject({ code: 'VALIDATION_ERROR', field: 'useVerbalizedSampling' });
    expect(fake().requests).toHaveLength(0);
  });

  it('is served under /api/digital-twin-service as well', async () => {
    const res = await call('POST', `/api/digital-twin-service${url}`, { ...ask('Hi'), twinIds: [MILLENNIALS[2].id] });
    expect(res.status).toBe(200);
    expect((res.body as Panel).results).toEqual([{ twinId: MILLENNIALS[2].id, name: MILLENNIALS[2].name, answer: 'sample', reason: 'sample' }]);
  });
});
