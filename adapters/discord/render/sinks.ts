/**
 * Where a Discord reply's messages go, as render-core sinks: a channel webhook speaking as the
 * twin, the bot itself (with the twin's name in bold), or an interaction's reply. No twin text
 * may ping anyone, so every write carries empty allowed mentions. 429s never reach the writer:
 * discord.js's REST queue waits them out before a request resolves.
 */
import type { ChatInputCommandInteraction, SendableChannels, TextBasedChannel, Webhook } from 'discord.js';
import type { TwinRef } from '../../../src/core/messages.js';
import { truncate } from '../../../src/core/text.js';
import type { Failure, ReplySink, ReplyStyle } from '../../../src/render/index.js';
import type { WebhookCache } from './webhooks.js';

const NO_PINGS = { parse: [] as never[], repliedUser: false };

export interface SinkLimits {
  maxChars: number;
  editIntervalMs: number;
}

/** Discord refuses webhook names over 80 characters or containing these words. */
export function webhookNameAllowed(name: string): boolean {
  return name.trim().length > 0 && name.length <= 80 && !/discord|clyde/i.test(name);
}

export function twinHeader(twin: TwinRef | null): string {
  return twin ? `**${twin.name.replace(/\*/g, '')}**\n` : '';
}

export function discordStyle(header: string): ReplyStyle {
  return {
    header,
    placeholder: (status) => `-# ${truncate(status ?? 'thinking…', 90)}`,
    statusLine: (status) => `-# ${truncate(status, 90)}`,
    empty: '*(no reply)*',
    failure: (message) => `⚠️ ${truncate(message, 1000)}`,
  };
}

const UNKNOWN_WEBHOOK = 10015;
const UNKNOWN_MESSAGE = 10008;
const REFUSED = new Set([50001, 50013, 50035, 10003]);

/** DiscordAPIError / HTTPError (from @discordjs/rest) → what the writer does next. */
export function classifyDiscord(err: unknown): Failure {
  const e = (err ?? {}) as { code?: unknown; status?: unknown };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (code === UNKNOWN_WEBHOOK) return { kind: 'lost', code };
  if (code === UNKNOWN_MESSAGE) return { kind: 'gone', code };
  if (code === 50006) return { kind: 'fatal', code };
  if (code === 50035) return { kind: 'too_long', code };
  if ((code !== undefined && REFUSED.has(code)) || status === 401 || status === 403) return { kind: 'fatal', code: code ?? status };
  if (status === 404) return { kind: 'lost', code: status };
  if (status === 429) return { kind: 'ratelimited', code: status, retryAfterMs: 1000 };
  return { kind: 'retry', code: code ?? status };
}

interface Base {
  budgetKey: string;
  limits: SinkLimits;
}

/**
 * The twin speaks through the channel's webhook. If the webhook is deleted mid-reply, the cache
 * makes a new one (once per lost webhook) and the reply finishes there; if that is refused, on
 * the bot's own messages.
 */
export function webhookSink(
  hook: Webhook,
  twin: TwinRef,
  base: Base & { channel: TextBasedChannel & SendableChannels; webhooks: WebhookCache; replyTo: string | null },
): ReplySink {
  return {
    budgetKey: base.budgetKey,
    limits: base.limits,
    style: discordStyle(''),
    async post(content) {
      const message = await hook.send({
        content,
        username: twin.name,
        ...(isHttpUrl(twin.avatarUrl) ? { avatarURL: twin.avatarUrl } : {}),
        allowedMentions: NO_PINGS,
      });
      return message.id;
    },
    async edit(id, content) {
      await hook.editMessage(id, { content, allowedMentions: NO_PINGS });
    },
    async remove(id) {
      await hook.deleteMessage(id);
    },
    classify: classifyDiscord,
    async replace() {
      const fresh = await base.webhooks.recreate(base.channel, hook.id);
      if (fresh && fresh.id !== hook.id) return webhookSink(fresh, twin, base);
      return botSink(base.channel, twin, base.replyTo, base);
    },
  };
}

function isHttpUrl(url: string | null | undefined): url is string {
  return typeof url === 'string' && /^https?:\/\//.test(url);
}

/** The bot speaks for the twin; the first message replies to the user's message. */
export function botSink(channel: SendableChannels, twin: TwinRef | null, replyTo: string | null, base: Base): ReplySink {
  return {
    budgetKey: base.budgetKey,
    limits: base.limits,
    style: discordStyle(twinHeader(twin)),
    async post(content, index) {
      const message = await channel.send({
        content,
        allowedMentions: NO_PINGS,
        ...(index === 0 && replyTo ? { reply: { messageReference: replyTo, failIfNotExists: false } } : {}),
      });
      return message.id;
    },
    async edit(id, content) {
      await channel.messages.edit(id, { content, allowedMentions: NO_PINGS });
    },
    async remove(id) {
      await channel.messages.delete(id);
    },
    classify: classifyDiscord,
  };
}

/**
 * The deferred interaction reply is the first message (its "thinking…" placeholder turns into
 * text); overflow goes to follow-ups through the same token.
 */
export function interactionSink(interaction: ChatInputCommandInteraction, twin: TwinRef | null, base: Base): ReplySink {
  let originalId: string | null = null;
  return {
    budgetKey: base.budgetKey,
    limits: base.limits,
    style: discordStyle(twinHeader(twin)),
    async post(content, index) {
      if (index === 0 && originalId === null) {
        const message = await interaction.editReply({ content, allowedMentions: NO_PINGS });
        originalId = message.id;
        return message.id;
      }
      const message = await interaction.followUp({ content, allowedMentions: NO_PINGS });
      return message.id;
    },
    async edit(id, content) {
      await interaction.editReply({ message: id === originalId ? '@original' : id, content, allowedMentions: NO_PINGS });
    },
    async remove(id) {
      await interaction.deleteReply(id === originalId ? '@original' : id);
    },
    classify: classifyDiscord,
  };
}
