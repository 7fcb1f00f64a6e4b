import type { Twin } from '../../../src/core/domain.js';
/**
 * `/twin discuss`, `/twin stop` and the roundtable side of `/twin why`: a roundtable in this
 * channel (api/roundtables.md). A short header first, then each turn its own message under its
 * twin's name and avatar, streamed by edits within the channel's write budget.
 */
import type { ChatInputCommandInteraction, SendableChannels } from 'discord.js';
import type { TwinRef } from '../../../src/core/messages.js';
import { renderRoundtable } from '../../../src/roundtable/render.js';
import type { RoundtableService } from '../../../src/roundtable/service.js';
import { STRATEGIES, type Strategy } from '../../../src/roundtable/types.js';
import type { AdapterContext } from '../context.js';
import { ensureChannel, ownerFor } from '../identity.js';
import { sinkForMessage } from '../inbound/on-message.js';
import type { Reply } from './respond.js';

export function roundtablesOf(ctx: AdapterContext): RoundtableService | null {
  return ctx.deps.roundtables ?? null;
}

async function channelOf(ctx: AdapterContext, i: ChatInputCommandInteraction) {
  const owner = ownerFor(i.guildId, i.user.id);
  const name = i.channel && 'name' in i.channel ? i.channel.name : null;
  return { owner, channel: await ensureChannel(ctx.deps.channels, { channelId: i.channelId ?? i.user.id, owner, name }) };
}

/** Renders a started roundtable's turns in the channel (this process follows it to its end). */
export function showRoundtable(ctx: AdapterContext, rt: RoundtableService, roundtableId: string, channel: SendableChannels, known: Map<string, Twin | null> = new Map()): void {
  const sinks = sinkForMessage(ctx, channel, null);
  const twinRef = (twinId: string): TwinRef => {
    const t = known.get(twinId);
    return { id: twinId, slug: t?.slug ?? twinId, name: t?.name ?? 'Twin', avatarUrl: t?.avatarUrl ?? null };
  };
  const { follow: _unused, ...render } = ctx.renderDeps;
  void _unused;
  const r = renderRoundtable({ roundtableId, twinRef, sinkFor: (twin) => sinks(twin) }, { follow: (id, after, on) => rt.follow(id, after, on), render });
  void r.done.catch((err: unknown) => ctx.logger.warn({ err, roundtableId }, 'discord: roundtable render failed'));
}

export async function discuss(ctx: AdapterContext, i: ChatInputCommandInteraction): Promise<Reply> {
  const rt = roundtablesOf(ctx);
  if (!rt) return { content: 'Roundtables are not enabled here.', ephemeral: true };
  const target = i.channel;
  if (!target || !target.isSendable()) return { content: 'I cannot post in this channel.', ephemeral: true };
  const { owner, channel } = await channelOf(ctx, i);
  const twins = i.options.getString('twins')?.split(',').map((s) => s.trim()).filter(Boolean);
  const strategy = i.options.getString('strategy') as Strategy | null;
  const state = await rt.start({
    owner,
    userId: i.user.id,
    platform: 'discord',
    channelId: channel.id,
    topic: i.options.getString('topic', true),
    twins: twins && twins.length > 0 ? twins : undefined,
    maxTurns: i.options.getInteger('turns') ?? undefined,
    strategy: strategy && (STRATEGIES as readonly string[]).includes(strategy) ? strategy : undefined,
  });
  const r = state.roundtable;
  // The participants' names and avatars, loaded once: the renderer asks for them synchronously.
  const known = new Map(await Promise.all(r.twins.map(async (t) => [t.twinId, await ctx.deps.catalog.get(t.twinId)] as const)));
  showRoundtable(ctx, rt, r.id, target, known);
  const names = r.twins.map((t) => `**${t.name}**`).join(', ');
  return { content: `🎙️ Roundtable: *${r.topic.slice(0, 300)}*\n${names} · up to ${r.maxTurns} turns · ${r.strategy.replace('_', ' ')}. Join in by posting here; \`/twin stop\` ends it.` };
}

export async function stop(ctx: AdapterContext, i: ChatInputCommandInteraction): Promise<Reply> {
  const rt = roundtablesOf(ctx);
  const running = rt ? await rt.runningIn((await channelOf(ctx, i)).channel.id) : null;
  if (!rt || !running) return { content: 'No roundtable is running in this channel.', ephemeral: true };
  await rt.stop(running.id, null);
  return { content: 'Roundtable stopped: no new turn starts (a turn already speaking finishes).' };
}

/** The last roundtable turn's choice in this channel, or null when none ran here. */
export async function whyRoundtable(ctx: AdapterContext, i: ChatInputCommandInteraction): Promise<Reply | null> {
  const rt = roundtablesOf(ctx);
  const last = rt ? await rt.lastTurn((await channelOf(ctx, i)).channel.id) : null;
  if (!last) return null;
  return { content: `Roundtable turn ${last.turn.turn} went to **${last.turn.name}**: ${last.turn.reason}.` };
}
