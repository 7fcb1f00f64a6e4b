import type { Logger } from 'pino';
import type { ParticipationMode, RoutableWorkspaceTwin, WorkspaceOwner, WorkspaceTwin } from '../core/domain.js';
import { AppError } from '../core/errors.js';
import type { EventBus, WorkspaceEventName } from '../core/ports.js';
import type { AddTwinInput, UpdateTwinInput, WorkspaceService } from '../core/services.js';
import type { KyselyChannelStore } from '../store/channels.js';
import type { KyselyTwinCatalog } from '../store/twins.js';
import type { KyselyWorkspaceStore } from '../store/workspace.js';
import { workspaceRow } from './serialize.js';

export interface WorkspaceServiceDeps {
  twins: KyselyTwinCatalog;
  workspace: KyselyWorkspaceStore;
  channels: KyselyChannelStore;
  events: EventBus;
  logger: Logger;
}

/**
 * The one implementation of workspace changes: HTTP, Discord and Slack all call it, so every
 * change is validated the same way and emits the same live event.
 */
export function createWorkspaceService(_options: object, deps: WorkspaceServiceDeps): WorkspaceService {
  const { twins, workspace, channels, events, logger } = deps;

  async function emit(event: WorkspaceEventName, owner: WorkspaceOwner, row: WorkspaceTwin): Promise<void> {
    try {
      await events.publish({ event, owner, data: workspaceRow(row, { updated_at: true }), at: new Date().toISOString() });
    } catch (err) {
      // The change is committed; a lost live event must not turn it into an error for the caller.
      logger.warn({ err, event }, 'could not publish workspace event');
    }
  }

  async function requireTwin(twinId: string, owner: WorkspaceOwner) {
    // Retired twins stay readable for workspaces that hold them, but are no longer in the catalog.
    const twin = await twins.getCurrent(twinId);
    if (!twin || (twin.ownerCustomerId !== null && twin.ownerCustomerId !== owner.customerId)) {
      throw new AppError('TWIN_NOT_FOUND', `Twin ${twinId} is not in the catalog`);
    }
    return twin;
  }

  async function requireMember(owner: WorkspaceOwner, twinId: string): Promise<WorkspaceTwin> {
    const row = await workspace.get(owner, twinId);
    if (!row) throw new AppError('TWIN_NOT_IN_WORKSPACE', `Twin ${twinId} is not in this workspace`);
    return row;
  }

  return {
    list: (owner) => workspace.list(owner),

    async add(owner, input: AddTwinInput) {
      const twin = await requireTwin(input.twinId, owner);
      const row = await workspace.insert(owner, {
        twinId: twin.id,
        isFavorite: input.isFavorite ?? false,
        mode: input.participationMode ?? 'active',
        settings: input.settings ?? {},
      });
      if (!row) {
        throw new AppError('TWIN_ALREADY_ADDED', `${twin.name} is already in this workspace`, {
          userMessage: `${twin.name} is already in this workspace.`,
        });
      }
      await emit('twin:added', owner, row);
      return row;
    },

    async remove(owner, twinId) {
      const row = await workspace.delete(owner, twinId);
      if (!row) throw new AppError('TWIN_NOT_IN_WORKSPACE', `Twin ${twinId} is not in this workspace`);
      await emit('twin:removed', owner, row);
      return row;
    },

    async update(owner, twinId, patch: UpdateTwinInput) {
      if (patch.isFavorite === undefined && patch.participationMode === undefined && patch.settings === undefined) {
        throw new AppError('VALIDATION_ERROR', 'At least one of is_favorite, participation_mode, settings is required');
      }
      await requireMember(owner, twinId);
      const row = await workspace.patch(owner, twinId, patch);
      if (!row) throw new AppError('TWIN_NOT_IN_WORKSPACE', `Twin ${twinId} is not in this workspace`);
      await emit('twin:updated', owner, row);
      return row;
    },

    async setChannelMode(owner, channelId, twinId, mode: ParticipationMode | null) {
      const row = await requireMember(owner, twinId);
      const channel = await channels.get(channelId);
      if (!channel || channel.customerId !== owner.customerId || channel.workspaceUserId !== owner.userId) {
        throw new AppError('NOT_FOUND', `Channel ${channelId} does not use this workspace`);
      }
      await workspace.setChannelMode(channelId, twinId, mode);
      await emit('twin:updated', owner, { ...row, settings: { ...row.settings }, updatedAt: new Date().toISOString() });
    },

    async routable(owner, channelId): Promise<RoutableWorkspaceTwin[]> {
      const rows = await workspace.listInChannel(owner, channelId);
      return rows.map(({ view: v, channelMode }) => ({
        twinId: v.twinId,
        slug: v.twin.slug,
        name: v.twin.name,
        isFavorite: v.isFavorite,
        mode: v.participationMode,
        channelMode,
        addedAt: v.addedAt,
        twin: v.twin,
      }));
    },
  };
}
