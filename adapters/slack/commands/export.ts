/**
 * `/twin export <twin> [format]`: the twin as a persona file (api/twins.md formats), uploaded
 * into the conversation with the Web API's external upload flow: `files.getUploadURLExternal`,
 * the bytes POSTed to the returned URL, then `files.completeUploadExternal` (files:write).
 */
import type { Twin } from '../../../src/core/domain.js';
import { AppError } from '../../../src/core/errors.js';
import type { SlackContext } from '../context.js';
import { escapeMrkdwn, textReply, type CommandReply } from './blocks.js';
import type { CommandInvocation } from './invocation.js';
import type { ExportFormat } from './parse.js';

const FORMAT_NAMES: Record<ExportFormat, string> = {
  ccv3: 'Character Card V3 (JSON)',
  ccv2: 'Character Card V2 (JSON)',
  eliza: 'elizaOS character (JSON)',
  png: 'PNG card',
};

const uploadFailed = (step: string, detail: string) =>
  new AppError('SERVICE_UNAVAILABLE', `slack upload failed at ${step}: ${detail}`, {
    userMessage: 'Slack did not take the file just now. Please try again in a moment.',
  });

export async function exportTwin(ctx: SlackContext, inv: CommandInvocation, viewer: string, twin: Twin, format: ExportFormat): Promise<CommandReply> {
  const file = await ctx.deps.twinFiles.exportFile(viewer, twin.id, format);
  const url = await ctx.api.call(inv.teamId, 'files.getUploadURLExternal', { filename: file.filename, length: file.body.length });
  if (!url.ok) throw uploadFailed('files.getUploadURLExternal', url.error);
  const uploadUrl = String(url.data.upload_url ?? '');
  const fileId = String(url.data.file_id ?? '');
  const put = await fetch(uploadUrl, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(file.body) });
  if (!put.ok) throw uploadFailed('upload', `HTTP ${put.status}`);
  const done = await ctx.api.call(inv.teamId, 'files.completeUploadExternal', {
    files: JSON.stringify([{ id: fileId, title: `${twin.name} (${FORMAT_NAMES[format]})` }]),
    channel_id: inv.channelId,
    initial_comment: `${twin.name} as ${FORMAT_NAMES[format]}.`,
  });
  if (!done.ok) throw uploadFailed('files.completeUploadExternal', done.error);
  return textReply(`Shared *${escapeMrkdwn(twin.name)}* here as ${FORMAT_NAMES[format]} (\`${escapeMrkdwn(file.filename)}\`).`);
}
