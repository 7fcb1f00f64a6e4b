/**
 * Slack ends a native stream that goes idle (`message_not_in_streaming_state` on the next
 * append or stop). A twin that pauses mid-answer (a slow tool, a slow model) must still land its
 * whole reply: the message continues by chat.update instead of losing the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botsIn, startSlackWorld, type SlackWorld } from '../fakes/slack/world.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let app: TestApp;
let world: SlackWorld;

beforeAll(async () => {
  app = await startTestApp();
  world = await startSlackWorld(app, {}, { streamIdleMs: 250 });
}, 60_000);
afterAll(async () => {
  await world?.close();
  await app?.close();
});

describe('an expired native stream', () => {
  it('continues the reply by chat.update, losing nothing', async () => {
    await world.addTwin('grace-hopper', 'active');
    const parts = ['First part of the answer. ', 'Then, after a long pause, ', 'the rest of it.'];
    app.anthropic!.enqueue({ text: parts, chunkDelayMs: 700 });
    const { ts } = await world.driver.mention({ user: 'U1', channel: 'C1', text: 'take your time' });
    const full = parts.join('');
    const reply = await world.fake.state.waitFor(() => botsIn(world.fake, 'C1', ts).find((m) => m.text === full && m.streaming !== 'in_progress'), 20_000);
    expect(reply.username).toBe('Grace Hopper');
    expect(reply.edits[0]?.via).toBe('chat.startStream');
    expect(world.fake.calls.some((c) => c.outcome === 'message_not_in_streaming_state')).toBe(true);
    expect(reply.edits.at(-1)?.via).toBe('chat.update');
    expect(botsIn(world.fake, 'C1', ts)).toHaveLength(1);
  }, 30_000);
});
