/**
 * Discord slash commands end to end: the real discord.js client against the fake Discord, the
 * real workspace service, store and Redis event bus behind it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceEvent } from '../../src/core/ports.js';
import { guildOwner, userOwner } from '../../adapters/discord/identity.js';
import { MANAGE_GUILD, startDiscordTestbed, type DiscordTestbed } from '../fakes/discord/testbed.js';
import type { InteractionHandle } from '../fakes/discord/index.js';

let tb: DiscordTestbed;
const events: WorkspaceEvent[] = [];
let unsubscribe: () => Promise<void>;

beforeAll(async () => {
  tb = await startDiscordTestbed();
  unsubscribe = await tb.app.core.events.subscribe((e) => events.push(e));
}, 30_000);

afterAll(async () => {
  await unsubscribe?.();
  await tb?.close();
});

const contentOf = (h: InteractionHandle): string => String(h.callback.data?.content ?? '');
const owner = () => guildOwner(tb.guild.id);
const slugs = async () => (await tb.app.deps.workspace.list(owner())).map((v) => v.twin.slug);

function expectHumanError(h: InteractionHandle, pattern: RegExp): void {
  expect(h.callback.type).toBe(4);
  expect(h.ephemeral).toBe(true);
  expect(contentOf(h)).toMatch(pattern);
  expect(contentOf(h)).not.toMatch(/\n\s+at |Error:|AppError|stack/);
}

async function twin(sub: string, options: Record<string, string | boolean> = {}, as = tb.admin, channelId = tb.channel) {
  return tb.fake.runCommand({ channelId, user: as, permissions: as === tb.admin ? MANAGE_GUILD : 0n, name: 'twin', subcommand: sub, options });
}

describe('/twin', () => {
  it('registers /twin and /ask as guild commands', () => {
    const names = (tb.fake.state.commands.guild.get(tb.guild.id) as { name: string }[]).map((c) => c.name);
    expect(names.sort()).toEqual(['ask', 'twin']);
  });

  it('adds a twin for an admin, emits the live workspace event, and refuses a duplicate', async () => {
    const added = await twin('add', { twin: 'paul-graham', favorite: true });
    expect(added.callback.type).toBe(4);
    expect(added.ephemeral).toBe(false);
    expect(contentOf(added)).toMatch(/Added \*\*Paul Graham\*\*.*active/);
    expect(await slugs()).toContain('paul-graham');
    await tb.fake.waitFor(() => events.find((e) => e.event === 'twin:added' && e.owner.customerId === owner().customerId));

    expectHumanError(await twin('add', { twin: 'paul-graham' }), /already in this workspace/i);
  });

  it('answers unknown and ambiguous twins with an ephemeral sentence', async () => {
    expectHumanError(await twin('add', { twin: 'zzz-nobody-at-all' }), /No twin matches "zzz-nobody-at-all"/);
    expectHumanError(await twin('remove', { twin: 'warren-buffett' }), /not in this workspace/i);
    expectHumanError(await twin('mode', { twin: 'warren-buffett', mode: 'observer' }), /not in this workspace/i);
    expectHumanError(await twin('favorite', { twin: 'warren-buffett' }), /not in this workspace/i);
    expectHumanError(await twin('mode', { twin: 'warren-buffett', mode: 'observer', scope: 'channel' }), /not in this workspace/i);
  });

  it('refuses workspace changes without Manage Server, ephemerally, and changes nothing', async () => {
    const before = await slugs();
    const refused = await twin('add', { twin: 'warren-buffett' }, tb.member);
    expectHumanError(refused, /Manage Server/);
    expect(await slugs()).toEqual(before);
    // Reading stays open to everyone.
    const list = await twin('list', {}, tb.member);
    expect(list.ephemeral).toBe(false);
  });

  it('sets modes for the workspace and for one channel, and favorites', async () => {
    const ws = await twin('mode', { twin: 'paul-graham', mode: 'on-demand' });
    expect(contentOf(ws)).toMatch(/Paul Graham\*\* is now \*on-demand\*/);
    const ch = await twin('mode', { twin: 'paul-graham', mode: 'observer', scope: 'channel' });
    expect(contentOf(ch)).toMatch(/in this channel/);
    const channelId = (await tb.app.deps.channels.ensure({ platform: 'discord', externalId: tb.channel, customerId: owner().customerId, workspaceUserId: owner().userId })).id;
    const routable = (await tb.app.deps.workspace.routable(owner(), channelId)).find((t) => t.slug === 'paul-graham')!;
    expect(routable.mode).toBe('on-demand');
    expect(routable.channelMode).toBe('observer');

    const fav = await twin('favorite', { twin: 'paul-graham', on: false });
    expect(contentOf(fav)).toMatch(/no longer a favorite/);
    expect((await tb.app.deps.workspace.list(owner())).find((v) => v.twin.slug === 'paul-graham')!.isFavorite).toBe(false);
  });

  it('lists the workspace with modes and this channel overrides', async () => {
    const list = await twin('list');
    const embed = (list.callback.data?.embeds as { description: string }[])[0]!;
    expect(embed.description).toMatch(/Paul Graham\*\* `@paul-graham` — \*on-demand\* \(here: \*observer\*\)/);
  });

  it('explains /twin why before anything was answered', async () => {
    const why = await twin('why', {}, tb.member, tb.guild.channels.third!);
    expect(why.ephemeral).toBe(true);
    expect(contentOf(why)).toMatch(/No message in this channel has been answered yet/);
  });

  it('removes a twin', async () => {
    const removed = await twin('remove', { twin: 'Paul Graham' });
    expect(contentOf(removed)).toMatch(/Removed \*\*Paul Graham\*\*/);
    expect(await slugs()).not.toContain('paul-graham');
    await tb.fake.waitFor(() => events.find((e) => e.event === 'twin:removed'));
  });

  it('uses the DM user own workspace, which needs no server permission', async () => {
    const dm = tb.fake.openDm(tb.member);
    const added = await tb.fake.runCommand({ channelId: dm, user: tb.member, name: 'twin', subcommand: 'add', options: { twin: 'warren-buffett' } });
    expect(contentOf(added)).toMatch(/Added \*\*Warren Buffett\*\* to your twins/);
    expect((await tb.app.deps.workspace.list(userOwner(tb.member.id))).map((v) => v.twin.slug)).toEqual(['warren-buffett']);
    expect(await slugs()).not.toContain('warren-buffett');
  });
});

describe('autocomplete', () => {
  it('suggests catalog twins for /twin add, at most 25, matching slug, name and expertise', async () => {
    const all = await tb.fake.autocomplete({ channelId: tb.channel, user: tb.member, name: 'twin', subcommand: 'add', options: { twin: '' }, focused: 'twin' });
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThanOrEqual(25);
    const byName = await tb.fake.autocomplete({ channelId: tb.channel, user: tb.member, name: 'twin', subcommand: 'add', options: { twin: 'warren' }, focused: 'twin' });
    expect(byName[0]).toMatchObject({ value: 'warren-buffett' });
    expect(byName[0]!.name.length).toBeLessThanOrEqual(100);
  });

  it('suggests only workspace twins for remove, and workspace twins first for /ask', async () => {
    await twin('add', { twin: 'charlie-munger' });
    const remove = await tb.fake.autocomplete({ channelId: tb.channel, user: tb.member, name: 'twin', subcommand: 'remove', options: { twin: '' }, focused: 'twin' });
    expect(remove.map((c) => c.value)).toEqual(['charlie-munger']);
    const ask = await tb.fake.autocomplete({ channelId: tb.channel, user: tb.member, name: 'ask', options: { twin: '' }, focused: 'twin' });
    expect(ask[0]!.value).toBe('charlie-munger');
    expect(ask.length).toBeLessThanOrEqual(25);
  });
});

describe('browse', () => {
  it('pages the catalog with buttons and adds from a button', async () => {
    const page = await twin('browse', {}, tb.member);
    expect(page.callback.type).toBe(4);
    const msg = page.original()!;
    expect(msg.embeds[0]!.footer?.text).toMatch(/^Page 1 of \d+/);
    const rows = msg.components as { components: { custom_id: string; label: string; disabled?: boolean }[] }[];
    const next = rows[1]!.components.find((b) => b.label.startsWith('Next'))!;

    const paged = await tb.fake.clickButton({ channelId: tb.channel, user: tb.member, messageId: msg.id, customId: next.custom_id });
    expect(paged.callback.type).toBe(7);
    expect(tb.fake.state.messages.get(msg.id)!.embeds[0]!.footer?.text).toMatch(/^Page 2 of/);

    const addButton = (tb.fake.state.messages.get(msg.id)!.components as typeof rows)[0]!.components[0]!;
    const refused = await tb.fake.clickButton({ channelId: tb.channel, user: tb.member, messageId: msg.id, customId: addButton.custom_id });
    expectHumanError(refused, /Manage Server/);
    const added = await tb.fake.clickButton({ channelId: tb.channel, user: tb.admin, permissions: MANAGE_GUILD, messageId: msg.id, customId: addButton.custom_id });
    expect(contentOf(added)).toMatch(/^Added \*\*/);
  });

  it('filters by category and search', async () => {
    const page = await twin('browse', { category: 'Advisor', search: 'investing' }, tb.member);
    const embed = page.original()!.embeds[0]!;
    expect(embed.title).toMatch(/Advisor/);
    expect(embed.description).toMatch(/Warren Buffett|No twin matches/);
  });
});

describe('with manageCommandsPermission none', () => {
  let open: DiscordTestbed;
  beforeAll(async () => {
    open = await startDiscordTestbed({ adapter: { manageCommandsPermission: 'none' } });
  }, 30_000);
  afterAll(async () => open?.close());

  it('lets any member change the workspace', async () => {
    const added = await open.fake.runCommand({ channelId: open.channel, user: open.member, name: 'twin', subcommand: 'add', options: { twin: 'paul-graham' } });
    expect(contentOf(added)).toMatch(/Added \*\*Paul Graham\*\*/);
  });
});
