/**
 * `/twin …` and the browse buttons: the same workspace operations the HTTP API uses (one
 * service, same live events), in a guild's shared workspace or a DM user's own.
 */
import type { ButtonInteraction, ChatInputCommandInteraction, ModalSubmitInteraction } from 'discord.js';
import type { Category, ParticipationMode, Twin, WorkspaceOwner } from '../../../src/core/domain.js';
import { effectiveMode } from '../../../src/routing/index.js';
import { AppError } from '../../../src/core/errors.js';
import type { AdapterContext, ManagePermission } from '../context.js';
import { browsePage, parseButton } from './browse.js';
import { discuss, stop, whyRoundtable } from './discuss.js';
import { exportReply, importReply } from './twin-files.js';
import { CREATE_MODAL_ID, createFromModal, createModal } from './twin-create.js';
import { ensureChannel, ownerFor } from '../identity.js';
import { answer, mayManage, refusal, replyError, type RepliableInteraction, type Reply } from './respond.js';

const where = (i: RepliableInteraction): string => (i.inGuild() ? "this server's twins" : 'your twins');

async function scope(ctx: AdapterContext, i: RepliableInteraction): Promise<{ owner: WorkspaceOwner; channelId: string }> {
  const owner = ownerFor(i.guildId, i.user.id);
  const name = i.channel && 'name' in i.channel ? i.channel.name : null;
  const channel = await ensureChannel(ctx.deps.channels, { channelId: i.channelId ?? i.user.id, owner, name });
  return { owner, channelId: channel.id };
}

async function addTwin(ctx: AdapterContext, i: RepliableInteraction, twin: Twin, mode?: ParticipationMode, favorite?: boolean): Promise<Reply> {
  const { owner } = await scope(ctx, i);
  const row = await ctx.deps.workspace.add(owner, {
    twinId: twin.id,
    ...(mode ? { participationMode: mode } : {}),
    ...(favorite !== undefined ? { isFavorite: favorite } : {}),
  });
  return { content: `Added **${twin.name}** to ${where(i)} as *${row.participationMode}*${row.isFavorite ? ' ★' : ''}.` };
}

async function list(ctx: AdapterContext, i: RepliableInteraction): Promise<Reply> {
  const { owner, channelId } = await scope(ctx, i);
  const twins = await ctx.deps.workspace.routable(owner, channelId);
  const title = i.inGuild() ? "This server's twins" : 'Your twins';
  if (twins.length === 0) {
    return { content: `${i.inGuild() ? 'This server has' : 'You have'} no twins yet. Try \`/twin browse\` or \`/twin add\`.`, ephemeral: true };
  }
  const lines = twins.map((t) => {
    const here = t.channelMode ? ` (here: *${effectiveMode(t)}*)` : '';
    return `${t.isFavorite ? '★' : '•'} **${t.name}** \`@${t.slug}\` — *${t.mode}*${here}`;
  });
  return { embeds: [{ title, description: lines.join('\n').slice(0, 4000), color: 0x5865f2 }] };
}

async function why(ctx: AdapterContext, i: RepliableInteraction): Promise<Reply> {
  const { channelId } = await scope(ctx, i);
  const record = await ctx.deps.chat.lastRouting(channelId);
  if (!record || record.routing.length === 0) {
    return { content: 'No message in this channel has been answered yet.', ephemeral: true };
  }
  const lines = record.routing.map((r) => `• **${r.name}** (${r.rule}) — ${r.reason}`);
  return { content: `The last answered message here (<t:${Math.floor(Date.parse(record.at) / 1000)}:R>) went to:\n${lines.join('\n')}`.slice(0, 2000) };
}

export async function twinCommand(ctx: AdapterContext, i: ChatInputCommandInteraction): Promise<void> {
  const log = ctx.logger.child({ interactionId: i.id, command: 'twin' });
  const sub = i.options.getSubcommand(true);
  const permission = ctx.options.manageCommandsPermission;
  const changes = ['add', 'remove', 'mode', 'favorite', 'import', 'create'].includes(sub);
  if (changes && !mayManage(i, permission)) {
    await replyError(i, refusalError(permission), log);
    return;
  }
  if (sub === 'create') {
    // A modal is the interaction's one response (callback type 9); its submission creates the twin.
    await i.showModal(createModal());
    return;
  }
  const viewer = ownerFor(i.guildId, i.user.id).customerId;
  const ref = (): Promise<Twin> => ctx.deps.catalog.resolve(i.options.getString('twin', true), viewer);
  await answer(
    i,
    async (): Promise<Reply> => {
      switch (sub) {
        case 'browse':
          return await browsePage(ctx.deps.catalog, viewer, {
            page: 1,
            category: (i.options.getString('category') ?? undefined) as Category | undefined,
            search: i.options.getString('search')?.trim() || undefined,
          });
        case 'import':
          return importReply(ctx.deps.twinFiles, i, (await scope(ctx, i)).owner);
        case 'export':
          return exportReply(ctx.deps.twinFiles, i, viewer, await ref());
        case 'add':
          return addTwin(ctx, i, await ref(), (i.options.getString('mode') ?? undefined) as ParticipationMode | undefined, i.options.getBoolean('favorite') ?? undefined);
        case 'remove': {
          const twin = await ref();
          await ctx.deps.workspace.remove((await scope(ctx, i)).owner, twin.id);
          return { content: `Removed **${twin.name}** from ${where(i)}.` };
        }
        case 'mode': {
          const twin = await ref();
          const mode = i.options.getString('mode', true) as ParticipationMode;
          const { owner, channelId } = await scope(ctx, i);
          if (i.options.getString('scope') === 'channel') {
            await ctx.deps.workspace.setChannelMode(owner, channelId, twin.id, mode);
            return { content: `**${twin.name}** is now *${mode}* in this channel.` };
          }
          await ctx.deps.workspace.update(owner, twin.id, { participationMode: mode });
          return { content: `**${twin.name}** is now *${mode}* in ${where(i)}.` };
        }
        case 'favorite': {
          const twin = await ref();
          const on = i.options.getBoolean('on') ?? true;
          await ctx.deps.workspace.update((await scope(ctx, i)).owner, twin.id, { isFavorite: on });
          return { content: on ? `**${twin.name}** is now a favorite ★` : `**${twin.name}** is no longer a favorite.` };
        }
        case 'list':
          return list(ctx, i);
        case 'why':
          return (await whyRoundtable(ctx, i)) ?? why(ctx, i);
        case 'discuss':
          return discuss(ctx, i);
        case 'stop':
          return stop(ctx, i);
        default:
          return { content: 'That subcommand is not known here. Try `/twin list`.', ephemeral: true };
      }
    },
    log,
  );
}

export async function twinButton(ctx: AdapterContext, i: ButtonInteraction): Promise<boolean> {
  const action = parseButton(i.customId);
  if (!action) return false;
  const log = ctx.logger.child({ interactionId: i.id, button: action.kind });
  if (action.kind === 'browse') {
    try {
      await i.update(await browsePage(ctx.deps.catalog, ownerFor(i.guildId, i.user.id).customerId, action.state));
    } catch (err) {
      await replyError(i, err, log);
    }
    return true;
  }
  if (!mayManage(i, ctx.options.manageCommandsPermission)) {
    await replyError(i, refusalError(ctx.options.manageCommandsPermission), log);
    return true;
  }
  await answer(i, async () => {
    const viewer = ownerFor(i.guildId, i.user.id).customerId;
    const twin = (await ctx.deps.catalog.get(action.twinId, viewer)) ?? (await ctx.deps.catalog.resolve(action.twinId, viewer));
    return addTwin(ctx, i, twin);
  }, log);
  return true;
}

/** The `/twin create` modal's submission; false for modals that are not ours. */
export async function twinModal(ctx: AdapterContext, i: ModalSubmitInteraction): Promise<boolean> {
  if (i.customId !== CREATE_MODAL_ID) return false;
  const log = ctx.logger.child({ interactionId: i.id, modal: 'create' });
  // Checked again: permissions may have changed while the form was open.
  if (!mayManage(i, ctx.options.manageCommandsPermission)) {
    await replyError(i, refusalError(ctx.options.manageCommandsPermission), log);
    return true;
  }
  await answer(i, async () => createFromModal(ctx.deps.twinFiles, i, (await scope(ctx, i)).owner, where(i)), log);
  return true;
}

function refusalError(permission: ManagePermission): AppError {
  return new AppError('FORBIDDEN', `missing ${permission} to change the workspace`, { userMessage: refusal(permission) });
}
