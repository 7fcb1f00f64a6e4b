import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CustomTwinService } from '../../catalog/custom-twins.js';
import { twinJson } from '../../catalog/twin-json.js';
import { TwinCreateInput, TwinPatchInput } from '../../catalog/twin-input.js';
import { ParticipationModeSchema } from '../../core/domain.js';
import { AppError } from '../../core/errors.js';
import { EXPORT_FORMATS, LIMITS } from '../../personas/index.js';
import { ownerOf, type Authenticator } from '../auth.js';
import type { RateLimiter } from '../rate-limit.js';
import { guarded, principalOf, sendError } from '../server.js';
import { parseInput } from '../validate.js';

export const TwinRefParams = z.object({ twinId: z.string().min(1).max(200) });
export const ExportQuery = z.object({ format: z.enum(EXPORT_FORMATS).default('ccv3') });
export const ImportQuery = z.object({
  add_to_workspace: z.enum(['true', 'false']).optional(),
  participation_mode: ParticipationModeSchema.default('on-demand'),
});
export const AvatarQuery = z.object({ v: z.string().max(100).optional() });

/** A stored avatar changes only with a new hash, so a link carrying the hash never goes stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function hasCredentials(req: FastifyRequest): boolean {
  return req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined;
}

/** api/twins.md, exactly: a customer's own twins, and persona files in and out. */
export function registerTwinRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; limiter: RateLimiter; twins: CustomTwinService },
): void {
  const base = '/api/v2/twins';
  const preHandler = guarded(deps.auth, deps.limiter);
  const { twins } = deps;

  app.post(base, { preHandler }, async (req, reply) => {
    const body = parseInput(TwinCreateInput, req.body);
    const twin = await twins.create(ownerOf(principalOf(req)), body);
    return reply.status(201).send({ success: true, data: twinJson(twin) });
  });

  app.get(`${base}/:twinId`, { preHandler }, async (req) => {
    const { twinId } = parseInput(TwinRefParams, req.params, 'params');
    return { success: true, data: twinJson(await twins.find(twinId, principalOf(req).customerId)) };
  });

  app.patch(`${base}/:twinId`, { preHandler }, async (req) => {
    const { twinId } = parseInput(TwinRefParams, req.params, 'params');
    const body = parseInput(TwinPatchInput, req.body);
    return { success: true, data: twinJson(await twins.update(ownerOf(principalOf(req)), twinId, body)) };
  });

  app.delete(`${base}/:twinId`, { preHandler }, async (req) => {
    const { twinId } = parseInput(TwinRefParams, req.params, 'params');
    const twin = await twins.remove(ownerOf(principalOf(req)), twinId);
    return { success: true, data: { deleted: true, twin_id: twin.id } };
  });

  app.get(`${base}/:twinId/export`, { preHandler }, async (req, reply) => {
    const { twinId } = parseInput(TwinRefParams, req.params, 'params');
    const { format } = parseInput(ExportQuery, req.query, 'query');
    const file = await twins.exportFile(principalOf(req).customerId, twinId, format);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'no-store')
      .send(file.body);
  });

  // Served to the owner's users (credentials), and to anyone holding the content hash (`?v=`):
  // that is the link Discord is given for webhook avatars, which it fetches without credentials.
  app.get(`${base}/:twinId/avatar`, async (req, reply) => {
    const { twinId } = parseInput(TwinRefParams, req.params, 'params');
    const { v } = parseInput(AvatarQuery, req.query, 'query');
    let access: { viewer: string } | { etag: string };
    if (hasCredentials(req)) {
      req.principal = await deps.auth.authenticate(req.headers);
      await deps.limiter.consume(req.principal.userId, reply);
      access = { viewer: req.principal.customerId };
    } else if (v) access = { etag: v };
    else throw new AppError('UNAUTHORIZED', 'Not authenticated');
    const avatar = await twins.avatar(twinId, access);
    const etag = `"${avatar.etag}"`;
    reply.header('etag', etag).header('cache-control', 'viewer' in access ? 'private, max-age=300' : IMMUTABLE);
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.header('content-type', avatar.contentType).send(avatar.data);
  });

  // The import body is the file itself: its own parsers (raw bytes, JSON or PNG) and the
  // contract's 8 MB cap, enforced while reading, before any parsing.
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    const raw = (_req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: Buffer) => void) => done(null, body);
    scope.addContentTypeParser(['application/json', 'image/png'], { parseAs: 'buffer', bodyLimit: LIMITS.fileBytes }, raw);
    scope.setErrorHandler((error, req, reply: FastifyReply) => {
      const code = (error as { code?: string }).code;
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return sendError(reply, new AppError('IMPORT_INVALID', `the file is over ${LIMITS.fileBytes / (1024 * 1024)} MB`, { field: 'body' }), req.id);
      }
      throw error;
    });
    scope.post(`${base}/import`, { preHandler }, async (req, reply) => {
      const q = parseInput(ImportQuery, req.query, 'query');
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new AppError('IMPORT_INVALID', 'the body is empty: send the persona file itself', { field: 'body' });
      }
      const add = q.add_to_workspace === 'true' ? { participationMode: q.participation_mode } : null;
      const result = await twins.importFile(ownerOf(principalOf(req)), { contentType: req.headers['content-type'] ?? '', bytes: body }, add);
      return reply.status(201).send({ success: true, data: { twins: result.twins.map(twinJson), skipped: result.skipped } });
    });
  });
}
