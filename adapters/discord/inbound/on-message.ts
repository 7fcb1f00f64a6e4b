/**
 * Plain messages: decide whether anyone should answer, turn the message into one queued job
 * (job id = the Discord message id), and render the replies as they stream.
 */
import type { Message, SendableChannels } from 'discord.js';
import type { InboundMessage, TwinRef } from '../../../src/core/messages.js';
import { isAppError } from '../../../src/core/errors.js';
import { wantsAnswer } from '../../../src/routing/index.js';
import type { ReplySink } from '../../../src/render/index.js';
import type { AdapterContext } from '../context.js';
import { authorId, ensureChannel, ownerFor } from '../identity.js';
import { botSink, webhookNameAllowed, webhookSink } from '../render/sinks.js';
import { startRender } from '../render/start.js';
import { createTyping } from '../render/typing.js';

/** Remembers recent ids so a redelivered gateway event is dropped before it reaches the queue. */
export function recentIds(limit: number): { seen(id: string): boolean } {
  const ids = new Set<string>();
  return {
    seen(id) {
      if (ids.has(id)) return true;
      ids.add(id);
      if (ids.size > limit) ids.delete(ids.values().next().value as string);
      return false;
    },
  };
}

export function stripMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

function toInbound(message: Message, channelUuid: string, owner: InboundMessage['owner'], text: string): InboundMessage {
  const attachments = [...message.attachments.values()]
    .filter((a) => /^https?:\/\//.test(a.url))
    .slice(0, 10)
    .map((a) => ({
      id: a.id,
      name: (a.name || 'attachment').slice(0, 300),
      type: a.contentType ?? 'application/octet-stream',
      size: a.size,
      url: a.url,
    }));
  return {
    platform: 'discord',
    messageId: message.id,
    channel: { id: channelUuid, externalId: message.channelId, threadId: null },
    owner,
    author: { id: authorId(message.author.id), name: message.member?.displayName ?? message.author.globalName ?? message.author.username },
    text,
    personality: null,
    attachments,
    images: [],
    context: { discord: { guildId: message.guildId, channelId: message.channelId, messageId: message.id } },
    options: { model: null, messageType: 'chat', webSearch: false, debug: false, maxTwins: null },
    receivedAt: new Date(message.createdTimestamp || Date.now()).toISOString(),
  };
}

export function sinkForMessage(ctx: AdapterContext, channel: SendableChannels, replyTo: string | null) {
  const base = { budgetKey: channel.id, limits: { maxChars: ctx.options.maxMessageLength, editIntervalMs: ctx.options.editIntervalMs } };
  return async (twin: TwinRef | null): Promise<ReplySink> => {
    if (twin && webhookNameAllowed(twin.name)) {
      const hook = await ctx.webhooks.forChannel(channel);
      if (hook) return webhookSink(hook, twin, { ...base, channel, webhooks: ctx.webhooks, replyTo });
    }
    return botSink(channel, twin, replyTo, base);
  };
}

export function createMessageHandler(ctx: AdapterContext): (message: Message) => Promise<void> {
  const recent = recentIds(2000);
  return async (message) => {
    // Bots and webhooks (our twins included) never trigger replies: no twin-to-twin loops.
    if (message.author.bot || message.webhookId || message.system) return;
    const botId = ctx.client.user?.id;
    const channel = message.channel;
    if (!botId || !channel.isSendable()) return;
    const owner = ownerFor(message.guildId, message.author.id);
    const stored = await ensureChannel(ctx.deps.channels, {
      channelId: message.channelId,
      owner,
      name: 'name' in channel ? channel.name : null,
    });
    const text = stripMention(message.content, botId);
    // A running roundtable here takes people's messages: they join it (the next speaker answers)
    // instead of going through the channel's normal routing.
    const roundtable = text ? await ctx.deps.roundtables?.runningIn(stored.id) : null;
    if (roundtable && !recent.seen(message.id)) {
      const name = message.member?.displayName ?? message.author.globalName ?? message.author.username;
      await ctx.deps.roundtables!.addMessage(roundtable.id, null, { id: authorId(message.author.id), name }, text, `discord-${message.id}`).catch((err: unknown) =>
        ctx.logger.warn({ err, roundtableId: roundtable.id }, 'discord: message could not join the roundtable'),
      );
      return;
    }
    const mentioned = message.mentions.users.has(botId);
    if (!text && !mentioned && message.attachments.size === 0) return;
    const twins = await ctx.deps.workspace.routable(owner, stored.id);
    // A DM is always addressed to the bot. Messages nobody answers still join the channel's
    // history, so observers and later answers see the whole conversation.
    if (!wantsAnswer(text, twins, mentioned || message.guildId === null)) {
      if (text) await ctx.deps.chat.record(toInbound(message, stored.id, owner, text), message.id);
      return;
    }
    if (recent.seen(message.id)) return;

    const log = ctx.logger.child({ discordMessageId: message.id, channelId: stored.id });
    let submitted;
    try {
      submitted = await ctx.deps.chat.submit(toInbound(message, stored.id, owner, text), message.id);
    } catch (err) {
      log.error({ err }, 'discord: could not queue the message');
      const sentence = isAppError(err) ? err.userMessage : 'Something went wrong on our side; please try again.';
      await channel
        .send({ content: `⚠️ ${sentence}`, reply: { messageReference: message.id, failIfNotExists: false }, allowedMentions: { parse: [], repliedUser: false } })
        .catch((e: unknown) => log.warn({ err: e }, 'discord: could not report the failure'));
      return;
    }
    if (!submitted.created || ctx.jobs.has(submitted.jobId)) {
      log.info({ jobId: submitted.jobId }, 'discord: message already submitted; not answering twice');
      return;
    }
    const typing = createTyping(channel, log);
    startRender(ctx, { jobId: submitted.jobId, onWaiting: (on) => typing.set(on), sinkFor: sinkForMessage(ctx, channel, message.id) });
  };
}
