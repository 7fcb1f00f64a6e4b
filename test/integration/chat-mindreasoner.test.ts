/**
 * A Mind Reasoner twin end to end: synced from the (fake) remote catalog into SQLite, chosen by
 * routing like any twin, answered through the simulate API (not Claude), with the API's own
 * confidence in the chat reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMindReasoner, type FakeMindReasoner } from '../fakes/mindreasoner/server.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let mr: FakeMindReasoner;
let app: TestApp;

beforeAll(async () => {
  mr = await startFakeMindReasoner({
    minds: [{ id: 'mind-ada-1', name: 'Ada Remote', description: 'A trained mind of a product researcher.' }],
    answer: ({ message }) => ({ message: `Ada Remote thinks about: ${message.slice(-40)}`, confidence: 0.83 }),
  });
  app = await startTestApp({ api: true, env: { MIND_REASONER_API_URL: mr.url, MIND_REASONER_API_KEY: mr.apiKey } });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await mr?.close();
});

describe('Mind Reasoner twins in chat', () => {
  it('answer through simulate with the real confidence, and Claude is never asked', async () => {
    const [outcome] = await app.core.catalogSync.run();
    // The worker also syncs once at start; either run may be the one that added the mind.
    expect(outcome).toMatchObject({ ok: true, count: 1 });
    const twin = (await app.core.catalog.resolve('Ada Remote'));
    expect(twin.source).toBe('mind-reasoner');

    const token = await app.token('0b7d2f9e-1c3a-4e5b-8d6f-7a9b0c1d2e3f');
    const res = await fetch(`${app.url}/api/v1/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'would you pay for this feature?', personality: twin.slug }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reply: string; personality: string; confidence: number | null; metadata: { model: string } };
    expect(body.personality).toBe(twin.slug);
    expect(body.reply).toContain('Ada Remote thinks about:');
    expect(body.reply).toContain('would you pay for this feature?');
    expect(body.confidence).toBe(0.83);
    expect(body.metadata.model).toMatch(/^mind-reasoner/);
    const simulate = mr.requests.filter((r) => r.path.endsWith('/simulate'));
    expect(simulate).toHaveLength(1);
    expect(simulate[0]!.body).toMatchObject({ mindId: 'mind-ada-1' });
    expect(app.anthropic!.requests).toHaveLength(0);
  });
});
