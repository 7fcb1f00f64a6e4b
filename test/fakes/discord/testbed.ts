/**
 * Everything a Discord end-to-end test needs: the real app (store, Redis queue, engine worker,
 * fake Anthropic), the fake Discord, and the adapter connected to it with the real discord.js
 * client, commands registered in the test guild.
 */
import { PermissionFlagsBits } from 'discord.js';
import type { FakeTurn, RecordedRequest } from '../anthropic/server.js';
import { wordChunks } from '../anthropic/server.js';
import { startTestApp, type TestApp, type TestAppOptions } from '../../support/harness.js';
import { createDiscordAdapter, registerCommands, type DiscordAdapterOptions } from '../../../adapters/discord/index.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type FakeGuildInfo, type FakeMessage, type FakeUser, type GuildSpec } from './index.js';

export interface DiscordTestbed {
  app: TestApp;
  fake: FakeDiscord;
  guild: FakeGuildInfo;
  /** The guild's first channel. */
  channel: string;
  /** Holds Manage Server. */
  admin: FakeUser;
  /** No special permissions. */
  member: FakeUser;
  /** Messages the adapter posted in a channel (bot or its webhooks), oldest first; not interaction replies. */
  replies(channelId?: string): FakeMessage[];
  close(): Promise<void>;
}

export interface TestbedOptions {
  adapter?: Partial<DiscordAdapterOptions>;
  app?: TestAppOptions;
  fake?: FakeDiscordOptions;
  guild?: GuildSpec;
}

export const MANAGE_GUILD = PermissionFlagsBits.ManageGuild;

export async function startDiscordTestbed(opts: TestbedOptions = {}): Promise<DiscordTestbed> {
  const app = await startTestApp(opts.app);
  const fake = await startFakeDiscord(opts.fake);
  const guild = fake.addGuild({ name: 'Testbed', channels: ['general', 'second', 'third'], ...opts.guild });
  await registerCommands({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, guildId: guild.id });
  const adapter = createDiscordAdapter(
    { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, ...opts.adapter },
    { ...app.deps, logger: app.deps.logger },
  );
  await adapter.start();
  const channel = Object.values(guild.channels)[0]!;
  return {
    app,
    fake,
    guild,
    channel,
    admin: fake.user('admin'),
    member: fake.user('member'),
    replies: (channelId = channel) =>
      fake.messages(channelId).filter(
        (m) => m.interactionId === null && (m.author.id === fake.bot.id || (m.webhookId !== null && fake.state.webhooks.has(m.webhookId))),
      ),
    async close() {
      await adapter.stop();
      await fake.close();
      await app.close();
    },
  };
}

/** A model responder that answers as whichever named twin the system prompt is for. */
export function answerAs(replies: Record<string, string | FakeTurn>, fallback = 'I am the assistant.'): (req: RecordedRequest) => FakeTurn {
  return (req) => {
    const name = Object.keys(replies).find((n) => req.systemText.includes(n));
    const reply = name ? replies[name]! : fallback;
    return typeof reply === 'string' ? { text: wordChunks(reply) } : reply;
  };
}
