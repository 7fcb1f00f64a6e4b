/**
 * Slack messages → queued jobs. Mentions in channels, DMs with the app, and replies in threads a
 * twin is part of each become one job whose id is the Slack event id, so a redelivered event is
 * the same job and is answered once. Bolt acknowledges events before these handlers run.
 */
import type { App } from '@slack/bolt';
import type { InboundMessage } from '../../../src/core/messages.js';
import { isAppError } from '../../../src/core/errors.js';
import type { SubmitResult } from '../../../src/core/services.js';
import { effectiveMode, findAddressed } from '../../../src/routing/index.js';
import type { SlackContext } from '../context.js';
import { roundtableInThread } from '../commands/discuss.js';
import { importShared, wantsImport, type SharedFile } from './import.js';
import { authorId, cleanText, ensureChannel, isDirectChannel, mentionsBot, ownerFor } from '../identity.js';

export interface IncomingText {
  kind: 'mention' | 'dm' | 'thread' | 'ask';
  teamId: string;
  channelId: string;
  userId: string;
  userName: string | null;
  /** The message itself (for ids) and the thread the answer goes to. */
  ts: string;
  threadTs: string;
  text: string;
  jobId: string;
  personality: string | null;
  maxTwins: number | null;
}

/** The subset of Slack message events we read (Bolt's union type is wider than useful here). */
interface MessageLike {
  type: string;
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  files?: SharedFile[];
}

/** Subtypes that are still a person writing; everything else (edits, joins, bots) is ignored. */
const HUMAN_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

export async function submitAndRender(ctx: SlackContext, m: IncomingText): Promise<SubmitResult> {
  const owner = ownerFor(m.teamId, m.channelId, m.userId);
  const channel = await ensureChannel(ctx.deps.channels, m.teamId, m.channelId, owner);
  const inbound: InboundMessage = {
    platform: 'slack',
    messageId: `${m.teamId}:${m.channelId}:${m.ts}`,
    channel: { id: channel.id, externalId: channel.externalId, threadId: m.threadTs },
    owner,
    author: { id: authorId(m.teamId, m.userId), name: m.userName },
    text: m.text,
    personality: m.personality,
    attachments: [],
    images: [],
    context: null,
    options: { model: null, messageType: 'chat', webSearch: ctx.options.webSearch, debug: false, maxTwins: m.maxTwins },
    receivedAt: new Date().toISOString(),
  };
  const result = await ctx.deps.chat.submit(inbound, m.jobId);
  ctx.threads.track(m.teamId, m.channelId, m.threadTs);
  ctx.metrics.events.inc({ kind: m.kind, outcome: result.created ? 'queued' : 'duplicate' });
  if (result.created) {
    await ctx.renders.start(result.jobId, { teamId: m.teamId, channel: m.channelId, threadTs: m.threadTs, userId: m.userId }, (slug) =>
      ctx.threads.noteTwin(m.teamId, m.channelId, m.threadTs, slug),
    );
  }
  return result;
}

/** Tells the user privately that their message could not be taken. */
async function refuse(ctx: SlackContext, m: IncomingText, err: unknown): Promise<void> {
  ctx.metrics.events.inc({ kind: m.kind, outcome: 'failed' });
  ctx.logger.warn({ err, jobId: m.jobId, kind: m.kind }, 'slack message could not be queued');
  const text = isAppError(err) ? err.userMessage : 'Sorry, I could not take that message right now. Please try again.';
  await ctx.api.call(m.teamId, 'chat.postEphemeral', { channel: m.channelId, user: m.userId, text, thread_ts: m.threadTs });
}

async function take(ctx: SlackContext, m: IncomingText): Promise<void> {
  try {
    await submitAndRender(ctx, m);
  } catch (err) {
    await refuse(ctx, m, err);
  }
}

/**
 * A plain reply in a thread goes back to the twin that answered there, unless it addresses other
 * twins by name (then the usual routing decides).
 */
async function threadPersonality(ctx: SlackContext, teamId: string, channelId: string, userId: string, threadTs: string, text: string): Promise<string | null> {
  const last = await ctx.threads.lastTwin(teamId, channelId, threadTs);
  if (!last) return null;
  const owner = ownerFor(teamId, channelId, userId);
  const channel = await ensureChannel(ctx.deps.channels, teamId, channelId, owner);
  const routable = await ctx.deps.workspace.routable(owner, channel.id);
  if (findAddressed(text, routable).length > 0) return null;
  const twin = routable.find((t) => t.slug === last);
  return twin && effectiveMode(twin) !== 'observer' ? twin.slug : null;
}

/**
 * A person's message in a running roundtable's thread joins it (stored in the channel history;
 * the next speaker answers) instead of being routed as chat. True when it was taken.
 */
async function joinRoundtable(ctx: SlackContext, e: { teamId: string; channel: string; user: string; ts: string; threadTs: string; text: string }): Promise<boolean> {
  const running = await roundtableInThread(ctx, e.teamId, e.channel, e.user, e.threadTs);
  if (!running) return false;
  if (!e.text) return true;
  try {
    await ctx.deps.roundtables!.addMessage(running.id, null, { id: authorId(e.teamId, e.user), name: e.user }, e.text, `slack-${e.teamId}-${e.channel}-${e.ts}`);
    ctx.metrics.events.inc({ kind: 'roundtable', outcome: 'joined' });
  } catch (err) {
    ctx.logger.warn({ err, roundtableId: running.id }, 'slack: message could not join the roundtable');
  }
  return true;
}

export function registerInbound(app: App, ctx: SlackContext): void {
  app.event('app_mention', async ({ event, body, context }) => {
    // DMs arrive as message.im too; answering both would answer twice.
    if (isDirectChannel(event.channel) || event.bot_id || !event.user) return;
    const teamId = body.team_id;
    const text = cleanText(event.text, context.botUserId);
    // In a roundtable's thread the message event (below) joins it; no chat job for the mention.
    if (event.thread_ts && (await roundtableInThread(ctx, teamId, event.channel, event.user, event.thread_ts))) return;
    const m: IncomingText = {
      kind: 'mention',
      teamId,
      channelId: event.channel,
      userId: event.user,
      userName: null,
      ts: event.ts,
      threadTs: event.thread_ts ?? event.ts,
      text,
      jobId: body.event_id,
      personality: null,
      maxTwins: null,
    };
    if (!text) {
      await ctx.api.call(teamId, 'chat.postEphemeral', {
        channel: event.channel,
        user: event.user,
        thread_ts: m.threadTs,
        text: 'Ask me something after the mention, or try `/twin help`.',
      });
      return;
    }
    await take(ctx, m);
  });

  app.event('message', async ({ event, body, context }) => {
    const e = event as unknown as MessageLike;
    if (!HUMAN_SUBTYPES.has(e.subtype) || e.bot_id || !e.user || e.user === context.botUserId) return;
    const teamId = body.team_id;
    const raw = e.text ?? '';
    const inThread = e.thread_ts !== undefined && e.thread_ts !== e.ts;
    if (inThread) {
      const joined = await joinRoundtable(ctx, { teamId, channel: e.channel, user: e.user, ts: e.ts, threadTs: e.thread_ts!, text: cleanText(raw, context.botUserId) });
      if (joined) return;
    }
    let kind: IncomingText['kind'];
    if (e.channel_type === 'im') kind = 'dm';
    else if (inThread && !mentionsBot(raw, context.botUserId) && (await ctx.threads.lastTwin(teamId, e.channel, e.thread_ts!)) !== undefined) {
      // Mentions in threads come as app_mention as well; those are handled there.
      kind = 'thread';
    } else return;
    const text = cleanText(raw, context.botUserId);
    if (kind === 'dm' && e.subtype === 'file_share' && e.files && e.files.length > 0 && wantsImport(text)) {
      await importShared(ctx, { teamId, channel: e.channel, user: e.user, ts: e.ts, files: e.files });
      return;
    }
    if (!text) return;
    const threadTs = e.thread_ts ?? e.ts;
    await take(ctx, {
      kind,
      teamId,
      channelId: e.channel,
      userId: e.user,
      userName: null,
      ts: e.ts,
      threadTs,
      text,
      jobId: body.event_id,
      personality: inThread ? await threadPersonality(ctx, teamId, e.channel, e.user, threadTs, text) : null,
      maxTwins: null,
    });
  });
}
