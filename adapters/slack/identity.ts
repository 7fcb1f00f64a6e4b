/**
 * Slack identities → Twinbridge ids. A team shares one workspace; a DM uses the user's own. The
 * ids are derived (stableId), so every process and every restart agrees without a lookup table.
 */
import type { Channel, WorkspaceOwner } from '../../src/core/domain.js';
import { stableId } from '../../src/core/ids.js';
import type { ChannelStore } from '../../src/core/ports.js';

export function teamOwner(teamId: string): WorkspaceOwner {
  const id = stableId('slack', 'team', teamId);
  return { customerId: id, userId: id };
}

export function userOwner(teamId: string, userId: string): WorkspaceOwner {
  const id = stableId('slack', 'user', teamId, userId);
  return { customerId: id, userId: id };
}

export function authorId(teamId: string, userId: string): string {
  return stableId('slack', 'user', teamId, userId);
}

/** Direct-message channel ids start with D. */
export function isDirectChannel(channelId: string): boolean {
  return channelId.startsWith('D');
}

export function ownerFor(teamId: string, channelId: string, userId: string): WorkspaceOwner {
  return isDirectChannel(channelId) ? userOwner(teamId, userId) : teamOwner(teamId);
}

/** The channel's identity within Slack: channel ids are unique per team only. */
export function slackChannelKey(teamId: string, channelId: string): string {
  return `${teamId}:${channelId}`;
}

export function ensureChannel(channels: ChannelStore, teamId: string, channelId: string, owner: WorkspaceOwner, name: string | null = null): Promise<Channel> {
  return channels.ensure({
    platform: 'slack',
    externalId: slackChannelKey(teamId, channelId),
    customerId: owner.customerId,
    workspaceUserId: owner.userId,
    name,
  });
}

/** Message text as the user meant it: our own mention removed, Slack's entity escapes undone. */
export function cleanText(text: string, botUserId: string | undefined): string {
  let out = text;
  if (botUserId) out = out.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>[,:]?`, 'g'), ' ');
  return out
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/^\s+|\s+$/g, '');
}

export function mentionsBot(text: string, botUserId: string | undefined): boolean {
  return botUserId !== undefined && new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`).test(text);
}
