/**
 * One Twinbridge webhook per channel, found or created once and cached (bounded, least recently
 * used first out), so each twin can speak under its own name and avatar. Without Manage
 * Webhooks (or where webhooks can't exist: DMs, threads) the answer is null and replies fall
 * back to the bot's own messages. A webhook someone deleted is forgotten and made again once.
 */
import { ChannelType, PermissionFlagsBits, type Client, type TextBasedChannel, type Webhook } from 'discord.js';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Clock } from '../../../src/render/index.js';

const WEBHOOK_NAME = 'Twinbridge';
/** Without a webhook (no permission, API error), look again later rather than on every message. */
const RETRY_AFTER_FAILURE_MS = 60_000;
const MAX_CHANNELS = 5000;

export interface WebhookCache {
  forChannel(channel: TextBasedChannel): Promise<Webhook | null>;
  /** Which channel a webhook posts to (to attribute its rate-limit headers). */
  channelOf(webhookId: string): string | undefined;
  /**
   * The webhook `webhookId` is gone (Unknown Webhook): forget it and make a new one, once per
   * lost webhook however many replies noticed it. Null when no webhook can be made.
   */
  recreate(channel: TextBasedChannel, webhookId: string): Promise<Webhook | null>;
}

interface Entry {
  hook: Promise<Webhook | null>;
  at: number;
  failed: boolean;
}

export function createWebhookCache(client: Client, deps: { logger: Logger; clock: Clock; maxChannels?: number }): WebhookCache {
  const { logger, clock } = deps;
  const max = deps.maxChannels ?? MAX_CHANNELS;
  const cache = new LRUCache<string, Entry>({ max });
  const channels = new LRUCache<string, string>({ max: max * 2 });
  /** Lost webhook id → the recreation under way (or done) for it. */
  const recreations = new LRUCache<string, Promise<Webhook | null>>({ max });

  async function resolve(channel: TextBasedChannel): Promise<Webhook | null> {
    if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) return null;
    const me = channel.guild.members.me;
    if (!me || !channel.permissionsFor(me).has(PermissionFlagsBits.ManageWebhooks)) {
      logger.debug({ channelId: channel.id, member: Boolean(me) }, 'discord: no Manage Webhooks here; twins speak as the bot');
      return null;
    }
    try {
      const hooks = await channel.fetchWebhooks();
      const ours = hooks.find((h) => h.token && (h.owner?.id === client.user?.id || h.applicationId === client.application?.id));
      const hook = ours ?? (await channel.createWebhook({ name: WEBHOOK_NAME, reason: 'Twinbridge twins speak under their own names' }));
      channels.set(hook.id, channel.id);
      return hook;
    } catch (err) {
      logger.warn({ err, channelId: channel.id }, 'discord: webhook unavailable, twins will speak as the bot');
      return null;
    }
  }

  function remember(channelId: string, hook: Promise<Webhook | null>): Promise<Webhook | null> {
    const entry: Entry = { hook, at: clock.now(), failed: false };
    cache.set(channelId, entry);
    void hook.then((h) => {
      entry.failed = h === null;
    });
    return hook;
  }

  return {
    forChannel(channel) {
      const cached = cache.get(channel.id);
      if (cached && !(cached.failed && clock.now() - cached.at > RETRY_AFTER_FAILURE_MS)) return cached.hook;
      return remember(channel.id, resolve(channel));
    },
    channelOf: (id) => channels.get(id),
    recreate(channel, webhookId) {
      const running = recreations.get(webhookId);
      if (running) return running;
      logger.warn({ channelId: channel.id, webhookId }, 'discord: channel webhook was deleted; making a new one');
      channels.delete(webhookId);
      const hook = remember(channel.id, resolve(channel));
      recreations.set(webhookId, hook);
      return hook;
    },
  };
}
