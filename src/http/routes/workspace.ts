import type { FastifyInstance } from 'fastify';
import type { CatalogService, WorkspaceService } from '../../core/services.js';
import { catalogEntry } from '../../catalog/twin-json.js';
import { workspaceRow, workspaceView } from '../../workspace/serialize.js';
import { ownerOf, type Authenticator } from '../auth.js';
import type { RateLimiter } from '../rate-limit.js';
import { AddTwinBody, AvailableQuery, PatchTwinBody, TwinIdParams } from '../schemas.js';
import { guarded, principalOf } from '../server.js';
import { parseInput } from '../validate.js';

/** api/twin-workspace.md, exactly. */
export function registerWorkspaceRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; limiter: RateLimiter; catalog: CatalogService; workspace: WorkspaceService },
): void {
  const base = '/api/v2/twin-workspace';
  const preHandler = guarded(deps.auth, deps.limiter);

  app.get(`${base}/available`, { preHandler }, async (req) => {
    const q = parseInput(AvailableQuery, req.query, 'query');
    const viewer = principalOf(req).customerId;
    const page = await deps.catalog.list({ page: q.page, pageSize: q.page_size, category: q.category, search: q.search, viewer });
    return {
      success: true,
      data: page.items.map(catalogEntry),
      pagination: { total: page.total, page: q.page, page_size: q.page_size, hasMore: q.page * q.page_size < page.total },
    };
  });

  app.get(`${base}/mine`, { preHandler }, async (req) => {
    const p = principalOf(req);
    const twins = await deps.workspace.list(ownerOf(p));
    return {
      success: true,
      data: {
        user_id: p.userId,
        customer_id: p.customerId,
        twins: twins.map(workspaceView),
        total_twins: twins.length,
        favorite_count: twins.filter((t) => t.isFavorite).length,
        active_count: twins.filter((t) => t.participationMode === 'active').length,
      },
    };
  });

  app.post(`${base}/twins`, { preHandler }, async (req, reply) => {
    const body = parseInput(AddTwinBody, req.body);
    const row = await deps.workspace.add(ownerOf(principalOf(req)), {
      twinId: body.twin_id,
      isFavorite: body.is_favorite,
      participationMode: body.participation_mode,
      settings: body.settings,
    });
    return reply.status(201).send({ success: true, data: workspaceRow(row) });
  });

  app.delete(`${base}/twins/:twinId`, { preHandler }, async (req) => {
    const { twinId } = parseInput(TwinIdParams, req.params, 'params');
    await deps.workspace.remove(ownerOf(principalOf(req)), twinId);
    return { success: true, data: { removed: true, twin_id: twinId } };
  });

  app.patch(`${base}/twins/:twinId`, { preHandler }, async (req) => {
    const { twinId } = parseInput(TwinIdParams, req.params, 'params');
    const body = parseInput(PatchTwinBody, req.body);
    const row = await deps.workspace.update(ownerOf(principalOf(req)), twinId, {
      isFavorite: body.is_favorite,
      participationMode: body.participation_mode,
      settings: body.settings,
    });
    return { success: true, data: workspaceRow(row, { updated_at: true }) };
  });
}
