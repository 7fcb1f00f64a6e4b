/**
 * `/twin ask <twin> <message>`: a slash command leaves no message in the channel, so the question
 * is posted first (by the app, naming who asked) and the twin answers in its thread.
 */
import type { Twin } from '../../../src/core/domain.js';
import { digestKey } from '../../../src/core/ids.js';
import type { SlackContext } from '../context.js';
import { submitAndRender } from '../inbound/events.js';
import { escapeMrkdwn, textReply, type CommandReply } from './blocks.js';
import type { CommandInvocation } from './invocation.js';

const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

export async function askTwin(ctx: SlackContext, inv: CommandInvocation, twin: Twin, message: string): Promise<CommandReply> {
  const name = escapeMrkdwn(twin.name);
  const root = await ctx.api.call(inv.teamId, 'chat.postMessage', {
    channel: inv.channelId,
    text: `<@${inv.userId}> asked *${name}*:\n${escapeMrkdwn(message)}`,
    unfurl_links: false,
    unfurl_media: false,
  });
  if (!root.ok) {
    return textReply(
      CANNOT_POST.has(root.error)
        ? 'I cannot post in this conversation. Invite me to the channel first (`/invite @Twinbridge`), or DM me.'
        : 'I could not post your question right now. Please try again in a moment.',
    );
  }
  const ts = String(root.data.ts);
  await submitAndRender(ctx, {
    kind: 'ask',
    teamId: inv.teamId,
    channelId: inv.channelId,
    userId: inv.userId,
    userName: inv.userName,
    ts,
    threadTs: ts,
    text: message,
    // Slack does not redeliver slash commands; the trigger id still keeps one job per invocation.
    jobId: `ask-${digestKey('slack', inv.teamId, inv.triggerId)}`,
    personality: twin.slug,
    maxTwins: 1,
  });
  return textReply(`Asked *${name}*; the answer is coming in the thread.`);
}
