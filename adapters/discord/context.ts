/**
 * Options, dependencies and the shared context every Discord handler receives.
 */
import { PermissionFlagsBits, type Client } from 'discord.js';
import type { Logger } from 'pino';
import { CONFIG_DEFAULTS } from '../../src/config.js';
import type { PlatformAdapterDeps } from '../../src/roles/platform.js';
import type { RoundtableService } from '../../src/roundtable/service.js';
import type { Budget, Clock, FollowerRegistry, RenderDeps } from '../../src/render/index.js';
import type { DiscordMetrics } from './metrics.js';
import type { InvalidRequestGuard } from './render/guard.js';
import type { WebhookCache } from './render/webhooks.js';

export type ManagePermission = keyof typeof PermissionFlagsBits | 'none';

export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** REST base; the gateway address comes from its `GET /gateway/bot`. */
  apiUrl?: string | undefined;
  /** Minimum time between two edits of one message. */
  editIntervalMs?: number | undefined;
  /** Permission needed to change the workspace from Discord; 'none' lets everyone. */
  manageCommandsPermission?: ManagePermission | undefined;
  maxMessageLength?: number | undefined;
  /** Ask for the privileged Message Content intent (falls back without it if Discord refuses). */
  messageContent?: boolean | undefined;
  /** Writes per channel per window shared by all twins (Discord allows about 5 per 5 s). */
  channelBudget?: { limit: number; windowMs: number; reserve?: number } | undefined;
  /** A reply stream with no event for this long is closed with an error line. */
  followTimeoutMs?: number | undefined;
  /**
   * Invalid requests (401/403/429) per 10 minutes past which only essential writes go (Discord
   * bans an app at 10,000).
   */
  invalidRequestLimit?: number | undefined;
  /**
   * Gateway sharding, by discord.js itself: 'auto' runs every shard Discord recommends; a count
   * with ids runs just those shards of that many (several processes split the gateway).
   */
  shards?: 'auto' | { count: number; ids?: number[] | undefined } | undefined;
}

export interface ResolvedOptions {
  shards: DiscordAdapterOptions['shards'];
  token: string;
  applicationId: string;
  apiUrl: string;
  editIntervalMs: number;
  manageCommandsPermission: ManagePermission;
  maxMessageLength: number;
  messageContent: boolean;
  channelBudget: { limit: number; windowMs: number; reserve?: number };
  followTimeoutMs: number;
  invalidRequestLimit: number;
}

export const DEFAULT_API_URL = CONFIG_DEFAULTS.DISCORD_API_URL;

export function resolveOptions(o: DiscordAdapterOptions): ResolvedOptions {
  const permission = o.manageCommandsPermission ?? CONFIG_DEFAULTS.DISCORD_MANAGE_PERMISSION;
  if (permission !== 'none' && !(permission in PermissionFlagsBits)) {
    throw new Error(`discord: unknown permission "${permission}" for manageCommandsPermission`);
  }
  return {
    shards: o.shards,
    token: o.token,
    applicationId: o.applicationId,
    apiUrl: (o.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    editIntervalMs: o.editIntervalMs ?? CONFIG_DEFAULTS.DISCORD_EDIT_INTERVAL_MS,
    manageCommandsPermission: permission,
    maxMessageLength: Math.min(2000, o.maxMessageLength ?? 2000),
    messageContent: o.messageContent ?? true,
    // Two of the five writes per window are kept for first messages and final texts.
    channelBudget: o.channelBudget ?? { limit: 5, windowMs: 5000, reserve: 2 },
    followTimeoutMs: o.followTimeoutMs ?? 10 * 60_000,
    invalidRequestLimit: o.invalidRequestLimit ?? CONFIG_DEFAULTS.DISCORD_INVALID_REQUEST_LIMIT,
  };
}

/** Roundtables are optional: a deployment without them still runs the adapter. */
export type DiscordAdapterDeps = PlatformAdapterDeps & { roundtables?: RoundtableService | undefined };

export interface AdapterContext {
  client: Client;
  options: ResolvedOptions;
  deps: DiscordAdapterDeps;
  logger: Logger;
  metrics: DiscordMetrics;
  budget: Budget;
  clock: Clock;
  webhooks: WebhookCache;
  guard: InvalidRequestGuard;
  jobs: FollowerRegistry;
  renderDeps: RenderDeps;
}
