/**
 * Two twins answer one message and one of them fails for good: the other's reply is still
 * delivered (sync body, SSE done), the failure is reported for that twin only, and the stream
 * does not end early on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { addTwin, chat, client, names, startChatApp, stream, type Client } from './chat-support.js';

let app: TestApp;

beforeAll(async () => {
  app = await startChatApp({ env: { MAX_ACTIVE_TWINS_PER_CHANNEL: '2' } });
  // Paul Graham's requests are refused as invalid (not retryable); everyone else answers.
  app.anthropic!.setDefault((req) =>
    req.systemText.includes('Paul Graham')
      ? { error: { status: 400, type: 'invalid_request_error', message: 'prompt is too long' } }
      : { text: ['Ship ', 'it.'] },
  );
}, 60_000);

afterAll(async () => {
  await app?.close();
});

async function twoTwins(userId: string): Promise<Client> {
  const c = await client(app, userId);
  await addTwin(c, 'steve-jobs');
  await addTwin(c, 'paul-graham');
  return c;
}

describe('one of several twins failing', () => {
  it('sync: answers with the twin that succeeded and lists the one that failed', async () => {
    const c = await twoTwins('5e1f7a2b-0c3d-4e5f-8a9b-1c2d3e4f5a6b');
    const res = await chat(c, { message: 'should we launch?' });
    expect(res.status).toBe(200);
    expect(res.body.personality).toBe('steve-jobs');
    expect(res.body.reply).toBe('Ship it.');
    expect(res.body.metadata.failed).toEqual([
      expect.objectContaining({ personality: 'paul-graham', code: 'MODEL_ERROR' }),
    ]);
    expect(res.body.metadata.routing.map((r: { slug: string }) => r.slug).sort()).toEqual(['paul-graham', 'steve-jobs']);
    // The failure was not retried (a 400 is final), and exactly one reply was stored.
    expect(app.anthropic!.requests.filter((r) => r.systemText.includes('Paul Graham'))).toHaveLength(1);
    const stored = (await app.core.store.messages.repliesFor(res.body.streamId));
    expect(stored.map((m) => m.authorName)).toEqual(['Steve Jobs']);
  });

  it('SSE: twin_error for the failing twin, then the other reply and done', async () => {
    const c = await twoTwins('6f2a8b3c-1d4e-4f6a-9b0c-2d3e4f5a6b7c');
    const events = await stream(c, { message: 'what about pricing?' });
    const seq = names(events);
    expect(seq).toContain('twin_error');
    expect(seq).not.toContain('error');
    expect(seq[seq.length - 1]).toBe('done');
    const twinError = events.find((e) => e.event === 'twin_error')!;
    expect(twinError.data).toMatchObject({ personality: 'paul-graham', code: 'MODEL_ERROR' });
    const text = events.filter((e) => e.event === 'text_delta' && e.data.personality === 'steve-jobs').map((e) => e.data.content).join('');
    expect(text).toBe('Ship it.');
  });

  it('when every twin fails, the job fails with an error event', async () => {
    app.anthropic!.setDefault(() => ({ error: { status: 400, type: 'invalid_request_error', message: 'no' } }));
    try {
      const c = await twoTwins('7a3b9c4d-2e5f-4a7b-8c1d-3e4f5a6b7c8d');
      const events = await stream(c, { message: 'anyone?' });
      expect(names(events)).toContain('error');
      expect(names(events)).not.toContain('done');
    } finally {
      app.anthropic!.setDefault(null);
    }
  });
});
