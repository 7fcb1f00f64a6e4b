import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATIC_GROUPS, type Twin } from '../../core/domain.js';
import { AppError, toAppError, validationError } from '../../core/errors.js';
import type { TwinCatalog } from '../../core/ports.js';
import { completionJobId, mapLimit, type CompletionInput, type CompletionService } from '../../chat/completion-service.js';
import { ownerOf, type Authenticator, type Principal } from '../auth.js';
import { idempotencyKeyOf, type IdempotencyGuard } from '../idempotency.js';
import type { RateLimiter } from '../rate-limit.js';
import { guarded, principalOf } from '../server.js';
import {
  checkCompletionBody,
  CompletionBody,
  GroupTwinsQuery,
  notInWorkspace,
  PanelBody,
  parseTwinIdList,
  twinView,
  type CompletionBodyInput,
} from '../twin-service-schemas.js';
import { parseInput } from '../validate.js';

export interface TwinServiceRouteDeps {
  auth: Authenticator;
  /** Listing and reading twins. */
  readLimiter: RateLimiter;
  /** Chat completions; a panel spends one point, like one request. */
  completionLimiter: RateLimiter;
  catalog: TwinCatalog;
  completions: CompletionService;
  idempotency: IdempotencyGuard;
  /** Panel jobs in flight at once per request. */
  panelConcurrency?: number;
}

/** Our own paths and the upstream service's base path, so its existing clients work unchanged. */
export const TWIN_SERVICE_BASES = ['', '/api/digital-twin-service'] as const;
const DEFAULT_PANEL_CONCURRENCY = 8;

type Params = Record<string, string | undefined>;

function param(req: FastifyRequest, name: string): string {
  return (req.params as Params)[name] ?? '';
}

/** `workspace_id` is the caller's tenant; any other value is answered as if it did not exist. */
function workspaceOf(req: FastifyRequest): Principal {
  const p = principalOf(req);
  const workspaceId = param(req, 'workspace_id');
  if (workspaceId !== p.customerId) throw notInWorkspace(workspaceId);
  return p;
}

/** The request's Idempotency-Key, once bound to this request's body (another body: 422). */
async function idempotencyKey(req: FastifyRequest, guard: IdempotencyGuard): Promise<string | null> {
  const key = idempotencyKeyOf(req);
  if (key !== null) await guard.check(principalOf(req), key, req);
  return key;
}

/** Aborted when the client disconnects before its answer: stop waiting (the job still finishes). */
function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableEnded) controller.abort();
  });
  return controller.signal;
}

function toInput(body: CompletionBodyInput, p: Principal, twinId: string): CompletionInput {
  return {
    owner: ownerOf(p),
    twinId,
    messages: body.messages,
    responseFormat: body.responseFormat ?? null,
    temperature: body.temperature ?? null,
    useWebSearch: body.useWebSearch ?? 'never',
    verbalizedSampling: body.useVerbalizedSampling === true,
  };
}

/** A panel row: the answer's own fields, then the twin's identity (which wins a name clash). */
function panelRow(twin: Twin, value: unknown): Record<string, unknown> {
  const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { answer: value };
  return { ...fields, twinId: twin.id, name: twin.name };
}

/** api/twin-service.md, plus group panels. */
export function registerTwinServiceRoutes(app: FastifyInstance, deps: TwinServiceRouteDeps): void {
  const read = { preHandler: guarded(deps.auth, deps.readLimiter) };
  const complete = { preHandler: guarded(deps.auth, deps.completionLimiter) };
  const concurrency = deps.panelConcurrency ?? DEFAULT_PANEL_CONCURRENCY;

  async function groupTwins(groupKey: string, p: Principal): Promise<Twin[]> {
    const twins = await deps.catalog.listGroup(groupKey, p.customerId);
    if (twins.length === 0 && !(STATIC_GROUPS as readonly string[]).includes(groupKey)) {
      throw new AppError('GROUP_NOT_FOUND', `group_key: no static group "${groupKey.slice(0, 100)}"`, { field: 'group_key' });
    }
    return twins;
  }

  /** Global twins, and workspace twins of the caller's own customer; the rest do not exist. */
  async function visibleTwin(twinId: string, p: Principal): Promise<Twin> {
    const twin = await deps.catalog.get(twinId.toLowerCase(), p.customerId);
    if (!twin) {
      throw new AppError('TWIN_NOT_FOUND', `twin_id: twin ${twinId.slice(0, 100)} not found`, { field: 'twin_id' });
    }
    return twin;
  }

  for (const base of TWIN_SERVICE_BASES) {
    const ws = `${base}/v1/workspaces/:workspace_id`;

    app.get(`${ws}/static-groups/:group_key/twins`, read, async (req) => {
      const p = workspaceOf(req);
      const q = parseInput(GroupTwinsQuery, req.query, 'query');
      const ids = parseTwinIdList(q.twinIds);
      const twins = (await groupTwins(param(req, 'group_key'), p)).filter((t) => !ids || ids.has(t.id.toLowerCase()));
      if (q.order === 'desc') twins.reverse();
      const start = (q.page - 1) * q.size;
      return {
        data: twins.slice(start, start + q.size).map(twinView),
        page: { size: q.size, totalElements: twins.length, totalPages: Math.ceil(twins.length / q.size), currentPage: q.page },
      };
    });

    app.get(`${ws}/twins/:twin_id`, read, async (req) => twinView(await visibleTwin(param(req, 'twin_id'), workspaceOf(req))));

    app.post(`${ws}/twins/:twin_id/chat-completions`, complete, async (req, reply) => {
      const p = workspaceOf(req);
      const body = parseInput(CompletionBody, req.body);
      checkCompletionBody(body);
      const twin = await visibleTwin(param(req, 'twin_id'), p);
      const jobId = completionJobId(ownerOf(p), twin.id, await idempotencyKey(req, deps.idempotency));
      const result = await deps.completions.run(toInput(body, p, twin.id), jobId, clientGone(reply));
      // Serialized by hand: a custom schema may describe a bare string or number, still JSON.
      return reply.header('x-stream-id', result.jobId).type('application/json; charset=utf-8').send(JSON.stringify(result.value));
    });

    app.post(`${ws}/static-groups/:group_key/chat-completions`, complete, async (req, reply) => {
      const p = workspaceOf(req);
      const body = parseInput(PanelBody, req.body);
      checkCompletionBody(body);
      const groupKey = param(req, 'group_key');
      const members = await groupTwins(groupKey, p);
      let panel = members;
      if (body.twinIds) {
        const byId = new Map(members.map((t) => [t.id.toLowerCase(), t]));
        const picked = body.twinIds.map((id, i) => {
          const twin = byId.get(id.toLowerCase());
          if (!twin) throw validationError(`twinIds[${i}]`, `is not a twin of group ${groupKey}`);
          return twin;
        });
        panel = [...new Map(picked.map((t) => [t.id, t])).values()];
      }
      const key = await idempotencyKey(req, deps.idempotency);
      const signal = clientGone(reply);
      const outcomes = await mapLimit(panel, concurrency, async (twin) => {
        try {
          const result = await deps.completions.run(toInput(body, p, twin.id), completionJobId(ownerOf(p), twin.id, key), signal);
          return { ok: true as const, row: panelRow(twin, result.value) };
        } catch (err) {
          const e = toAppError(err);
          req.log.warn({ twin: twin.slug, code: e.code }, 'panel member failed');
          const message = e.code === 'INTERNAL' ? e.userMessage : e.message;
          return { ok: false as const, error: e, row: { twinId: twin.id, name: twin.name, error: { code: e.code, message } } };
        }
      });
      const failures = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
      // Every twin failed for the same reason (no provider offline, the model down): that is the
      // answer, with its own status, not a 200 with nothing in it.
      if (failures.length > 0 && failures.length === outcomes.length && failures.every((f) => f.code === failures[0]!.code)) {
        const first = failures[0]!;
        throw first.code === 'INTERNAL' ? new AppError('INTERNAL', first.userMessage) : new AppError(first.code, `every twin of the panel failed: ${first.message}`, { retryable: first.retryable, ...(first.retryAfterMs !== undefined ? { retryAfterMs: first.retryAfterMs } : {}) });
      }
      return {
        results: outcomes.filter((o) => o.ok).map((o) => o.row),
        failed: outcomes.filter((o) => !o.ok).map((o) => o.row),
      };
    });
  }
}
