/**
 * `/twin create`: a modal (name, description, persona, lines in its voice, avatar URL), and its
 * submission, which creates the twin for the server's workspace owner (the DM user's own in
 * DMs) through the same service and schema as POST /api/v2/twins, on-demand in that workspace.
 */
import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitInteraction } from 'discord.js';
import { isAppError } from '../../../src/core/errors.js';
import type { TwinFiles } from '../../../src/core/services.js';
import type { WorkspaceOwner } from '../../../src/core/domain.js';
import { LIMITS } from '../../../src/personas/index.js';
import type { Reply } from './respond.js';

export const CREATE_MODAL_ID = 'twin:create';

/** Discord caps a text input at 4000 characters; the service's own limits apply on submit. */
const INPUT_MAX = 4000;

const FIELDS = [
  { id: 'name', label: 'Name', style: TextInputStyle.Short, max: LIMITS.name, required: true, hint: `At most ${LIMITS.name} characters` },
  { id: 'description', label: 'Description', style: TextInputStyle.Short, max: LIMITS.description, required: false, hint: 'One line; the persona’s first sentence if empty' },
  { id: 'persona', label: 'Persona', style: TextInputStyle.Paragraph, max: INPUT_MAX, required: true, hint: 'Who the twin is and how it talks' },
  { id: 'lines', label: 'Lines in its voice', style: TextInputStyle.Paragraph, max: INPUT_MAX, required: false, hint: `One per line, at most ${LIMITS.examples} of ${LIMITS.example} characters` },
  { id: 'avatar', label: 'Avatar URL', style: TextInputStyle.Short, max: 2000, required: false, hint: 'An https:// image link' },
] as const;

/** Service field paths → the modal's labels, so an error names what the user typed into. */
const LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  'persona.prompt': 'Persona',
  'persona.examples': 'Lines in its voice',
  avatar_url: 'Avatar URL',
};

export function createModal(): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(CREATE_MODAL_ID)
    .setTitle('Create a twin')
    .addLabelComponents(
      ...FIELDS.map((f) =>
        new LabelBuilder()
          .setLabel(f.label)
          .setDescription(f.hint)
          .setTextInputComponent(new TextInputBuilder().setCustomId(f.id).setStyle(f.style).setMaxLength(f.max).setRequired(f.required)),
      ),
    );
}

const value = (i: ModalSubmitInteraction, id: string): string => {
  try {
    return i.fields.getTextInputValue(id);
  } catch {
    return '';
  }
};

export async function createFromModal(files: TwinFiles, i: ModalSubmitInteraction, owner: WorkspaceOwner, where: string): Promise<Reply> {
  const lines = value(i, 'lines').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  try {
    const twin = await files.create(
      owner,
      { name: value(i, 'name'), description: value(i, 'description'), prompt: value(i, 'persona'), examples: lines, avatarUrl: value(i, 'avatar') || null },
      { participationMode: 'on-demand' },
    );
    return { content: `Created **${twin.name}** \`@${twin.slug}\` and added it to ${where} as *on-demand*. Mention it to talk.` };
  } catch (err) {
    if (!isAppError(err) || err.code !== 'VALIDATION_ERROR') throw err;
    const field = err.field ?? '';
    const label = LABELS[field] ?? (field || 'The form');
    const reason = err.message.startsWith(`${field}: `) ? err.message.slice(field.length + 2) : err.message;
    return { content: `⚠️ **${label}**: ${reason}`, ephemeral: true };
  }
}
