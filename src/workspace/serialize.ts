import type { WorkspaceTwin, WorkspaceTwinView } from '../core/domain.js';

/** A workspace row as the add/patch endpoints and the live events carry it. */
export function workspaceRow(w: WorkspaceTwin, extra: { updated_at?: boolean } = {}): Record<string, unknown> {
  return {
    id: w.id,
    customer_id: w.customerId,
    user_id: w.userId,
    twin_id: w.twinId,
    is_favorite: w.isFavorite,
    participation_mode: w.participationMode,
    settings: w.settings,
    added_at: w.addedAt,
    ...(extra.updated_at ? { updated_at: w.updatedAt } : {}),
  };
}

/** A row of /mine: the workspace row joined with its catalog entry. */
export function workspaceView(v: WorkspaceTwinView): Record<string, unknown> {
  return {
    id: v.id,
    twin_id: v.twinId,
    customer_id: v.customerId,
    user_id: v.userId,
    name: v.twin.name,
    slug: v.twin.slug,
    description: v.twin.description,
    category: v.twin.category,
    expertise: v.twin.expertise,
    avatar_url: v.twin.avatarUrl,
    is_favorite: v.isFavorite,
    participation_mode: v.participationMode,
    settings: v.settings,
    added_at: v.addedAt,
    updated_at: v.updatedAt,
  };
}
