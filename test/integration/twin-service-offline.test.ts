/**
 * Without ANTHROPIC_API_KEY the offline provider answers: the default shape still works and
 * says it is offline; a custom schema or verbalized sampling is a clear 503, never invented data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { ask, client, CUSTOMER, errorOf, JENS, LIMITS, MILLENNIALS, RATING_SCHEMA } from './twin-service-support.js';

let app: TestApp;
let call: ReturnType<typeof client>;
const url = `/v1/workspaces/${CUSTOMER}/twins/${JENS}/chat-completions`;

beforeAll(async () => {
  app = await startTestApp({ api: true, anthropic: false, env: LIMITS });
  call = client(app, await app.token('user-1', CUSTOMER));
});
afterAll(() => app.close());

describe('twin-service completions with the offline provider', () => {
  it('answers the default shape, and both fields say it is offline', async () => {
    const res = await call('POST', url, ask('What do you think about remote work?'));
    expect(res.status).toBe(200);
    const body = res.body as { answer: string; reason: string };
    expect(Object.keys(body).sort()).toEqual(['answer', 'reason']);
    expect(body.answer).toContain('Jens Bauer here. This is an offline reply');
    expect(body.answer).toContain('What do you think about remote work?');
    expect(body.reason).toMatch(/offline/i);
    expect(body.reason).toContain('ANTHROPIC_API_KEY');
  });

  it('refuses a custom responseFormat with 503 PROVIDER_NOT_CONFIGURED', async () => {
    const res = await call('POST', url, { ...ask('Rate your enthusiasm for AI'), responseFormat: RATING_SCHEMA });
    expect(res.status).toBe(503);
    const error = errorOf(res);
    expect(error.code).toBe('PROVIDER_NOT_CONFIGURED');
    expect(error.message).toContain('ANTHROPIC_API_KEY');
  });

  it('refuses verbalized sampling the same way', async () => {
    const res = await call('POST', url, { ...ask('Which phone?'), useVerbalizedSampling: true });
    expect(res.status).toBe(503);
    expect(errorOf(res).code).toBe('PROVIDER_NOT_CONFIGURED');
  });

  it('a panel answers offline per twin; with a schema every twin fails alike, so the panel is that 503', async () => {
    const plain = (await call('POST', `/v1/workspaces/${CUSTOMER}/static-groups/millennials/chat-completions`, ask('Hi'))).body as {
      results: Array<{ twinId: string; name: string; answer: string; reason: string }>;
      failed: unknown[];
    };
    expect(plain.failed).toEqual([]);
    expect(plain.results.map((r) => r.name)).toEqual(MILLENNIALS.map((t) => t.name));
    for (const r of plain.results) expect(r.answer).toContain(`${r.name} here. This is an offline reply`);
    // Every twin failed for the same reason: that reason is the answer, not a 200 with no results (issue 10).
    const shaped = await call('POST', `/v1/workspaces/${CUSTOMER}/static-groups/millennials/chat-completions`, { ...ask('Rate it'), responseFormat: RATING_SCHEMA });
    expect(shaped.status).toBe(503);
    expect(shaped.body).toEqual({ success: false, error: { code: 'PROVIDER_NOT_CONFIGURED', message: expect.stringContaining('every twin of the panel failed'), request_id: expect.any(String) } });
  });
});
