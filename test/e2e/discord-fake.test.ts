/**
 * The fake Discord itself, driven by the real discord.js client: if these pass, adapter tests
 * exercise the same wire paths as production.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ButtonStyle, ChannelType, Client, ComponentType, Events, GatewayIntentBits, Partials, PermissionFlagsBits, type Interaction, type TextChannel } from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.js';

let fake: FakeDiscord;
let client: Client;
let general: string;

beforeAll(async () => {
  fake = await startFakeDiscord();
  general = fake.addGuild({ name: 'Smoke', channels: ['general', 'random'] }).channels.general!;
  client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent],
    partials: [Partials.Channel],
    rest: { api: fake.apiUrl },
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
});

afterAll(async () => {
  await client.destroy();
  await fake.close();
});

describe('fake discord with the real discord.js client', () => {
  it('gets READY and GUILD_CREATE with resolvable permissions', () => {
    expect(client.user?.id).toBe(fake.bot.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const channel = client.channels.cache.get(general) as TextChannel;
    expect(channel.type).toBe(ChannelType.GuildText);
    const me = channel.guild.members.me!;
    expect(channel.permissionsFor(me).has(PermissionFlagsBits.ManageWebhooks)).toBe(true);
    expect(channel.permissionsFor(me).has(PermissionFlagsBits.ManageGuild)).toBe(false);
  });

  it('dispatches MESSAGE_CREATE, stores bot messages and their edits', async () => {
    const alice = fake.user('alice');
    const got = new Promise<string>((resolve) => {
      const on = (m: { author: { id: string }; content: string; mentions: { users: Map<string, unknown> } }): void => {
        if (m.author.id !== alice.id) return;
        client.off(Events.MessageCreate, on as never);
        resolve(`${m.content}|${m.mentions.users.has(fake.bot.id)}`);
      };
      client.on(Events.MessageCreate, on as never);
    });
    fake.sendMessage({ channelId: general, author: alice, content: 'hello', mentionBot: true });
    expect(await got).toBe(`<@${fake.bot.id}> hello|true`);

    const channel = client.channels.cache.get(general) as TextChannel;
    const sent = await channel.send('first');
    await sent.edit('second');
    await channel.sendTyping();
    const stored = fake.messages(general).find((m) => m.id === sent.id)!;
    expect(stored.history).toEqual(['first', 'second']);
    expect(stored.author.bot).toBe(true);
    await expect(channel.send({ content: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 50035 });
  });

  it('executes channel webhooks under a per-message name', async () => {
    const channel = client.channels.cache.get(general) as TextChannel;
    const hook = await channel.createWebhook({ name: 'Twinbridge' });
    const msg = await hook.send({ content: 'as a twin', username: 'Ada Lovelace', avatarURL: 'https://example.com/a.png' });
    await hook.editMessage(msg.id, { content: 'as a twin, edited' });
    const stored = fake.messages(general).find((m) => m.id === msg.id)!;
    expect(stored.author.username).toBe('Ada Lovelace');
    expect(stored.avatarUrl).toBe('https://example.com/a.png');
    expect(stored.history).toEqual(['as a twin', 'as a twin, edited']);
    expect((await channel.fetchWebhooks()).map((w) => w.id)).toContain(hook.id);
  });

  it('runs slash commands, autocomplete and buttons through interaction callbacks', async () => {
    const bob = fake.user('bob');
    const handler = async (i: Interaction): Promise<void> => {
      if (i.isAutocomplete()) await i.respond([{ name: `you typed ${String(i.options.getFocused())}`, value: 'v' }]);
      else if (i.isChatInputCommand()) {
        await i.deferReply();
        await i.editReply({
          content: `sub=${i.options.getSubcommand()} twin=${i.options.getString('twin')}`,
          components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Next', customId: 'next' }] }],
        });
        await i.followUp({ content: 'secret', flags: 64 });
      } else if (i.isButton()) await i.update({ content: `clicked ${i.customId}`, components: [] });
    };
    client.on(Events.InteractionCreate, handler);
    try {
      const choices = await fake.autocomplete({ channelId: general, user: bob, name: 'twin', subcommand: 'add', options: { twin: 'ste' }, focused: 'twin' });
      expect(choices).toEqual([{ name: 'you typed ste', value: 'v' }]);

      const cmd = await fake.runCommand({ channelId: general, user: bob, name: 'twin', subcommand: 'add', options: { twin: 'ada' } });
      expect(cmd.callback.type).toBe(5);
      const original = await cmd.waitForOriginal((m) => m.content.startsWith('sub='));
      expect(original.content).toBe('sub=add twin=ada');
      await cmd.waitFor(() => cmd.followups().length === 1);
      expect(cmd.followups()[0]!.flags & 64).toBe(64);

      const click = await fake.clickButton({ channelId: general, user: bob, messageId: original.id, customId: 'next' });
      expect(click.callback.type).toBe(7);
      expect(fake.state.messages.get(original.id)!.content).toBe('clicked next');
    } finally {
      client.off(Events.InteractionCreate, handler);
    }
  });

  it('sends rate-limit headers that discord.js honours, and scripted 429s it retries', async () => {
    const channel = client.channels.cache.get(fake.addGuild({ channels: ['limits'] }).channels.limits!) as TextChannel | undefined
      ?? (await fake.waitFor(() => client.channels.cache.find((c) => 'name' in c && c.name === 'limits'))) as TextChannel;
    const msg = await channel.send('v0');
    const before = fake.stats().rateLimited;
    for (let i = 1; i <= 6; i++) await msg.edit(`v${i}`);
    expect(fake.stats().rateLimited).toBe(before);
    fake.script429({ method: 'PATCH', path: /\/messages\//, retryAfterMs: 200 });
    await msg.edit('after 429');
    expect(fake.stats().rateLimited).toBe(before + 1);
    expect(fake.state.messages.get(msg.id)!.content).toBe('after 429');
  }, 20_000);

  it('lets discord.js resume after the connection drops', async () => {
    const resumed = new Promise<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
    fake.dropConnections();
    await resumed;
    expect(fake.gatewayCounts().resumes).toBe(1);
  }, 10_000);
});
