/**
 * The `/twin` slash command and the browse list's Add buttons. Slack wants an answer within 3 s:
 * a command that finishes in time answers in the acknowledgement itself; a slow one is
 * acknowledged with a short note and answers through `response_url`.
 */
import type { App } from '@slack/bolt';
import { AppError, isAppError } from '../../../src/core/errors.js';
import type { SlackContext } from '../context.js';
import { ownerFor } from '../identity.js';
import { ADD_ACTION, escapeMrkdwn, textReply, type CommandReply } from './blocks.js';
import { registerCreateView } from './create.js';
import { STOP_ACTION, stopRoundtable } from './discuss.js';
import { parseCommand } from './parse.js';
import { runCommand } from './run.js';

/** Leaves room under Slack's 3-second acknowledgement deadline. */
const ACK_BUDGET_MS = 2000;

/** The sentence a user sees for a failure: our own wording for known errors, never internals. */
export function errorReply(ctx: SlackContext, err: unknown, what: string): CommandReply {
  if (isAppError(err)) return textReply(err.userMessage);
  ctx.logger.error({ err, what }, 'slack command failed');
  return textReply('Sorry, something went wrong on our side. Please try again.');
}

const ephemeral = (r: CommandReply) => ({ response_type: 'ephemeral' as const, text: r.text, ...(r.blocks ? { blocks: r.blocks } : {}) });

export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(ctx.options.command, async ({ command, ack, respond }) => {
    const cmd = parseCommand(command.text);
    const work = runCommand(ctx, cmd, {
      teamId: command.team_id,
      channelId: command.channel_id,
      userId: command.user_id,
      userName: command.user_name || null,
      triggerId: command.trigger_id,
    }).then(
      (reply) => {
        ctx.metrics.commands.inc({ subcommand: cmd.kind, outcome: 'ok' });
        return reply;
      },
      (err: unknown) => {
        ctx.metrics.commands.inc({ subcommand: cmd.kind, outcome: isAppError(err) ? err.code : 'error' });
        return errorReply(ctx, err, cmd.kind);
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ACK_BUDGET_MS);
    });
    const quick = await Promise.race([work, late]);
    clearTimeout(timer);
    if (quick) {
      await ack(ephemeral(quick));
      return;
    }
    await ack(ephemeral(textReply('Working on it…')));
    await respond({ ...ephemeral(await work), replace_original: true });
  });

  app.action(new RegExp(`^${ADD_ACTION}(:|$)`), async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
    const owner = ownerFor(teamId, channelId, body.user.id);
    let reply: CommandReply;
    try {
      const twin = await ctx.deps.catalog.get(action.value, owner.customerId);
      if (!twin) throw new AppError('TWIN_NOT_FOUND', `button for unknown twin ${action.value}`);
      const row = await ctx.deps.workspace.add(owner, { twinId: twin.id });
      reply = textReply(`Added *${escapeMrkdwn(twin.name)}* (${row.participationMode}). Mention me in a channel to hear from it.`);
      ctx.metrics.commands.inc({ subcommand: 'add_button', outcome: 'ok' });
    } catch (err) {
      ctx.metrics.commands.inc({ subcommand: 'add_button', outcome: isAppError(err) ? err.code : 'error' });
      reply = errorReply(ctx, err, 'add_button');
    }
    await respond({ ...ephemeral(reply), replace_original: false });
  });

  registerCreateView(app, ctx);

  // The roundtable header's Stop button: ends the roundtable whose header it is.
  app.action(STOP_ACTION, async ({ ack, body, respond }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
    const messageTs = typeof body.container?.message_ts === 'string' ? body.container.message_ts : (body.message?.ts ?? null);
    let reply: CommandReply;
    try {
      reply = await stopRoundtable(ctx, { teamId, channelId, userId: body.user.id }, messageTs);
      ctx.metrics.commands.inc({ subcommand: 'stop_button', outcome: 'ok' });
    } catch (err) {
      ctx.metrics.commands.inc({ subcommand: 'stop_button', outcome: isAppError(err) ? err.code : 'error' });
      reply = errorReply(ctx, err, 'stop_button');
    }
    await respond({ ...ephemeral(reply), replace_original: false });
  });
}
