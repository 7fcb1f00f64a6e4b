/**
 * Wire payloads shaped like Discord's (API v10), type-checked against discord-api-types (as
 * re-exported by discord.js) so a drift in the real format shows up as a compile error here.
 */
import {
  ChannelType,
  MessageType,
  PermissionFlagsBits,
  type APIDMChannel,
  type APIGuildTextChannel,
  type APIThreadChannel,
  type APIChannel,
  type APIGuildMember,
  type APIRole,
  type APIUser,
  type GatewayGuildCreateDispatchData,
} from 'discord.js';
import type { FakeChannel, FakeGuild, FakeMessage, FakeUser } from './model.js';

export const DEFAULT_EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions;

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);

/** discord-api-types models flags as enums; an empty bitfield is 0 of any of them. */
const NO_FLAGS = 0 as never;

const iso = (ms: number): string => new Date(ms).toISOString();

export function apiUser(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName ?? null,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
    public_flags: NO_FLAGS,
    flags: NO_FLAGS,
  };
}

/** The member object without `user`, as embedded in MESSAGE_CREATE and mentions. */
export function partialMember(roles: string[]): Omit<APIGuildMember, 'user'> {
  const { user: _user, ...rest } = apiMember({ id: '0', username: '' }, roles);
  return rest;
}

export function apiMember(user: FakeUser, roles: string[]): APIGuildMember {
  return {
    user: apiUser(user),
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: iso(Date.now() - 86_400_000),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: NO_FLAGS,
    pending: false,
  } satisfies APIGuildMember;
}

function role(id: string, name: string, permissions: bigint, position: number, managed: boolean): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position,
    permissions: permissions.toString(),
    managed,
    mentionable: false,
    flags: NO_FLAGS,
  };
}

export function apiChannel(channel: FakeChannel): APIChannel {
  if (channel.type === 1) {
    return {
      id: channel.id,
      type: ChannelType.DM,
      name: null,
      last_message_id: null,
      recipients: channel.recipient ? [apiUser(channel.recipient)] : [],
      flags: NO_FLAGS,
    } satisfies APIDMChannel;
  }
  const common = {
    id: channel.id,
    ...(channel.guildId ? { guild_id: channel.guildId } : {}),
    name: channel.name ?? 'channel',
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: null,
    flags: NO_FLAGS,
  };
  if (channel.type === 11) {
    return {
      ...common,
      type: ChannelType.PublicThread,
      parent_id: channel.parentId ?? '0',
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: iso(Date.now()), locked: false },
    } satisfies APIThreadChannel;
  }
  return { ...common, type: ChannelType.GuildText, parent_id: null, topic: null } satisfies APIGuildTextChannel<ChannelType.GuildText>;
}

export function guildCreatePayload(guild: FakeGuild, channels: FakeChannel[], bot: FakeUser): GatewayGuildCreateDispatchData {
  const members = [...guild.members.values()].map((u) => apiMember(u, u.id === bot.id ? [guild.botRoleId] : []));
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    region: 'us-west',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: NO_FLAGS,
    default_message_notifications: NO_FLAGS,
    explicit_content_filter: NO_FLAGS,
    roles: [
      role(guild.id, '@everyone', guild.everyonePermissions, 0, false),
      role(guild.botRoleId, bot.username, guild.botPermissions, 1, true),
    ],
    emojis: [],
    features: [],
    mfa_level: NO_FLAGS,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: NO_FLAGS,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: NO_FLAGS,
    preferred_locale: 'en-US' as GatewayGuildCreateDispatchData['preferred_locale'],
    public_updates_channel_id: null,
    nsfw_level: NO_FLAGS,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: iso(Date.now() - 3_600_000),
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members,
    channels: channels.filter((c) => c.type === 0).map((c) => ({ ...apiChannel(c), guild_id: undefined }) as never),
    threads: channels.filter((c) => c.type === 11).map((c) => apiChannel(c) as never),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } satisfies GatewayGuildCreateDispatchData;
}

/** The MESSAGE_CREATE / REST body of a message, as Discord serializes it. */
export function messagePayload(message: FakeMessage, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: message.id,
    channel_id: message.channelId,
    channel_type: message.channelType,
    ...(message.guildId ? { guild_id: message.guildId } : {}),
    author: message.author,
    content: message.content,
    timestamp: iso(message.createdAt),
    edited_timestamp: message.editedAt === null ? null : iso(message.editedAt),
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    type: message.replyTo ? MessageType.Reply : MessageType.Default,
    flags: message.flags,
    ...(message.webhookId ? { webhook_id: message.webhookId } : {}),
    ...(message.replyTo
      ? { message_reference: { type: 0, channel_id: message.channelId, message_id: message.replyTo } }
      : {}),
    ...extra,
  };
}

/** Folds role permissions the way Discord computes a member's base permissions. */
export function memberPermissions(guild: FakeGuild, userId: string, extra: bigint): bigint {
  if (userId === guild.ownerId) return ALL_PERMISSIONS;
  let perms = guild.everyonePermissions | extra;
  if (perms & PermissionFlagsBits.Administrator) perms = ALL_PERMISSIONS;
  return perms;
}
