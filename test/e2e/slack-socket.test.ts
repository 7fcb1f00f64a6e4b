/**
 * Slack over Socket Mode end to end: the real adapter with an app-level token opens a connection
 * through the fake's `apps.connections.open`, receives `events_api` envelopes over a loopback
 * WebSocket, acknowledges them, and the real core answers through the fake Web API.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.js';
import { teamOwner } from '../../adapters/slack/identity.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/server.js';
import { startFakeSocketMode, type FakeSocketMode } from '../fakes/slack/socket.js';
import { answeredIn, botsIn, echoModel } from '../fakes/slack/world.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let app: TestApp;
let cleanup: (() => Promise<void>) | null = null;

beforeAll(async () => {
  app = await startTestApp();
  app.anthropic!.setDefault(echoModel());
}, 60_000);
afterAll(async () => {
  await app?.close();
});
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

interface SocketWorld {
  fake: FakeSlack;
  socket: FakeSocketMode;
  adapter: SlackAdapter;
}

/** A fresh team with one active twin, and the adapter started in Socket Mode against it. */
async function open(): Promise<SocketWorld> {
  const teamId = `T${randomBytes(4).toString('hex').toUpperCase()}`;
  const fake = await startFakeSlack({ teamId });
  const socket = await startFakeSocketMode(fake);
  const adapter = createSlackAdapter({ botToken: fake.token, appToken: socket.appToken, apiUrl: fake.apiUrl, updateIntervalMs: 50 }, app.deps);
  cleanup = async () => {
    await adapter.stop();
    await socket.close();
    await fake.close();
  };
  const twin = (await app.deps.catalog.resolve('grace-hopper'));
  await app.deps.workspace.add(teamOwner(teamId), { twinId: twin.id, participationMode: 'active' });
  await adapter.start();
  return { fake, socket, adapter };
}

const bots = (w: SocketWorld, channel: string, ts: string) => botsIn(w.fake, channel, ts);
const answered = (w: SocketWorld, channel: string, ts: string, username: string) => answeredIn(w.fake, channel, ts, username, 8_000);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const requestsAbout = (text: string) => app.anthropic!.requests.filter((r) => r.lastUserText.includes(text)).length;

describe('slack socket mode', () => {
  it('connects with the app token, acks a mention at once and answers it in its thread as the active twin', async () => {
    const w = await open();
    // start() resolves only once the socket said hello; there is no HTTP endpoint in this mode.
    expect(w.adapter.requestListener).toBeNull();
    expect(w.socket.open).toBe(1);
    expect(w.fake.callsOf('apps.connections.open').map((c) => c.outcome)).toEqual(['ok']);

    const { ack, ts } = await w.socket.mention({ user: 'U1', channel: 'C1', text: 'what is a compiler?' });
    expect(ack.latencyMs).toBeLessThan(3000);
    expect(w.socket.acks).toHaveLength(1);

    const reply = await answered(w, 'C1', ts, 'Grace Hopper');
    expect(reply.text).toBe('Grace Hopper: you said “what is a compiler?”.');
    expect(reply.threadTs).toBe(ts);
    expect(reply.streaming).toBe('completed');
    expect(w.fake.callsOf('chat.startStream')[0]?.args).toMatchObject({ channel: 'C1', thread_ts: ts, recipient_user_id: 'U1' });
    expect(bots(w, 'C1', ts)).toHaveLength(1);

    // stop() closes the socket.
    await w.adapter.stop();
    await w.fake.state.waitFor(() => w.socket.open === 0, 3000);
  }, 10_000);

  it('acks a redelivered envelope (same event_id) and answers it once', async () => {
    const w = await open();
    const first = await w.socket.mention({ user: 'U1', channel: 'C1', text: 'only once please' });
    const again = await w.socket.sendEvent(first.body, { retryAttempt: 1, retryReason: 'timeout' });
    expect(again.envelopeId).not.toBe(first.ack.envelopeId);
    await answered(w, 'C1', first.ts, 'Grace Hopper');
    await w.socket.sendEvent(first.body, { retryAttempt: 2, retryReason: 'timeout' });
    await pause(500);
    expect(w.socket.acks).toHaveLength(3);
    expect(bots(w, 'C1', first.ts)).toHaveLength(1);
    expect(requestsAbout('only once please')).toBe(1);
  }, 10_000);
});
