/**
 * A persona file shared with the app in a DM together with the word `import`: each file is
 * downloaded from its `url_private_download` with the bot token (files:read) under the chat
 * attachments' SSRF guard and size cap, and imported into that person's own twins, on-demand.
 * The answer (what was imported and skipped, or why not) is posted in the DM.
 */
import { isAppError } from '../../../src/core/errors.js';
import { truncate } from '../../../src/core/text.js';
import type { SlackContext } from '../context.js';
import { ownerFor } from '../identity.js';
import { escapeMrkdwn } from '../commands/blocks.js';

export interface SharedFile {
  name?: string;
  mimetype?: string;
  url_private_download?: string;
  url_private?: string;
}

export const wantsImport = (text: string): boolean => /(^|\W)import(\W|$)/i.test(text);

export async function importShared(ctx: SlackContext, e: { teamId: string; channel: string; user: string; ts: string; files: SharedFile[] }): Promise<void> {
  const owner = ownerFor(e.teamId, e.channel, e.user);
  const lines: string[] = [];
  for (const f of e.files) {
    const name = f.name ?? 'file';
    const url = f.url_private_download ?? f.url_private;
    if (!url) {
      lines.push(`*${escapeMrkdwn(name)}*: Slack gave no download link for it.`);
      continue;
    }
    try {
      const result = await ctx.deps.twinFiles.importUrl(
        owner,
        { url, filename: name, contentType: f.mimetype && f.mimetype !== 'application/octet-stream' ? f.mimetype : null, headers: { authorization: `Bearer ${ctx.options.botToken}` } },
        { participationMode: 'on-demand' },
      );
      const names = result.twins.map((t) => `*${escapeMrkdwn(t.name)}* (\`@${t.slug}\`)`).join(', ');
      const skipped = result.skipped.map((s) => `${escapeMrkdwn(s.name)} (${escapeMrkdwn(s.reason)})`).join(', ');
      lines.push(`Imported ${result.twins.length === 1 ? 'one twin' : `${result.twins.length} twins`} from *${escapeMrkdwn(name)}* (on-demand in your workspace): ${names}.${skipped ? ` Skipped: ${skipped}.` : ''}`);
      ctx.metrics.events.inc({ kind: 'import', outcome: 'ok' });
    } catch (err) {
      ctx.metrics.events.inc({ kind: 'import', outcome: 'failed' });
      if (!isAppError(err)) ctx.logger.error({ err }, 'slack: import failed');
      lines.push(`*${escapeMrkdwn(name)}* could not be imported: ${isAppError(err) ? err.userMessage : 'something went wrong on our side.'}`);
    }
  }
  await ctx.api.call(e.teamId, 'chat.postMessage', { channel: e.channel, thread_ts: e.ts, text: truncate(lines.join('\n'), 3900) });
}
