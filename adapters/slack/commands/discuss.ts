/**
 * `/twin discuss`, `/twin stop`, the header's Stop button and the roundtable side of `/twin why`
 * (api/roundtables.md). A header message in the channel (the twins, the turn budget, a Stop
 * button); the roundtable runs in its thread, each turn a thread reply under its twin's name and
 * icon, streamed through the render core's Slack sink. The header's thread is kept in the
 * roundtable's `meta`, so thread replies find it after a restart too.
 */
import type { Twin, WorkspaceOwner } from '../../../src/core/domain.js';
import type { TwinRef } from '../../../src/core/messages.js';
import { renderRoundtable } from '../../../src/roundtable/render.js';
import type { RoundtableService } from '../../../src/roundtable/service.js';
import { MAX_TURNS_LIMIT, type Roundtable } from '../../../src/roundtable/types.js';
import type { SlackContext } from '../context.js';
import { ensureChannel, ownerFor } from '../identity.js';
import { slackSink } from '../render/sink.js';
import { escapeMrkdwn, textReply, type CommandReply } from './blocks.js';
import type { CommandInvocation } from './invocation.js';

/** action_id of the header's Stop button. */
export const STOP_ACTION = 'roundtable_stop';
const DEFAULT_TWINS = 4;

export interface SlackThreadMeta {
  teamId: string;
  channel: string;
  threadTs: string;
}

/** The Slack thread a roundtable runs in, from its meta (null for other platforms'). */
export function slackThreadOf(rt: Roundtable): SlackThreadMeta | null {
  const s = rt.meta.slack as Partial<SlackThreadMeta> | undefined;
  return s && typeof s.threadTs === 'string' && typeof s.channel === 'string' && typeof s.teamId === 'string'
    ? { teamId: s.teamId, channel: s.channel, threadTs: s.threadTs }
    : null;
}

function roundtables(ctx: SlackContext): RoundtableService | null {
  return ctx.deps.roundtables ?? null;
}

/** The running roundtable whose header thread this is, or null. */
export async function roundtableInThread(ctx: SlackContext, teamId: string, channelId: string, userId: string, threadTs: string): Promise<Roundtable | null> {
  const rt = roundtables(ctx);
  if (!rt) return null;
  const channel = (await ensureChannel(ctx.deps.channels, teamId, channelId, ownerFor(teamId, channelId, userId)));
  const running = await rt.runningIn(channel.id);
  const thread = running ? slackThreadOf(running) : null;
  return running && thread?.threadTs === threadTs ? running : null;
}

/** The twins named (or the workspace's defaults), with a sentence for whatever is wrong. */
async function pickTwins(ctx: SlackContext, owner: WorkspaceOwner, refs: string[] | null): Promise<Twin[] | string> {
  if (!refs) {
    const twins = (await ctx.deps.workspace.list(owner))
      .filter((w) => w.participationMode !== 'observer')
      .sort((a, b) => Number(b.isFavorite) - Number(a.isFavorite))
      .slice(0, DEFAULT_TWINS)
      .map((w) => w.twin);
    return twins.length >= 2 ? twins : 'A roundtable needs at least 2 twins: name them with `with <name>, <name>`, or add more to this workspace (`/twin add <twin>`).';
  }
  const twins: Twin[] = [];
  for (const ref of refs) {
    let twin: Twin;
    try {
      twin = await ctx.deps.catalog.resolve(ref, owner.customerId);
    } catch {
      return `I don't know a twin called “${escapeMrkdwn(ref)}”. Try \`/twin browse ${escapeMrkdwn(ref)}\`.`;
    }
    if (twins.some((t) => t.id === twin.id)) return `*${escapeMrkdwn(twin.name)}* is listed twice.`;
    twins.push(twin);
  }
  if (twins.length < 2) return `A roundtable needs at least 2 twins (you named ${twins.length}).`;
  if (twins.length > 8) return `A roundtable takes at most 8 twins (you named ${twins.length}).`;
  return twins;
}

function headerBlocks(topic: string, twins: { name: string }[], maxTurns: number, status: string | null) {
  const names = twins.map((t) => `*${escapeMrkdwn(t.name)}*`).join(', ');
  const text = `:studio_microphone: Roundtable: _${escapeMrkdwn(topic.slice(0, 300))}_\n${names} · up to ${maxTurns} turns`;
  const blocks: Record<string, unknown>[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (status) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: status }] });
  else {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Reply in this thread to join in; `/twin stop` or Stop ends it.' }] });
    blocks.push({
      type: 'actions',
      block_id: 'roundtable',
      elements: [{ type: 'button', action_id: STOP_ACTION, text: { type: 'plain_text', text: 'Stop', emoji: true }, style: 'danger', value: 'stop' }],
    });
  }
  return { text: `Roundtable: ${topic.slice(0, 300)} (${twins.map((t) => t.name).join(', ')}, up to ${maxTurns} turns)`, blocks };
}

const ENDED: Record<string, string> = {
  max_turns: 'Ended: the turn budget is used up.',
  stopped: 'Ended: stopped.',
  nobody: 'Ended: nobody had more to add.',
  error: 'Ended: a turn failed.',
};

/** Renders a started roundtable's turns into its header's thread (this process follows it to its end). */
export function showRoundtable(ctx: SlackContext, rt: Roundtable, thread: SlackThreadMeta, userId: string): void {
  const service = roundtables(ctx)!;
  const target = { teamId: thread.teamId, channel: thread.channel, threadTs: thread.threadTs, userId };
  const twinRef = (twinId: string): TwinRef => {
    // The participants as the roundtable stored them: the renderer asks synchronously.
    const t = rt.twins.find((p) => p.twinId === twinId);
    return { id: twinId, slug: t?.slug ?? twinId, name: t?.name ?? 'Twin', avatarUrl: null };
  };
  const { native, budget, clock, settings } = ctx.rendering;
  const r = renderRoundtable(
    {
      roundtableId: rt.id,
      twinRef,
      sinkFor: (twin) => Promise.resolve(slackSink(target, twin, { api: ctx.api, native, maxChars: settings.maxChars, intervalMs: settings.intervalMs })),
      onEvent(e) {
        if (e.event !== 'done') return;
        // The header loses its Stop button and says how it ended.
        const header = headerBlocks(rt.topic, rt.twins, rt.maxTurns, ENDED[e.data.stopped_by ?? ''] ?? 'Ended.');
        void ctx.api.call(thread.teamId, 'chat.update', { channel: thread.channel, ts: thread.threadTs, ...header });
      },
    },
    { follow: (id, after, on) => service.follow(id, after, on), render: { budget, clock, logger: ctx.logger.child({ roundtableId: rt.id }), idleTimeoutMs: settings.idleTimeoutMs } },
  );
  void r.done.catch((err: unknown) => ctx.logger.warn({ err, roundtableId: rt.id }, 'slack: roundtable render failed'));
}

export async function discuss(
  ctx: SlackContext,
  inv: CommandInvocation,
  cmd: { topic: string; twins: string[] | null; turns: number | null },
): Promise<CommandReply> {
  const service = roundtables(ctx);
  if (!service) return textReply('Roundtables are not enabled here.');
  const maxTurns = cmd.turns ?? 6;
  if (!Number.isInteger(maxTurns) || maxTurns < 1 || maxTurns > MAX_TURNS_LIMIT) return textReply(`\`turns\` must be a whole number from 1 to ${MAX_TURNS_LIMIT}.`);
  const owner = ownerFor(inv.teamId, inv.channelId, inv.userId);
  const channel = (await ensureChannel(ctx.deps.channels, inv.teamId, inv.channelId, owner));
  const twins = await pickTwins(ctx, owner, cmd.twins);
  if (typeof twins === 'string') return textReply(twins);
  if (await service.runningIn(channel.id)) return textReply('A roundtable is running in this channel already. `/twin stop` ends it.');

  const header = await ctx.api.call(inv.teamId, 'chat.postMessage', { channel: inv.channelId, ...headerBlocks(cmd.topic, twins, maxTurns, null) });
  if (!header.ok) return textReply('I could not post in this channel. Invite me first (`/invite @Twinbridge`).');
  const thread: SlackThreadMeta = { teamId: inv.teamId, channel: inv.channelId, threadTs: String(header.data.ts) };
  try {
    const state = await service.start({
      owner,
      userId: inv.userId,
      platform: 'slack',
      channelId: channel.id,
      topic: cmd.topic,
      twins: twins.map((t) => t.id),
      maxTurns,
      meta: { slack: thread },
    });
    showRoundtable(ctx, state.roundtable, thread, inv.userId);
  } catch (err) {
    // Lost a race (another roundtable started meanwhile, the customer's cap): no orphan header.
    await ctx.api.call(inv.teamId, 'chat.delete', { channel: inv.channelId, ts: thread.threadTs });
    throw err;
  }
  return textReply(`Roundtable started with ${twins.map((t) => `*${escapeMrkdwn(t.name)}*`).join(', ')}: follow it in the thread.`);
}

export async function stopRoundtable(ctx: SlackContext, inv: { teamId: string; channelId: string; userId: string }, threadTs: string | null): Promise<CommandReply> {
  const service = roundtables(ctx);
  const owner = ownerFor(inv.teamId, inv.channelId, inv.userId);
  const channel = (await ensureChannel(ctx.deps.channels, inv.teamId, inv.channelId, owner));
  const running = service ? await service.runningIn(channel.id) : null;
  if (!service || !running || (threadTs !== null && slackThreadOf(running)?.threadTs !== threadTs)) {
    return textReply(threadTs === null ? 'No roundtable is running in this channel.' : 'This roundtable has ended already.');
  }
  await service.stop(running.id, null);
  return textReply('Roundtable stopped: no new turn starts (a turn already speaking finishes).');
}

/** The last roundtable turn's choice in this channel, or null when none ran here. */
export async function whyRoundtable(ctx: SlackContext, inv: CommandInvocation): Promise<CommandReply | null> {
  const service = roundtables(ctx);
  if (!service) return null;
  const owner = ownerFor(inv.teamId, inv.channelId, inv.userId);
  const last = await service.lastTurn((await ensureChannel(ctx.deps.channels, inv.teamId, inv.channelId, owner)).id);
  if (!last) return null;
  return textReply(`Roundtable turn ${last.turn.turn} went to *${escapeMrkdwn(last.turn.name)}*: ${escapeMrkdwn(last.turn.reason)}.`);
}
