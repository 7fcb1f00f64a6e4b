/**
 * Runs a parsed `/twin` command against the same workspace and catalog services HTTP and Discord
 * use. In a DM the user's own workspace is meant; in a channel, the team's.
 */
import { CATEGORIES, type Category, type Twin, type WorkspaceOwner } from '../../../src/core/domain.js';
import { AppError } from '../../../src/core/errors.js';
import { viewedCatalog } from '../../../src/core/services.js';
import { normalizeKey } from '../../../src/core/text.js';
import type { SlackContext } from '../context.js';
import { ensureChannel, isDirectChannel, ownerFor } from '../identity.js';
import { askTwin } from './ask.js';
import { openCreate } from './create.js';
import { discuss, stopRoundtable, whyRoundtable } from './discuss.js';
import { browseReply, escapeMrkdwn, helpReply, listReply, textReply, type CommandReply } from './blocks.js';
import type { CommandInvocation } from './invocation.js';
import type { TwinCommand } from './parse.js';

export type { CommandInvocation } from './invocation.js';

const BROWSE_PAGE = 10;

function whose(channelId: string): string {
  return isDirectChannel(channelId) ? 'Your workspace' : 'This team’s workspace';
}

async function requireMember(ctx: SlackContext, owner: WorkspaceOwner, twin: Twin, channelId: string) {
  const row = (await ctx.deps.workspace.list(owner)).find((v) => v.twinId === twin.id);
  if (!row) {
    throw new AppError('TWIN_NOT_IN_WORKSPACE', `${twin.slug} is not in the workspace`, {
      userMessage: `${twin.name} is not in ${whose(channelId).toLowerCase()}. Add it with \`/twin add ${twin.slug}\`.`,
    });
  }
  return row;
}

/** The first reading of `<twin> <message>` whose name resolves; else the shortest name's error. */
async function resolveAsk(ctx: SlackContext, splits: { ref: string; message: string }[], viewer: string): Promise<{ twin: Twin; message: string }> {
  let lastError: unknown = new AppError('TWIN_NOT_FOUND', 'no twin named');
  for (const s of splits) {
    try {
      return { twin: await ctx.deps.catalog.resolve(s.ref, viewer), message: s.message };
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

export async function runCommand(ctx: SlackContext, cmd: TwinCommand, inv: CommandInvocation): Promise<CommandReply> {
  const { workspace, chat, channels } = ctx.deps;
  const owner = ownerFor(inv.teamId, inv.channelId, inv.userId);
  const catalog = viewedCatalog(ctx.deps.catalog, owner.customerId);
  const here = () => ensureChannel(channels, inv.teamId, inv.channelId, owner);
  const where = whose(inv.channelId);

  switch (cmd.kind) {
    case 'help':
      return helpReply();
    case 'usage':
      return textReply(cmd.message);

    case 'browse': {
      const key = cmd.query ? normalizeKey(cmd.query) : '';
      const category = CATEGORIES.find((c) => normalizeKey(c) === key || `${normalizeKey(c)}s` === key) as Category | undefined;
      const page = await catalog.list({
        page: 1,
        pageSize: BROWSE_PAGE,
        ...(category ? { category } : {}),
        ...(cmd.query && !category ? { search: cmd.query } : {}),
      });
      const heading = category ? `${category} twins` : cmd.query ? `Twins matching “${escapeMrkdwn(cmd.query)}”` : 'Twin catalog';
      const inWorkspace = new Set((await workspace.list(owner)).map((v) => v.twinId));
      return browseReply(page, heading, inWorkspace);
    }

    case 'add': {
      const twin = await catalog.resolve(cmd.ref);
      const row = await workspace.add(owner, {
        twinId: twin.id,
        participationMode: cmd.mode ?? undefined,
        isFavorite: cmd.favorite || undefined,
      });
      const fav = row.isFavorite ? ', favorite' : '';
      return textReply(`Added *${escapeMrkdwn(twin.name)}* to ${where.toLowerCase()} (${row.participationMode}${fav}).`);
    }

    case 'remove': {
      const twin = await catalog.resolve(cmd.ref);
      await requireMember(ctx, owner, twin, inv.channelId);
      await workspace.remove(owner, twin.id);
      return textReply(`Removed *${escapeMrkdwn(twin.name)}* from ${where.toLowerCase()}.`);
    }

    case 'mode': {
      const twin = await catalog.resolve(cmd.ref);
      if (cmd.scope.kind === 'workspace') {
        await requireMember(ctx, owner, twin, inv.channelId);
        await workspace.update(owner, twin.id, { participationMode: cmd.mode ?? undefined });
        return textReply(`*${escapeMrkdwn(twin.name)}* is now ${cmd.mode} in ${where.toLowerCase()}.`);
      }
      const channelId = cmd.scope.channelId ?? inv.channelId;
      // The override belongs to the workspace that channel uses.
      const channelOwner = ownerFor(inv.teamId, channelId, inv.userId);
      await requireMember(ctx, channelOwner, twin, channelId);
      const channel = await ensureChannel(channels, inv.teamId, channelId, channelOwner);
      await workspace.setChannelMode(channelOwner, channel.id, twin.id, cmd.mode);
      const label = isDirectChannel(channelId) ? 'this DM' : `<#${channelId}>`;
      return textReply(
        cmd.mode
          ? `*${escapeMrkdwn(twin.name)}* is now ${cmd.mode} in ${label}.`
          : `*${escapeMrkdwn(twin.name)}* uses its workspace mode in ${label} again.`,
      );
    }

    case 'favorite': {
      const twin = await catalog.resolve(cmd.ref);
      const row = await requireMember(ctx, owner, twin, inv.channelId);
      const value = cmd.value ?? !row.isFavorite;
      await workspace.update(owner, twin.id, { isFavorite: value });
      return textReply(value ? `:star: *${escapeMrkdwn(twin.name)}* is a favorite now.` : `*${escapeMrkdwn(twin.name)}* is no longer a favorite.`);
    }

    case 'list': {
      const twins = (await workspace.routable(owner, (await here()).id)).sort((a, b) => Number(b.isFavorite) - Number(a.isFavorite) || a.name.localeCompare(b.name));
      return listReply(twins, where);
    }

    case 'discuss':
      return discuss(ctx, inv, cmd);
    case 'stop':
      return stopRoundtable(ctx, inv, null);
    case 'create':
      return openCreate(ctx, inv);

    case 'why': {
      const roundtable = await whyRoundtable(ctx, inv);
      if (roundtable) return roundtable;
      const record = await chat.lastRouting((await here()).id);
      if (!record || record.routing.length === 0) return textReply('Nothing has been answered in this channel yet.');
      const lines = record.routing.map((r) => `• *${escapeMrkdwn(r.name)}* (${r.rule}): ${escapeMrkdwn(r.reason)}`);
      return textReply(`The last answer here came from:\n${lines.join('\n')}`);
    }

    case 'ask': {
      const { twin, message } = await resolveAsk(ctx, cmd.splits, owner.customerId);
      return askTwin(ctx, inv, twin, message);
    }
  }
}
