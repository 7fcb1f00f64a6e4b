/**
 * Where a reply's messages go: a channel webhook speaking as the twin, the bot itself (with the
 * twin's name in bold), or an interaction's reply. No twin text may ping anyone, so every write
 * carries empty allowed mentions.
 */
import type { ChatInputCommandInteraction, SendableChannels, Webhook } from 'discord.js';
import type { TwinRef } from '../../src/core/messages.js';
import type { ReplySink } from './writer.js';

const NO_PINGS = { parse: [] as never[], repliedUser: false };

/** Discord refuses webhook names over 80 characters or containing these words. */
export function webhookNameAllowed(name: string): boolean {
  return name.trim().length > 0 && name.length <= 80 && !/discord|clyde/i.test(name);
}

export function twinHeader(twin: TwinRef | null): string {
  return twin ? `**${twin.name.replace(/\*/g, '')}**\n` : '';
}

function isHttpUrl(url: string | null | undefined): url is string {
  return typeof url === 'string' && /^https?:\/\//.test(url);
}

export function webhookSink(hook: Webhook, twin: TwinRef, channelKey: string): ReplySink {
  return {
    channelKey,
    header: '',
    async create(content) {
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
  };
}

/** The bot speaks for the twin; the first message replies to the user's message. */
export function botSink(channel: SendableChannels, twin: TwinRef | null, replyTo: string | null): ReplySink {
  return {
    channelKey: channel.id,
    header: twinHeader(twin),
    async create(content, index) {
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
  };
}

/**
 * The deferred interaction reply is the first message (its "thinking…" placeholder turns into
 * text); overflow goes to follow-ups through the same token.
 */
export function interactionSink(interaction: ChatInputCommandInteraction, twin: TwinRef | null): ReplySink {
  let originalId: string | null = null;
  return {
    channelKey: interaction.channelId,
    header: twinHeader(twin),
    async create(content, index) {
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
  };
}
