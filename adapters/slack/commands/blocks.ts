/**
 * Block Kit for the `/twin` replies. Everything here is ephemeral (only the person who ran the
 * command sees it). Texts are Slack mrkdwn, and user-provided strings are escaped.
 */
import type { types } from '@slack/bolt';
import type { Twin } from '../../../src/core/domain.js';
import type { Page } from '../../../src/core/ports.js';
import { truncate } from '../../../src/core/text.js';
import { USAGE } from './parse.js';

type KnownBlock = types.KnownBlock;

export interface CommandReply {
  text: string;
  blocks?: KnownBlock[];
}

/** action_id prefix of the browse list's Add buttons; the button's value is the twin id. */
export const ADD_ACTION = 'twin_add';

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

export function textReply(text: string): CommandReply {
  return { text, blocks: [section(text)] };
}

export function browseReply(page: Page<Twin>, heading: string, inWorkspace: Set<string>): CommandReply {
  if (page.items.length === 0) {
    return textReply(`${heading}: nothing found. Try \`/twin browse\` for everyone, or a category like \`/twin browse Scientist\`.`);
  }
  const blocks: KnownBlock[] = [section(`*${heading}* (${page.items.length} of ${page.total})`)];
  for (const twin of page.items) {
    const line = `*${escapeMrkdwn(twin.name)}* · ${twin.category} · \`${twin.slug}\`\n${escapeMrkdwn(truncate(twin.description, 180))}`;
    if (inWorkspace.has(twin.id)) {
      blocks.push(section(`${line}\n_:white_check_mark: in this workspace_`));
      continue;
    }
    blocks.push({
      type: 'section',
      block_id: `twin:${twin.id}`,
      text: { type: 'mrkdwn', text: line },
      accessory: {
        type: 'button',
        action_id: `${ADD_ACTION}:${twin.slug}`,
        text: { type: 'plain_text', text: 'Add', emoji: true },
        value: twin.id,
        style: 'primary',
      },
    });
  }
  if (page.total > page.items.length) blocks.push(context('Narrow it down: `/twin browse <category or words>`.'));
  return { text: `${heading}: ${page.items.map((t) => t.name).join(', ')}`, blocks };
}

export interface ListedTwin {
  name: string;
  slug: string;
  isFavorite: boolean;
  mode: string;
  channelMode: string | null;
}

export function listReply(twins: ListedTwin[], whose: string): CommandReply {
  if (twins.length === 0) {
    return textReply(`${whose} has no twins yet. Find some with \`/twin browse\` and add one with \`/twin add <twin>\`.`);
  }
  const lines = twins.map((t) => {
    const star = t.isFavorite ? ':star: ' : '';
    const here = t.channelMode ? ` (${t.channelMode} in this channel)` : '';
    return `${star}*${escapeMrkdwn(t.name)}* \`${t.slug}\` — ${t.mode}${here}`;
  });
  return { text: `${whose}: ${twins.map((t) => t.name).join(', ')}`, blocks: [section(`*${whose}*`), section(lines.join('\n'))] };
}

export function helpReply(): CommandReply {
  const lines = [
    '*Twins* answer in threads when you mention me, DM me, or reply in a thread a twin is in.',
    `• \`${USAGE.browse}\` — the catalog, with Add buttons`,
    `• \`${USAGE.add}\``,
    `• \`${USAGE.remove}\``,
    `• \`${USAGE.mode}\` — \`channel\` sets it for this channel only`,
    `• \`${USAGE.favorite}\` — favorites answer first`,
    `• \`${USAGE.list}\` — who is in this workspace`,
    `• \`${USAGE.ask}\` — one twin answers, whatever its mode`,
    `• \`${USAGE.why}\` — why the last answer here came from whom`,
    `• \`${USAGE.discuss}\` — a roundtable in a thread: the twins take turns; reply there to join in`,
    `• \`${USAGE.stop}\` — ends the roundtable running here`,
    `• \`${USAGE.create}\` — a form for a twin of your own`,
    `• \`${USAGE.export}\` — a twin as a persona file, shared here (share a file with me in a DM with the word \`import\` to import one)`,
    'Modes: *active* answers on its own, *on-demand* when addressed by name or `@slug`, *observer* only listens.',
    'In a DM these commands manage your own workspace; in a channel, the team’s.',
  ];
  return { text: 'How to use /twin', blocks: [section(lines.join('\n'))] };
}
