/**
 * `/ask twin message`: one twin answers now, streamed into the interaction's own reply (its
 * deferred "thinking…" placeholder), with overflow in follow-ups. Job id = interaction id.
 */
import type { ChatInputCommandInteraction } from 'discord.js';
import type { InboundMessage } from '../../../src/core/messages.js';
import type { AdapterContext } from '../context.js';
import { authorId, ensureChannel, ownerFor } from '../identity.js';
import { interactionSink } from '../render/sinks.js';
import { startRender } from '../render/start.js';
import { replyError } from './respond.js';

export async function askCommand(ctx: AdapterContext, i: ChatInputCommandInteraction): Promise<void> {
  const log = ctx.logger.child({ interactionId: i.id, command: 'ask' });
  let twin;
  try {
    // Resolve before acknowledging, so a typo gets an ephemeral answer instead of a public one.
    twin = await ctx.deps.catalog.resolve(i.options.getString('twin', true), ownerFor(i.guildId, i.user.id).customerId);
  } catch (err) {
    await replyError(i, err, log);
    return;
  }
  const text = i.options.getString('message', true);
  try {
    await i.deferReply();
    const owner = ownerFor(i.guildId, i.user.id);
    const name = i.channel && 'name' in i.channel ? i.channel.name : null;
    const channel = await ensureChannel(ctx.deps.channels, { channelId: i.channelId, owner, name });
    const inbound: InboundMessage = {
      platform: 'discord',
      messageId: i.id,
      channel: { id: channel.id, externalId: i.channelId, threadId: null },
      owner,
      author: { id: authorId(i.user.id), name: i.member && 'displayName' in i.member ? i.member.displayName : (i.user.globalName ?? i.user.username) },
      text,
      personality: twin.id,
      attachments: [],
      images: [],
      context: { discord: { guildId: i.guildId, channelId: i.channelId, interactionId: i.id } },
      options: { model: null, messageType: 'chat', webSearch: false, debug: false, maxTwins: 1 },
      receivedAt: new Date(i.createdTimestamp || Date.now()).toISOString(),
    };
    const submitted = await ctx.deps.chat.submit(inbound, i.id);
    if (!submitted.created || ctx.jobs.has(submitted.jobId)) {
      await i.editReply({ content: 'This question is already being answered.' });
      return;
    }
    const ref = { id: twin.id, slug: twin.slug, name: twin.name, avatarUrl: twin.avatarUrl };
    const limits = { maxChars: ctx.options.maxMessageLength, editIntervalMs: ctx.options.editIntervalMs };
    const sink = interactionSink(i, ref, { budgetKey: i.channelId, limits });
    // Every event of this job renders into the one interaction reply, whatever twin it names.
    startRender(ctx, { jobId: submitted.jobId, sinkFor: () => Promise.resolve(sink) });
  } catch (err) {
    await replyError(i, err, log);
  }
}
