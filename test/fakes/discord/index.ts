/**
 * A loopback Discord (REST + gateway) on 127.0.0.1 for tests and benches. The real discord.js
 * client connects to it with nothing but `rest.api = fake.apiUrl`: the gateway address comes from
 * the fake's `GET /gateway/bot`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermissionFlagsBits } from 'discord.js';
import { createGateway } from './gateway.js';
import { buttonPayload, commandPayload, modalSubmitPayload, type AutocompleteInput, type ButtonInput, type CommandInput, type ModalSubmitInput } from './interaction-payloads.js';
import { dispatchInteraction, type InteractionHandle } from './interactions.js';
import { createMessage } from './messages.js';
import { channelMessages, createState, snowflake, waitForState, type FakeGuild, type FakeMessage, type FakeState, type FakeUser, type FakeWebhook } from './model.js';
import { DEFAULT_EVERYONE_PERMISSIONS, apiUser, partialMember } from './payloads.js';
import { createRateLimiter, type BucketLimit, type BucketName, type Scripted429 } from './ratelimit.js';
import { createRestHandler } from './rest.js';

export type { FakeMessage, FakeUser, FakeWebhook, InteractionHandle, Scripted429 };

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  botName?: string;
  heartbeatIntervalMs?: number;
  /** False: the app lacks the privileged Message Content intent (IDENTIFY with it closes 4014). */
  allowMessageContent?: boolean;
  rateLimits?: Partial<Record<BucketName, BucketLimit>>;
  /** The `shards` `GET /gateway/bot` recommends (default 1). */
  shards?: number;
}

export interface GuildSpec {
  id?: string;
  name?: string;
  channels?: (string | { name: string; id?: string; thread?: boolean })[];
  /** Permissions of the bot's managed role; defaults to Manage Webhooks on top of @everyone. */
  botPermissions?: bigint;
  everyonePermissions?: bigint;
  ownerId?: string;
}

export interface FakeGuildInfo {
  id: string;
  /** Channel id by name. */
  channels: Record<string, string>;
}

export interface SendMessageInput {
  channelId: string;
  author: FakeUser;
  content: string;
  /** Prefixes `<@bot>` so the bot is mentioned the way a client would. */
  mentionBot?: boolean;
  attachments?: { filename: string; url: string; contentType?: string; size?: number }[];
  id?: string;
}

export interface FakeStats {
  requests: number;
  rateLimited: number;
  byRoute: Record<string, number>;
  /** Edits per message id (webhook, bot and interaction messages alike). */
  editsPerMessage: Record<string, number>;
}

export interface FakeDiscord {
  apiUrl: string;
  token: string;
  applicationId: string;
  bot: FakeUser;
  state: FakeState;
  user(username: string): FakeUser;
  addGuild(spec?: GuildSpec): FakeGuildInfo;
  openDm(user: FakeUser): string;
  sendMessage(input: SendMessageInput): FakeMessage;
  /** Dispatches the same MESSAGE_CREATE again, as a gateway replay would. */
  redeliver(messageId: string): void;
  runCommand(input: CommandInput): Promise<InteractionHandle>;
  autocomplete(input: AutocompleteInput): Promise<{ name: string; value: string | number }[]>;
  clickButton(input: ButtonInput): Promise<InteractionHandle>;
  /** Submits the modal a MODAL callback showed, with the values the user typed. */
  submitModal(input: ModalSubmitInput): Promise<InteractionHandle>;
  messages(channelId: string, opts?: { includeDeleted?: boolean }): FakeMessage[];
  webhooks(channelId: string): FakeWebhook[];
  /**
   * Someone deletes a webhook in the server settings: from now on it answers 10015 Unknown
   * Webhook (its messages stay, as on Discord).
   */
  deleteWebhook(webhookId: string): void;
  /** Changes the bot's permissions in a guild (a server admin editing its role). */
  setBotPermissions(guildId: string, permissions: bigint): void;
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  script429(rule: Scripted429): void;
  stats(): FakeStats;
  dropConnections(): void;
  gatewayCounts(): { identifies: number; resumes: number };
  /** The [shard_id, num_shards] of every IDENTIFY so far, in order. */
  identifiedShards(): [number, number][];
  close(): Promise<void>;
}

/** discord.js caches the member objects embedded in messages, so they must carry real roles. */
function rolesOf(guild: FakeGuild, botId: string, userId: string): string[] {
  return userId === botId ? [guild.botRoleId] : [];
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const bot: FakeUser = { id: snowflake(), username: opts.botName ?? 'Twinbridge', bot: true };
  const state = createState({ bot, applicationId: opts.applicationId ?? snowflake(), token: opts.token ?? 'fake-bot-token' });
  const limiter = createRateLimiter(opts.rateLimits);
  const server = createServer();
  let port = 0;
  const wsUrl = (): string => `ws://127.0.0.1:${port}`;
  const gateway = createGateway(state, server, {
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
    wsUrl,
    allowMessageContent: opts.allowMessageContent ?? true,
  });
  server.on('request', createRestHandler({ state, gateway, limiter, wsUrl, recommendedShards: opts.shards ?? 1 }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const owner: FakeUser = { id: snowflake(), username: 'guild-owner' };

  const fake: FakeDiscord = {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token: state.token,
    applicationId: state.applicationId,
    bot,
    state,
    user(username) {
      const user: FakeUser = { id: snowflake(), username, globalName: username };
      state.users.set(user.id, user);
      return user;
    },
    addGuild(spec = {}) {
      const guild: FakeGuild = {
        id: spec.id ?? snowflake(),
        name: spec.name ?? 'Test Server',
        ownerId: spec.ownerId ?? owner.id,
        everyonePermissions: spec.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
        botPermissions: spec.botPermissions ?? PermissionFlagsBits.ManageWebhooks,
        botRoleId: snowflake(),
        channelIds: [],
        members: new Map([[bot.id, bot], [owner.id, owner]]),
      };
      const channels: Record<string, string> = {};
      for (const c of spec.channels ?? ['general']) {
        const ch = typeof c === 'string' ? { name: c } : c;
        const id = ch.id ?? snowflake();
        const parentId = ch.thread ? guild.channelIds[0] ?? null : null;
        state.channels.set(id, { id, type: ch.thread ? 11 : 0, name: ch.name, guildId: guild.id, parentId, recipient: null });
        guild.channelIds.push(id);
        channels[ch.name] = id;
      }
      state.guilds.set(guild.id, guild);
      gateway.announceGuild(guild.id);
      state.changed();
      return { id: guild.id, channels };
    },
    openDm(user) {
      const existing = [...state.channels.values()].find((c) => c.type === 1 && c.recipient?.id === user.id);
      if (existing) return existing.id;
      const id = snowflake();
      state.channels.set(id, { id, type: 1, name: null, guildId: null, parentId: null, recipient: user });
      return id;
    },
    sendMessage(input) {
      const channel = state.channels.get(input.channelId);
      if (!channel) throw new Error(`fake discord: unknown channel ${input.channelId}`);
      state.users.set(input.author.id, input.author);
      const content = input.mentionBot ? `<@${bot.id}> ${input.content}` : input.content;
      const mentioned = [...content.matchAll(/<@!?(\d+)>/g)]
        .map((m) => state.users.get(m[1]!))
        .filter((u): u is FakeUser => u !== undefined);
      const guild = channel.guildId ? state.guilds.get(channel.guildId) : undefined;
      if (guild && !guild.members.has(input.author.id)) guild.members.set(input.author.id, input.author);
      const extra: Record<string, unknown> = {
        mentions: mentioned.map((u) => ({ ...apiUser(u), ...(guild ? { member: partialMember(rolesOf(guild, bot.id, u.id)) } : {}) })),
        attachments: (input.attachments ?? []).map((a) => ({
          id: snowflake(), filename: a.filename, size: a.size ?? 1, url: a.url, proxy_url: a.url,
          ...(a.contentType ? { content_type: a.contentType } : {}),
        })),
        nonce: snowflake(),
        ...(guild ? { member: partialMember(rolesOf(guild, bot.id, input.author.id)) } : {}),
      };
      return createMessage(state, gateway, {
        channelId: channel.id, author: apiUser(input.author), body: { content }, extra, ...(input.id ? { id: input.id } : {}),
      });
    },
    redeliver(messageId) {
      const message = state.messages.get(messageId);
      if (!message) throw new Error(`fake discord: unknown message ${messageId}`);
      gateway.dispatch('MESSAGE_CREATE', message.payload);
    },
    runCommand: (input) => dispatchInteraction(state, gateway, commandPayload(state, input)),
    async autocomplete(input) {
      const handle = await dispatchInteraction(state, gateway, commandPayload(state, input));
      if (handle.callback.type !== 8) throw new Error(`fake discord: autocomplete answered with type ${handle.callback.type}`);
      return (handle.callback.data?.choices ?? []) as { name: string; value: string | number }[];
    },
    clickButton(input) {
      const message = state.messages.get(input.messageId);
      if (!message) throw new Error(`fake discord: unknown message ${input.messageId}`);
      return dispatchInteraction(state, gateway, buttonPayload(state, input, message), message.id);
    },
    submitModal: (input) => dispatchInteraction(state, gateway, modalSubmitPayload(state, input)),
    messages: (channelId, o = {}) => channelMessages(state, channelId, o.includeDeleted ?? false),
    webhooks: (channelId) => [...state.webhooks.values()].filter((w) => w.channelId === channelId),
    deleteWebhook(webhookId) {
      state.webhooks.delete(webhookId);
      state.changed();
    },
    setBotPermissions(guildId, permissions) {
      const guild = state.guilds.get(guildId);
      if (!guild) throw new Error(`fake discord: unknown guild ${guildId}`);
      guild.botPermissions = permissions;
    },
    waitFor: (check, timeoutMs) => waitForState(state, check, timeoutMs),
    script429: (rule) => limiter.script(rule),
    stats() {
      const byRoute: Record<string, number> = {};
      for (const r of state.requests) byRoute[r.route] = (byRoute[r.route] ?? 0) + 1;
      const editsPerMessage: Record<string, number> = {};
      for (const m of state.messages.values()) editsPerMessage[m.id] = m.edits;
      return { requests: state.requests.length, rateLimited: state.rateLimited, byRoute, editsPerMessage };
    },
    dropConnections: () => gateway.dropConnections(),
    gatewayCounts: () => ({ identifies: gateway.identifies(), resumes: gateway.resumes() }),
    identifiedShards: () => gateway.shards(),
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
