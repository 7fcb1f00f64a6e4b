/**
 * A Slack workspace for end-to-end tests: the real core (harness app), a fake Slack Web API, the
 * real Slack adapter mounted on a bare node:http server (as the service's fastify route would),
 * and a driver that sends it signed Slack requests. One team per world, so tests do not share a
 * workspace.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../../adapters/slack/index.js';
import { teamOwner, userOwner } from '../../../adapters/slack/identity.js';
import type { WorkspaceOwner } from '../../../src/core/domain.js';
import type { TestApp } from '../../support/harness.js';
import type { FakeTurn, RecordedRequest } from '../anthropic/types.js';
import { createSlackDriver, type SlackDriver } from './driver.js';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from './server.js';
import type { FakeMessage } from './state.js';

export const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';

export interface SlackWorld {
  fake: FakeSlack;
  adapter: SlackAdapter;
  driver: SlackDriver;
  url: string;
  teamId: string;
  team: WorkspaceOwner;
  userWorkspace(userId: string): WorkspaceOwner;
  /** Adds a bundled twin to the team's workspace by slug. */
  addTwin(slug: string, mode?: 'active' | 'observer' | 'on-demand', owner?: WorkspaceOwner): Promise<void>;
  /** Replaces the adapter with a new one (same team and URL), as a process restart would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startSlackWorld(
  app: TestApp,
  options: Partial<SlackAdapterOptions> = {},
  fakeOptions: FakeSlackOptions = {},
): Promise<SlackWorld> {
  const teamId = `T${randomBytes(4).toString('hex').toUpperCase()}`;
  const fake = await startFakeSlack({ teamId, ...fakeOptions });
  const make = async () => {
    const a = createSlackAdapter(
      { botToken: fake.token, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, updateIntervalMs: 50, ...options },
      app.deps,
    );
    await a.start();
    if (!a.requestListener) throw new Error('slack world: HTTP mode expected');
    return a;
  };
  let adapter = await make();
  const server: Server = createServer((req, res) => adapter.requestListener!(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  const team = teamOwner(teamId);
  return {
    fake,
    get adapter() {
      return adapter;
    },
    driver: createSlackDriver({ url, signingSecret: SIGNING_SECRET, fake }),
    url,
    teamId,
    team,
    userWorkspace: (userId) => userOwner(teamId, userId),
    async addTwin(slug, mode = 'active', owner = team) {
      const twin = (await app.deps.catalog.resolve(slug));
      await app.deps.workspace.add(owner, { twinId: twin.id, participationMode: mode });
    },
    async restart() {
      await adapter.stop();
      adapter = await make();
    },
    async close() {
      await adapter.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await fake.close();
    },
  };
}

/** Bot messages in a thread of the fake. */
export function botsIn(fake: FakeSlack, channel: string, ts: string): FakeMessage[] {
  return fake.state.thread(channel, ts).filter((m) => m.botId);
}

/** A twin's reply once it is complete (the echo model ends every answer with `”.`). */
export function answeredIn(fake: FakeSlack, channel: string, ts: string, username: string, timeoutMs = 15_000): Promise<FakeMessage> {
  return fake.state.waitFor(
    () => botsIn(fake, channel, ts).find((m) => m.username === username && m.streaming !== 'in_progress' && m.text.endsWith('”.')),
    timeoutMs,
  );
}

/** Which twin a model request is for (the persona line names it), or the default assistant. */
export function twinNameOf(req: RecordedRequest): string {
  const named = /inspired by (.+?)'s public work/.exec(req.systemText);
  if (named?.[1]) return named[1];
  return req.systemText.includes('Twinbridge Assistant') ? 'Twinbridge Assistant' : 'Someone';
}

/** A model that answers `<Name>: <echo of the question>` in a few streamed pieces. */
export function echoModel(chunkDelayMs = 15): (req: RecordedRequest) => FakeTurn {
  return (req) => {
    const question = req.lastUserText.replace(/^\[[^\]]*\]\s*/, '');
    return { text: [`${twinNameOf(req)}: `, 'you said ', `“${question}”.`], chunkDelayMs };
  };
}
