/**
 * The Slack receiver mounted on the service's own fastify server (as main.ts does): Bolt must
 * still see the raw body to verify signatures, and the rest of the API must be unaffected.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.js';
import { teamOwner } from '../../adapters/slack/identity.js';
import { slackRoute } from '../../adapters/slack/route.js';
import { createSlackDriver, startFakeSlack, type FakeSlack, type SlackDriver } from '../fakes/slack/index.js';
import { echoModel, SIGNING_SECRET } from '../fakes/slack/world.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let app: TestApp;
let fake: FakeSlack;
let adapter: SlackAdapter;
let driver: SlackDriver;

beforeAll(async () => {
  fake = await startFakeSlack({ teamId: 'TFASTIFY1' });
  // The route is registered before the adapter exists, as when the API starts first.
  const lazy = { requestListener: (req: IncomingMessage, res: ServerResponse) => adapter.requestListener?.(req, res) };
  app = await startTestApp({ api: true, extraRoutes: [slackRoute(lazy)] });
  app.anthropic!.setDefault(echoModel());
  adapter = createSlackAdapter({ botToken: fake.token, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, updateIntervalMs: 50 }, app.deps);
  await adapter.start();
  driver = createSlackDriver({ url: `${app.url}/slack/events`, signingSecret: SIGNING_SECRET, fake });
}, 60_000);

afterAll(async () => {
  await adapter?.stop();
  await app?.close();
  await fake?.close();
});

describe('slack on the service’s fastify port', () => {
  it('verifies, acknowledges and answers events and commands', async () => {
    const twin = (await app.deps.catalog.resolve('grace-hopper'));
    await app.deps.workspace.add(teamOwner('TFASTIFY1'), { twinId: twin.id, participationMode: 'active' });
    const { delivery, ts } = await driver.mention({ user: 'U1', channel: 'C1', text: 'through fastify' });
    expect(delivery.status).toBe(200);
    const reply = await fake.state.waitFor(() => fake.state.thread('C1', ts).find((m) => m.text.endsWith('”.')), 15_000);
    expect(reply).toMatchObject({ username: 'Grace Hopper', text: 'Grace Hopper: you said “through fastify”.' });

    const command = await driver.command({ user: 'U1', channel: 'C1', text: 'list' });
    expect(command.delivery.status).toBe(200);
    expect(JSON.stringify(command.delivery.json)).toContain('Grace Hopper');
  }, 20_000);

  it('answers Slack’s URL verification challenge and counts events', async () => {
    const res = await driver.post(JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' }), 'application/json');
    expect(res).toMatchObject({ status: 200, json: { challenge: 'c-123' } });
    const metrics = await app.deps.metrics.getSingleMetricAsString('twinbridge_slack_events_total');
    expect(metrics).toMatch(/kind="mention",outcome="queued"} 1/);
  });

  it('refuses a bad signature and leaves the other routes alone', async () => {
    const bad = await driver.mention({ user: 'U1', channel: 'C1', text: 'forged' }, { signature: 'bad' });
    expect(bad.delivery.status).toBe(401);
    const other = await fetch(`${app.url}/slack/nothing-here`, { method: 'POST' });
    expect(other.status).toBe(404);
  });
});
