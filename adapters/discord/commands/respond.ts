/**
 * Answering interactions: within Discord's 3 s (deferring when the work is slow), errors as an
 * ephemeral human sentence (never a stack trace, never silence), and the permission rule for
 * changing a shared workspace.
 */
import {
  MessageFlags,
  PermissionFlagsBits,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Logger } from 'pino';
import { isAppError } from '../../../src/core/errors.js';
import type { ManagePermission } from '../context.js';

export type RepliableInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;
export type Reply = Omit<InteractionReplyOptions, 'flags'> & { content?: string; ephemeral?: boolean };

const GENERIC = 'Something went wrong on our side. Please try again in a moment.';
/** Leave room under Discord's 3 s for the defer itself to travel. */
const DEFER_AFTER_MS = 2000;

export function userSentence(err: unknown): string {
  if (isAppError(err)) return err.code === 'INTERNAL' ? GENERIC : err.userMessage;
  return GENERIC;
}

function toOptions(reply: Reply): InteractionReplyOptions {
  const { ephemeral, ...rest } = reply;
  return { ...rest, allowedMentions: { parse: [] }, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
}

export async function replyError(i: RepliableInteraction, err: unknown, log: Logger): Promise<void> {
  if (!isAppError(err) || err.code === 'INTERNAL') log.error({ err }, 'discord: interaction failed');
  else log.info({ code: err.code }, 'discord: interaction refused');
  const content = `⚠️ ${userSentence(err)}`;
  try {
    if (i.deferred && !i.replied) {
      // The public "thinking…" placeholder would otherwise stay; the sentence goes to the user only.
      await i.deleteReply().catch(() => undefined);
      await i.followUp({ content, flags: MessageFlags.Ephemeral });
    } else if (i.replied || i.deferred) {
      await i.followUp({ content, flags: MessageFlags.Ephemeral });
    } else {
      await i.reply({ content, flags: MessageFlags.Ephemeral });
    }
  } catch (e) {
    log.warn({ err: e }, 'discord: could not send the error to the user');
  }
}

/**
 * Runs `work` and answers with its result. Fast work gets a direct reply (so an error can still
 * be ephemeral); slow work is deferred before Discord's deadline and the reply edited in later.
 */
export async function answer(
  i: RepliableInteraction,
  work: () => Promise<Reply> | Reply,
  log: Logger,
  deferAfterMs = DEFER_AFTER_MS,
): Promise<void> {
  const job = Promise.resolve().then(work);
  job.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), deferAfterMs)));
  const first = await Promise.race([job.then(() => 'fast' as const, () => 'fast' as const), slow]);
  clearTimeout(timer);
  try {
    if (first === 'fast') {
      await i.reply(toOptions(await job));
      return;
    }
    await i.deferReply();
    const reply = await job;
    if (reply.ephemeral) {
      await i.deleteReply().catch(() => undefined);
      await i.followUp(toOptions(reply));
    } else {
      const { flags: _flags, ...edit } = toOptions(reply);
      await i.editReply(edit);
    }
  } catch (err) {
    await replyError(i, err, log);
  }
}

const PERMISSION_NAMES: Partial<Record<ManagePermission, string>> = {
  ManageGuild: 'Manage Server',
  Administrator: 'Administrator',
  ManageChannels: 'Manage Channels',
  ManageMessages: 'Manage Messages',
};

export function permissionName(p: ManagePermission): string {
  return PERMISSION_NAMES[p] ?? p.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** DMs change the user's own workspace; in a server the configured permission is needed. */
export function mayManage(i: RepliableInteraction, permission: ManagePermission): boolean {
  if (permission === 'none' || !i.inGuild()) return true;
  return i.memberPermissions.has(PermissionFlagsBits[permission]);
}

export function refusal(permission: ManagePermission): string {
  return `Changing this server's twins needs the **${permissionName(permission)}** permission. Ask someone who has it, or use /twin list and /ask meanwhile.`;
}
