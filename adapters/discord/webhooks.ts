/**
 * One Twinbridge webhook per channel, found or created once and cached, so each twin can speak
 * under its own name and avatar. Without Manage Webhooks (or where webhooks can't exist: DMs,
 * threads) the answer is null and replies fall back to the bot's own messages.
 */
import { ChannelType, PermissionFlagsBits, type Client, type TextBasedChannel, type Webhook } from 'discord.js';
import type { Logger } from 'pino';

const WEBHOOK_NAME = 'Twinbridge';
/** Without a webhook (no permission, API error), look again later rather than on every message. */
const RETRY_AFTER_FAILURE_MS = 60_000;

export interface WebhookCache {
  forChannel(channel: TextBasedChannel): Promise<Webhook | null>;
  /** Which channel a webhook posts to (to attribute its rate-limit headers). */
  channelOf(webhookId: string): string | undefined;
  forget(channelId: string): void;
}

export function createWebhookCache(client: Client, logger: Logger): WebhookCache {
  const cache = new Map<string, { hook: Promise<Webhook | null>; at: number; failed: boolean }>();
  const channels = new Map<string, string>();

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

  return {
    forChannel(channel) {
      const cached = cache.get(channel.id);
      if (cached && !(cached.failed && Date.now() - cached.at > RETRY_AFTER_FAILURE_MS)) return cached.hook;
      const entry = { hook: resolve(channel), at: Date.now(), failed: false };
      cache.set(channel.id, entry);
      void entry.hook.then((hook) => {
        entry.failed = hook === null;
      });
      return entry.hook;
    },
    channelOf: (id) => channels.get(id),
    forget(channelId) {
      cache.delete(channelId);
    },
  };
}
