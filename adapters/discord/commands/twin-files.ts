/**
 * `/twin export twin:<name> [format]`: the twin as a persona file attached to the answer (a
 * multipart reply), in the formats of api/twins.md. Custom twins are found for the server (or DM
 * user) that owns them only.
 */
import type { ChatInputCommandInteraction } from 'discord.js';
import type { TwinFiles } from '../../../src/core/services.js';
import type { Twin, WorkspaceOwner } from '../../../src/core/domain.js';
import { truncate } from '../../../src/core/text.js';
import type { Reply } from './respond.js';

export const EXPORT_FORMAT_CHOICES = [
  { name: 'Character Card V3 (JSON)', value: 'ccv3' },
  { name: 'Character Card V2 (JSON)', value: 'ccv2' },
  { name: 'elizaOS character (JSON)', value: 'eliza' },
  { name: 'PNG card', value: 'png' },
] as const;

type Format = (typeof EXPORT_FORMAT_CHOICES)[number]['value'];

export async function exportReply(files: TwinFiles, i: ChatInputCommandInteraction, viewer: string, twin: Twin): Promise<Reply> {
  const format = (i.options.getString('format') ?? 'ccv3') as Format;
  const file = await files.exportFile(viewer, twin.id, format);
  return {
    content: `**${twin.name}** as ${EXPORT_FORMAT_CHOICES.find((c) => c.value === format)!.name}.`,
    files: [{ attachment: file.body, name: file.filename, contentType: file.contentType }],
  };
}

/**
 * `/twin import file:<attachment>`: a card, character or system export attached to the command,
 * fetched from Discord's attachment URL under the attachment guard; every twin it holds joins
 * the workspace on-demand.
 */
export async function importReply(files: TwinFiles, i: ChatInputCommandInteraction, owner: WorkspaceOwner): Promise<Reply> {
  const file = i.options.getAttachment('file', true);
  const result = await files.importUrl(owner, { url: file.url, filename: file.name, contentType: file.contentType }, { participationMode: 'on-demand' });
  const names = result.twins.map((t) => `**${t.name}** \`@${t.slug}\``).join(', ');
  const skipped = result.skipped.map((s) => `${s.name} (${s.reason})`).join(', ');
  const lines = [
    `Imported ${result.twins.length === 1 ? 'one twin' : `${result.twins.length} twins`} (on-demand here): ${names}.`,
    ...(skipped ? [`Skipped: ${skipped}.`] : []),
  ];
  return { content: truncate(lines.join('\n'), 2000) };
}
