/**
 * Discord identities as Twinbridge ids: a guild shares one workspace owned by the guild, a DM
 * uses the user's own. Stable UUIDs mean every process maps the same guild/user/channel alike.
 */
import type { Channel, WorkspaceOwner } from '../../src/core/domain.js';
import { stableId } from '../../src/core/ids.js';
import type { ChannelStore } from '../../src/core/ports.js';

export function guildOwner(guildId: string): WorkspaceOwner {
  const id = stableId('discord', 'guild', guildId);
  return { customerId: id, userId: id };
}

export function userOwner(userId: string): WorkspaceOwner {
  const id = stableId('discord', 'user', userId);
  return { customerId: id, userId: id };
}

export function ownerFor(guildId: string | null, userId: string): WorkspaceOwner {
  return guildId ? guildOwner(guildId) : userOwner(userId);
}

export const authorId = (userId: string): string => stableId('discord', 'user', userId);

export function ensureChannel(
  channels: ChannelStore,
  input: { channelId: string; owner: WorkspaceOwner; name: string | null },
): Promise<Channel> {
  return channels.ensure({
    platform: 'discord',
    externalId: input.channelId,
    customerId: input.owner.customerId,
    workspaceUserId: input.owner.userId,
    name: input.name,
  });
}
