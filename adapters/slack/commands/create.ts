/**
 * `/twin create`: a modal (`views.open` with the command's trigger_id) asking for name,
 * description, persona, lines in its voice and avatar URL; its `view_submission` creates the
 * twin for the team (the user's own in a DM) through the same service and schema as
 * POST /api/v2/twins, on-demand in that workspace. A bad field is answered with
 * `response_action: "errors"` on its block, so the form stays open.
 */
import type { App, types } from '@slack/bolt';
import { AppError, isAppError } from '../../../src/core/errors.js';
import { LIMITS } from '../../../src/personas/index.js';
import type { SlackContext } from '../context.js';
import { isDirectChannel, ownerFor } from '../identity.js';
import { escapeMrkdwn, textReply, type CommandReply } from './blocks.js';
import type { CommandInvocation } from './invocation.js';

export const CREATE_VIEW = 'twin_create';

/** Slack caps a plain_text_input at 3000 characters; the service's own limits apply on submit. */
const INPUT_MAX = 3000;

const FIELDS = [
  { id: 'name', label: 'Name', max: LIMITS.name, multiline: false, optional: false, hint: `At most ${LIMITS.name} characters` },
  { id: 'description', label: 'Description', max: LIMITS.description, multiline: false, optional: true, hint: 'One line; the persona’s first sentence if empty' },
  { id: 'persona', label: 'Persona', max: INPUT_MAX, multiline: true, optional: false, hint: 'Who the twin is and how it talks' },
  { id: 'lines', label: 'Lines in its voice', max: INPUT_MAX, multiline: true, optional: true, hint: `One per line, at most ${LIMITS.examples} of ${LIMITS.example} characters` },
  { id: 'avatar', label: 'Avatar URL', max: 2000, multiline: false, optional: true, hint: 'An https:// image link' },
] as const;

/** Service field paths → the form's blocks, so an error sits under what the user typed. */
const BLOCKS: Record<string, string> = {
  name: 'name',
  description: 'description',
  'persona.prompt': 'persona',
  'persona.examples': 'lines',
  avatar_url: 'avatar',
};

const plain = (text: string) => ({ type: 'plain_text' as const, text });

export function createView(channelId: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: CREATE_VIEW,
    private_metadata: JSON.stringify({ channelId }),
    title: plain('Create a twin'),
    submit: plain('Create'),
    close: plain('Cancel'),
    blocks: FIELDS.map((f) => ({
      type: 'input',
      block_id: f.id,
      optional: f.optional,
      label: plain(f.label),
      hint: plain(f.hint),
      element: { type: 'plain_text_input', action_id: f.id, multiline: f.multiline, max_length: f.max },
    })),
  };
}

/** Opens the form; the command's acknowledgement says so. */
export async function openCreate(ctx: SlackContext, inv: CommandInvocation): Promise<CommandReply> {
  if (!inv.triggerId) throw new AppError('VALIDATION_ERROR', 'no trigger_id', { userMessage: 'Slack did not let me open a form here. Try again.' });
  const res = await ctx.api.call(inv.teamId, 'views.open', { trigger_id: inv.triggerId, view: createView(inv.channelId) });
  if (!res.ok) {
    ctx.logger.warn({ error: res.error }, 'slack: views.open failed');
    return textReply('Slack did not open the form (it may have taken too long). Run `/twin create` again.');
  }
  return textReply('Fill in the form to create your twin.');
}

type Values = Record<string, Record<string, { value?: string | null }>>;

export function registerCreateView(app: App, ctx: SlackContext): void {
  app.view(CREATE_VIEW, async ({ ack, body, view }) => {
    const values = view.state.values as Values;
    const value = (id: string): string => values[id]?.[id]?.value ?? '';
    let channelId = '';
    try {
      channelId = String((JSON.parse(view.private_metadata || '{}') as { channelId?: unknown }).channelId ?? '');
    } catch {
      channelId = '';
    }
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const owner = ownerFor(teamId, channelId || body.user.id, body.user.id);
    const lines = value('lines').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
    try {
      const twin = await ctx.deps.twinFiles.create(
        owner,
        { name: value('name'), description: value('description'), prompt: value('persona'), examples: lines, avatarUrl: value('avatar') || null },
        { participationMode: 'on-demand' },
      );
      await ack();
      ctx.metrics.commands.inc({ subcommand: 'create', outcome: 'ok' });
      if (channelId) {
        const where = isDirectChannel(channelId) ? 'your workspace' : 'this team’s workspace';
        const text = `Created *${escapeMrkdwn(twin.name)}* (\`@${twin.slug}\`) and added it to ${where} as on-demand. Mention it to talk.`;
        await ctx.api.call(teamId, 'chat.postEphemeral', { channel: channelId, user: body.user.id, text });
      }
    } catch (err) {
      ctx.metrics.commands.inc({ subcommand: 'create', outcome: isAppError(err) ? err.code : 'error' });
      if (isAppError(err) && err.code === 'VALIDATION_ERROR') {
        const field = err.field ?? '';
        const reason = err.message.startsWith(`${field}: `) ? err.message.slice(field.length + 2) : err.message;
        await ack({ response_action: 'errors', errors: { [BLOCKS[field] ?? 'name']: reason } });
        return;
      }
      if (!isAppError(err)) ctx.logger.error({ err }, 'slack: twin create failed');
      const message = isAppError(err) ? err.userMessage : 'Something went wrong on our side. Please try again.';
      await ack({ response_action: 'errors', errors: { name: message } });
    }
  });
}
