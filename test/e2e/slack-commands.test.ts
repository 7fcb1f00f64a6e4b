/**
 * `/twin` end to end: signed slash commands and button clicks into the real Bolt receiver, the
 * same workspace service as HTTP (with its live events), ephemeral Block Kit answers.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WorkspaceEvent } from '../../src/core/ports.js';
import { echoModel, startSlackWorld, type SlackWorld } from '../fakes/slack/world.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let app: TestApp;
let w: SlackWorld;

beforeAll(async () => {
  app = await startTestApp();
  app.anthropic!.setDefault(echoModel());
}, 60_000);
afterAll(async () => {
  await app?.close();
});
beforeEach(async () => {
  w = await startSlackWorld(app);
});
afterEach(async () => {
  await w.close();
});

interface Answer {
  status: number;
  responseType: unknown;
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** Runs `/twin <text>` and returns the ephemeral answer from the acknowledgement. */
async function twin(text: string, opts: { user?: string; channel?: string } = {}): Promise<Answer> {
  const { delivery } = await w.driver.command({ user: opts.user ?? 'U1', channel: opts.channel ?? 'C1', text });
  const body = delivery.json ?? {};
  return {
    status: delivery.status,
    responseType: body.response_type,
    text: JSON.stringify(body.blocks ?? body.text ?? ''),
    blocks: (body.blocks as Array<Record<string, unknown>> | undefined) ?? [],
  };
}
const slugs = async (owner = w.team) => (await app.deps.workspace.list(owner)).map((v) => v.twin.slug).sort();
const buttons = (a: Answer) =>
  a.blocks.flatMap((b) => (b.accessory ? [b.accessory as { action_id: string; value: string }] : []));

describe('/twin', () => {
  it('help, unknown subcommands and usage errors are ephemeral sentences', async () => {
    const help = await twin('help');
    expect(help).toMatchObject({ status: 200, responseType: 'ephemeral' });
    expect(help.text).toContain('/twin browse');
    expect((await twin('')).text).toContain('/twin add');
    expect((await twin('dance')).text).toContain('don\'t know “dance”');
    expect((await twin('add')).text).toContain('Usage');
    expect((await twin('mode grace-hopper loud')).text).toContain('not a mode');
  }, 20_000);

  it('browse lists the catalog with Add buttons, by category or search', async () => {
    const all = await twin('browse');
    expect(all.responseType).toBe('ephemeral');
    expect(buttons(all).length).toBeGreaterThan(3);
    expect(buttons(all).every((b) => b.action_id.startsWith('twin_add:'))).toBe(true);
    const engineers = await twin('browse engineer');
    expect(engineers.text).toContain('Engineer twins');
    expect(engineers.text).toContain('Grace Hopper');
    const search = await twin('browse hopper');
    expect(buttons(search).map((b) => b.action_id)).toEqual(['twin_add:grace-hopper']);
    expect((await twin('browse zzzqqq')).text).toContain('nothing found');
  }, 20_000);

  it('the Add button adds the twin to the workspace, once', async () => {
    const events: WorkspaceEvent[] = [];
    const unsubscribe = await app.core.events.subscribe((e) => events.push(e));
    const [button] = buttons(await twin('browse hopper'));
    const click = await w.driver.blockAction({ user: 'U1', channel: 'C1', actionId: button!.action_id, value: button!.value });
    expect(click.delivery.status).toBe(200);
    const posted = await w.fake.state.waitFor(() => w.fake.state.responses.find((r) => r.id === click.responseId));
    expect(posted.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(posted.body.text)).toContain('Added *Grace Hopper*');
    expect(await slugs()).toEqual(['grace-hopper']);
    await w.fake.state.waitFor(() => events.find((e) => e.event === 'twin:added' && e.owner.customerId === w.team.customerId), 5000);
    await unsubscribe();

    const again = await w.driver.blockAction({ user: 'U2', channel: 'C1', actionId: button!.action_id, value: button!.value });
    const second = await w.fake.state.waitFor(() => w.fake.state.responses.find((r) => r.id === again.responseId));
    expect(String(second.body.text)).toContain('already in this workspace');
    // Once added, browse shows it as added instead of offering the button again.
    expect(buttons(await twin('browse hopper'))).toEqual([]);
  }, 20_000);

  it('add, with mode and favorite, forgiving names, and its errors', async () => {
    expect((await twin('add GRACE hopper on-demand favorite')).text).toContain('Added *Grace Hopper*');
    const row = (await app.deps.workspace.list(w.team))[0]!;
    expect(row).toMatchObject({ participationMode: 'on-demand', isFavorite: true });
    expect((await twin('add grace-hopper')).text).toContain('already in this workspace');
    expect((await twin('add nobody-by-this-name')).text).toContain('No twin matches');
    expect((await twin('add ma')).text).toContain('matches several twins');
    expect(await slugs()).toEqual(['grace-hopper']);
  }, 20_000);

  it('mode for the workspace and per channel, favorite, list and remove', async () => {
    await twin('add grace-hopper');
    expect((await twin('mode grace observer')).text).toContain('now observer');
    expect((await app.deps.workspace.list(w.team))[0]?.participationMode).toBe('observer');
    expect((await twin('mode grace active channel')).text).toContain('now active in <#C1>');
    expect((await twin('list')).text).toContain('observer (active in this channel)');
    expect((await twin('list', { channel: 'C2' })).text).not.toContain('in this channel');
    expect((await twin('mode grace default here')).text).toContain('workspace mode in <#C1> again');
    expect((await twin('mode donald-knuth active')).text).toContain('not in this team’s workspace');

    expect((await twin('favorite grace')).text).toContain('is a favorite now');
    expect((await twin('list')).text).toContain(':star: *Grace Hopper*');
    expect((await twin('favorite grace')).text).toContain('no longer a favorite');

    expect((await twin('remove grace hopper')).text).toContain('Removed *Grace Hopper*');
    expect((await twin('remove grace hopper')).text).toContain('not in this team’s workspace');
    expect((await twin('list')).text).toContain('has no twins yet');
  }, 20_000);

  it('in a DM the commands manage the user’s own workspace', async () => {
    expect((await twin('add ada-lovelace', { user: 'U9', channel: 'D9' })).text).toContain('to your workspace');
    expect(await slugs(w.userWorkspace('U9'))).toEqual(['ada-lovelace']);
    expect(await slugs()).toEqual([]);
    expect((await twin('list', { user: 'U9', channel: 'D9' })).text).toContain('Ada Lovelace');
  }, 20_000);

  it('ask posts the question and the twin answers in its thread; why explains it', async () => {
    expect((await twin('why')).text).toContain('Nothing has been answered');
    const asked = await twin('ask grace hopper what was the first bug?');
    expect(asked.text).toContain('Asked *Grace Hopper*');
    const question = await w.fake.state.waitFor(() => w.fake.state.messages.find((m) => m.channel === 'C1' && m.text.includes('asked *Grace Hopper*')));
    expect(question.text).toContain('<@U1>');
    expect(question.text).toContain('what was the first bug?');
    const reply = await w.fake.state.waitFor(
      () => w.fake.state.thread('C1', question.ts).find((m) => m.username === 'Grace Hopper' && m.text.endsWith('”.')),
      15_000,
    );
    expect(reply.text).toContain('what was the first bug?');
    const why = await twin('why');
    expect(why.text).toContain('Grace Hopper');
    expect(why.text).toContain('explicit');
    expect((await twin('ask nobody-at-all hello')).text).toContain('No twin matches');
  }, 20_000);

  it('ask says so when the app cannot post in the channel', async () => {
    w.fake.workspace.notInChannel.add('C7');
    expect((await twin('ask grace hello', { channel: 'C7' })).text).toContain('Invite me');
  }, 20_000);
});
