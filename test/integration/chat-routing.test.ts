/**
 * Who answers (DESIGN.md §3), set up through the workspace API and per-channel overrides, checked
 * end to end: the persona that reached the model (its system prompt), the reply's personality,
 * and the rule and reason in done.metadata.routing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { addTwin, chat, channelOf, client, jobCount, patchTwin, startChatApp, stream, type Client } from './chat-support.js';

let app: TestApp;
/** MAX_ACTIVE_TWINS_PER_CHANNEL=2 and a catalog twin as the default personality. */
let capped: TestApp;

beforeAll(async () => {
  [app, capped] = await Promise.all([
    startChatApp(),
    startChatApp({ env: { MAX_ACTIVE_TWINS_PER_CHANNEL: '2', DEFAULT_PERSONALITY: 'seneca' } }),
  ]);
  // Every reply names the persona it was prompted with, so a reply shows who the model was.
  for (const a of [app, capped]) {
    a.anthropic!.setDefault((req) => ({ text: `as ${/(?:AI persona of|You are(?: the)?) ([A-Z][\w.]*(?: [A-Z][\w.]*)*)/.exec(req.systemText)?.[1] ?? '?'}` }));
  }
});
afterAll(async () => {
  await Promise.all([app?.close(), capped?.close()]);
});
beforeEach(() => {
  for (const a of [app, capped]) {
    a.anthropic!.requests.length = 0;
  }
});

async function ask(c: Client, body: Record<string, unknown>) {
  const res = await chat(c, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { personality: string; reply: string; streamId: string; metadata: { routing: Array<{ slug: string; rule: string; reason: string; twinId: string | null }> }; replies?: Array<{ personality: string }> };
}

const who = (b: { metadata: { routing: Array<{ slug: string; rule: string }> } }) => b.metadata.routing.map((r) => `${r.slug}:${r.rule}`);

describe('explicit personality', () => {
  it('by slug, id or name, whether or not the twin is in the workspace', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const pg = (await app.core.store.twins.resolve('paul-graham'))!;
    for (const ref of ['paul-graham', pg.id, 'Paul Graham', 'paul graham', '@paul-graham']) {
      const b = await ask(c, { message: 'How do I find startup ideas?', personality: ref });
      expect(b.personality).toBe('paul-graham');
      expect(b.reply).toBe('as Paul Graham');
      expect(b.metadata.routing).toEqual([expect.objectContaining({ slug: 'paul-graham', twinId: pg.id, rule: 'explicit', reason: expect.stringContaining('explicitly') })]);
      expect(app.anthropic!.lastRequest()!.systemText).toContain('You are an AI persona of Paul Graham');
    }
  });

  it('wins over active and addressed twins', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    await addTwin(c, 'steve-jobs');
    const b = await ask(c, { message: '@steve-jobs what do you think?', personality: 'warren-buffett' });
    expect(who(b)).toEqual(['warren-buffett:explicit']);
    expect(app.anthropic!.requests).toHaveLength(1);
  });

  it('an unknown one is a 404 naming it, and nothing is enqueued', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const before = await jobCount(app);
    const res = await chat(c, { message: 'hi', personality: 'nobody-here' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, error: { code: 'TWIN_NOT_FOUND', message: expect.stringContaining('"nobody-here"'), field: 'personality' } });
    expect(await jobCount(app)).toBe(before);
    expect(app.anthropic!.requests).toHaveLength(0);
  });
});

describe('workspace routing', () => {
  it('addressed by @slug or by name (active or on-demand), observers never', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    await addTwin(c, 'steve-jobs', { mode: 'on-demand' });
    await addTwin(c, 'warren-buffett', { mode: 'on-demand' });
    await addTwin(c, 'jane-austen', { mode: 'observer' });
    await addTwin(c, 'seneca', { mode: 'active' });

    let b = await ask(c, { message: 'what about this, @warren-buffett?' });
    expect(who(b)).toEqual(['warren-buffett:addressed']);
    expect(b.metadata.routing[0]!.reason).toMatch(/addressed/);
    expect(b.reply).toBe('as Warren Buffett');

    b = await ask(c, { message: 'Steve Jobs, is this simple enough?' });
    expect(who(b)).toEqual(['steve-jobs:addressed']);
    b = await ask(c, { message: 'Steve: is it?' });
    expect(who(b)).toEqual(['steve-jobs:addressed']);
    // An addressed active twin answers as addressed.
    b = await ask(c, { message: '@seneca calm me down' });
    expect(who(b)).toEqual(['seneca:addressed']);
    // An observer addressed stays silent: the active twin answers instead.
    b = await ask(c, { message: '@jane-austen what do you think?' });
    expect(who(b)).toEqual(['seneca:active']);
    expect(app.anthropic!.requests.every((r) => !r.systemText.includes('Jane Austen'))).toBe(true);
  });

  it('active twins answer unaddressed messages: favorites first, then the most recent, capped at 1 by default', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const sj = await addTwin(c, 'steve-jobs');
    await addTwin(c, 'elon-musk');
    let b = await ask(c, { message: 'what next?' });
    // Most recently added wins when no favorite.
    expect(who(b)).toEqual(['elon-musk:active']);
    expect(b.metadata.routing[0]!.reason).toMatch(/active in the workspace/);
    expect(b.reply).toBe('as Elon Musk');

    await patchTwin(c, sj, { is_favorite: true });
    b = await ask(c, { message: 'and now?' });
    expect(who(b)).toEqual(['steve-jobs:active']);
    expect(b.metadata.routing[0]!.reason).toMatch(/favorite/);
    expect(app.anthropic!.lastRequest()!.systemText).toContain('AI persona of Steve Jobs');
  });

  it('MAX_ACTIVE_TWINS_PER_CHANNEL caps how many active twins answer', async () => {
    const c = await client(capped, `u-${randomUUID()}`);
    await addTwin(c, 'steve-jobs');
    await addTwin(c, 'elon-musk', { favorite: true });
    await addTwin(c, 'walt-disney');
    const b = await ask(c, { message: 'ideas?' });
    expect(who(b)).toEqual(['elon-musk:active', 'walt-disney:active']);
    expect(b.replies!.map((r) => r.personality)).toEqual(['elon-musk', 'walt-disney']);
    expect(b.metadata.routing[0]!.reason).toMatch(/up to 2/);
    expect(capped.anthropic!.requests.map((r) => r.systemText.includes('Steve Jobs'))).toEqual([false, false]);
  });

  it('observers are silent; on-demand twins answer only when addressed; then the default assistant', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    await addTwin(c, 'jane-austen', { mode: 'observer' });
    await addTwin(c, 'mark-twain', { mode: 'on-demand' });
    let b = await ask(c, { message: 'anyone there?' });
    expect(who(b)).toEqual(['assistant:default']);
    expect(b.metadata.routing[0]!.reason).toMatch(/1 observing/);
    expect(b.personality).toBe('assistant');
    expect(app.anthropic!.lastRequest()!.systemText).toContain('Twinbridge Assistant');

    b = await ask(c, { message: 'Mark Twain, tell me a story' });
    expect(who(b)).toEqual(['mark-twain:addressed']);
    expect(b.reply).toBe('as Mark Twain');
  });

  it('a PATCHed mode takes effect on the next message', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const id = await addTwin(c, 'seneca');
    expect(who(await ask(c, { message: 'one' }))).toEqual(['seneca:active']);
    await patchTwin(c, id, { participation_mode: 'observer' });
    expect(who(await ask(c, { message: 'two' }))).toEqual(['assistant:default']);
    await patchTwin(c, id, { participation_mode: 'on-demand' });
    expect(who(await ask(c, { message: 'three' }))).toEqual(['assistant:default']);
    expect(who(await ask(c, { message: '@seneca four' }))).toEqual(['seneca:addressed']);
  });

  it('a per-channel override applies in that channel only', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const sj = await addTwin(c, 'steve-jobs');
    const wb = await addTwin(c, 'warren-buffett', { mode: 'on-demand' });
    const quiet = randomUUID();
    const loud = randomUUID();
    const first = await ask(c, { message: 'hello', channelId: quiet });
    expect(who(first)).toEqual(['steve-jobs:active']);
    const channel = (await channelOf(app, first.streamId)).id;
    const owner = { customerId: c.userId, userId: c.userId };
    await app.core.workspace.setChannelMode(owner, channel, sj, 'observer');
    await app.core.workspace.setChannelMode(owner, channel, wb, 'active');

    const b = await ask(c, { message: 'hello again', channelId: quiet });
    expect(who(b)).toEqual(['warren-buffett:active']);
    expect(b.metadata.routing[0]!.reason).toMatch(/in this channel/);
    expect(who(await ask(c, { message: '@steve-jobs?', channelId: quiet }))).toEqual(['warren-buffett:active']);
    // Elsewhere the workspace modes hold.
    expect(who(await ask(c, { message: 'hello', channelId: loud }))).toEqual(['steve-jobs:active']);
    // Clearing the override restores them here too.
    await app.core.workspace.setChannelMode(owner, channel, sj, null);
    await app.core.workspace.setChannelMode(owner, channel, wb, null);
    expect(who(await ask(c, { message: 'back?', channelId: quiet }))).toEqual(['steve-jobs:active']);
  });

  it('the default assistant answers an empty workspace; DEFAULT_PERSONALITY can name a catalog twin', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const b = await ask(c, { message: 'hello?' });
    expect(b.metadata.routing).toEqual([{ twinId: null, slug: 'assistant', name: 'Twinbridge Assistant', rule: 'default', reason: 'no twins in this workspace; default assistant' }]);
    expect(b.reply).toBe('as Twinbridge Assistant');

    const d = await client(capped, `u-${randomUUID()}`);
    const s = await ask(d, { message: 'hello?' });
    expect(s.personality).toBe('seneca');
    expect(who(s)).toEqual(['seneca:default']);
    expect(capped.anthropic!.lastRequest()!.systemText).toContain('Seneca');
  });

  it('streams carry the routing in done.metadata.routing, and each event names its twin', async () => {
    const c = await client(app, `u-${randomUUID()}`);
    const id = await addTwin(c, 'grace-hopper');
    const events = await stream(c, { message: 'debug this' });
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data.personality).toBe('grace-hopper');
    expect(done.data.metadata.routing).toEqual([{ twinId: id, slug: 'grace-hopper', name: 'Grace Hopper', rule: 'active', reason: expect.stringMatching(/^active/) }]);
    for (const e of events.filter((x) => x.event === 'text_delta')) expect(e.data).toMatchObject({ personality: 'grace-hopper', twinId: id });
  });

  it('a workspaceId equal to the customer id routes by the customer\'s shared workspace', async () => {
    const customer = randomUUID();
    const c = await client(app, `u-${randomUUID()}`, customer);
    const twin = (await app.core.store.twins.resolve('donald-knuth'))!;
    await app.core.workspace.add({ customerId: customer, userId: customer }, { twinId: twin.id });
    expect(who(await ask(c, { message: 'hi' }))).toEqual(['assistant:default']);
    expect(who(await ask(c, { message: 'hi', workspaceId: customer }))).toEqual(['donald-knuth:active']);
  });
});
