import { z } from 'zod';
import { AddTwinBody, AvailableQuery, ChatBody, PatchTwinBody, StreamBody } from './schemas.js';
import { TWIN_SERVICE_BASES } from './routes/twin-service.js';
import { CompletionBody, GroupTwinsQuery, PanelBody } from './twin-service-schemas.js';
import { twinPaths } from './openapi-twins.js';
import { CreateRoundtableBody, RoundtableListQuery, RoundtableMessageBody } from './roundtable-schemas.js';

/** JSON Schema keywords zod emits that an OpenAPI 3.0 Schema Object does not allow. */
const NOT_IN_OPENAPI_30 = new Set(['contentEncoding', 'contentMediaType', '$schema', 'propertyNames', 'const', 'examples', '$defs', 'id']);

/** Drops what OpenAPI 3.0 refuses, e.g. zod's `contentEncoding: base64` on images[].base64. */
function forOpenApi30(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forOpenApi30);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (NOT_IN_OPENAPI_30.has(key)) continue;
    // Inside `properties`, keys are field names, not keywords: keep every one.
    out[key] = key === 'properties' && value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forOpenApi30(v)])) : forOpenApi30(value);
  }
  return out;
}

const json = (schema: z.ZodType) => forOpenApi30(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }));

const errorResponse = {
  description: 'Error envelope',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          success: { type: 'boolean', enum: [false] },
          error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } }, required: ['code', 'message'] },
        },
      },
    },
  },
};

function queryParams(schema: z.ZodType) {
  const js = json(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: js.required?.includes(name) ?? false, schema: s }));
}

const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: json(schema) } } });
// Not `format: uuid`: ids are any 8-4-4-4-12 hex id (see IdSchema), which some validators refuse.
const idSchema = { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' };
const twinIdParam = { name: 'twinId', in: 'path', required: true, schema: idSchema };
const wsParam = { name: 'workspace_id', in: 'path', required: true, schema: { type: 'string' }, description: "your customer_id" };
const groupParam = { name: 'group_key', in: 'path', required: true, schema: { type: 'string', enum: ['gen_z', 'millennials', 'gen_x', 'boomers'] } };
const rtParam = { name: 'id', in: 'path', required: true, schema: idSchema };
const twinParam = { name: 'twin_id', in: 'path', required: true, schema: idSchema };
const errors = { 400: errorResponse, 401: errorResponse, 404: errorResponse, 405: errorResponse, 413: errorResponse, 415: errorResponse, 429: errorResponse };
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description: 'Same key and same body: the same reply. Same key and another body: 422 IDEMPOTENCY_KEY_REUSED.',
};

/** The twin-service paths, under each base the server registers them at (ours and the upstream's). */
function twinServicePaths(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const base of TWIN_SERVICE_BASES) {
    const ws = `${base}/v1/workspaces/{workspace_id}`;
    paths[`${ws}/static-groups/{group_key}/twins`] = {
      get: { summary: 'List a static group', parameters: [wsParam, groupParam, ...queryParams(GroupTwinsQuery)], responses: { 200: { description: '{data, page}' }, ...errors } },
    };
    paths[`${ws}/twins/{twin_id}`] = {
      get: { summary: 'One twin', parameters: [wsParam, twinParam], responses: { 200: { description: 'Twin' }, ...errors } },
    };
    paths[`${ws}/twins/{twin_id}/chat-completions`] = {
      post: {
        summary: 'Ask one twin; structured output with responseFormat',
        parameters: [wsParam, twinParam, idempotencyKey],
        requestBody: body(CompletionBody),
        responses: { 200: { description: '{answer, reason}, your schema, or {responses: [5]}' }, 422: errorResponse, 502: errorResponse, 503: errorResponse, ...errors },
      },
    };
    paths[`${ws}/static-groups/{group_key}/chat-completions`] = {
      post: {
        summary: 'Ask a whole group (panel); 503 with the common error when every twin failed for the same reason',
        parameters: [wsParam, groupParam, idempotencyKey],
        requestBody: body(PanelBody),
        responses: { 200: { description: '{results, failed}' }, 422: errorResponse, 503: errorResponse, ...errors },
      },
    };
  }
  return paths;
}

/** The OpenAPI document, generated from the same zod schemas that validate requests. */
export function buildOpenApi(version: string, extraPaths: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: { title: 'Twinbridge API', version, description: 'Twin workspace, chat (sync and SSE) and twin-service APIs.' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'JWT (HS256/RS256) or API key tb_…' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
    security: [{ bearer: [] }, { apiKey: [] }],
    paths: {
      '/api/v2/twin-workspace/available': {
        get: { summary: 'List available twins', parameters: queryParams(AvailableQuery), responses: { 200: { description: 'Catalog page' }, ...errors } },
      },
      '/api/v2/twin-workspace/mine': { get: { summary: 'My workspace', responses: { 200: { description: 'Workspace' }, ...errors } } },
      '/api/v2/twin-workspace/twins': {
        post: { summary: 'Add twin to workspace', requestBody: body(AddTwinBody), responses: { 201: { description: 'Added' }, 409: errorResponse, ...errors } },
      },
      '/api/v2/twin-workspace/twins/{twinId}': {
        delete: { summary: 'Remove twin', parameters: [twinIdParam], responses: { 200: { description: 'Removed' }, ...errors } },
        patch: { summary: 'Update twin settings', parameters: [twinIdParam], requestBody: body(PatchTwinBody), responses: { 200: { description: 'Updated' }, ...errors } },
      },
      '/api/v2/ws': { get: { summary: 'WebSocket: twin:added, twin:removed, twin:updated (token also as ?token=)', responses: { 101: { description: 'Switching protocols' } } } },
      '/api/v1/chat': {
        post: {
          summary: 'Chat (complete reply)',
          parameters: [idempotencyKey],
          requestBody: body(ChatBody),
          responses: { 200: { description: 'Reply' }, 422: errorResponse, 503: errorResponse, ...errors },
        },
      },
      '/api/v2/chat/stream': {
        post: {
          summary: 'Chat (Server-Sent Events)',
          parameters: [idempotencyKey],
          requestBody: body(StreamBody),
          responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, 422: errorResponse, ...errors },
        },
      },
      '/api/v2/chat/stream/{streamId}': {
        get: {
          summary: 'Re-attach to a reply stream (Last-Event-ID replays what was missed)',
          parameters: [
            { name: 'streamId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: { 200: { description: 'text/event-stream' }, ...errors },
        },
      },
      '/v1/workspaces/{workspace_id}/static-groups/{group_key}/twins': {
        get: {
          summary: 'List a static group (also under /api/digital-twin-service)',
          parameters: [wsParam, groupParam, ...queryParams(GroupTwinsQuery)],
          responses: { 200: { description: '{data, page}' }, ...errors },
        },
      },
      '/v1/workspaces/{workspace_id}/twins/{twin_id}': {
        get: { summary: 'One twin', parameters: [wsParam, twinParam], responses: { 200: { description: 'Twin' }, ...errors } },
      },
      '/v1/workspaces/{workspace_id}/twins/{twin_id}/chat-completions': {
        post: {
          summary: 'Ask one twin; structured output with responseFormat',
          parameters: [wsParam, twinParam],
          requestBody: body(CompletionBody),
          responses: { 200: { description: '{answer, reason}, your schema, or {responses: [5]}' }, 502: errorResponse, 503: errorResponse, ...errors },
        },
      },
      '/v1/workspaces/{workspace_id}/static-groups/{group_key}/chat-completions': {
        post: {
          summary: 'Ask a whole group (panel)',
          parameters: [wsParam, groupParam],
          requestBody: body(PanelBody),
          responses: { 200: { description: '{results, failed}' }, ...errors },
        },
      },
      '/api/v2/roundtables': {
        post: { summary: 'Start a roundtable (twins talking with each other)', requestBody: body(CreateRoundtableBody), responses: { 201: { description: 'Roundtable' }, 409: errorResponse, ...errors } },
        get: { summary: "List the caller's roundtables, newest first", parameters: queryParams(RoundtableListQuery), responses: { 200: { description: 'Roundtables' }, ...errors } },
      },
      '/api/v2/roundtables/{id}': {
        get: { summary: 'One roundtable with its turns', parameters: [rtParam], responses: { 200: { description: 'Roundtable' }, ...errors } },
      },
      '/api/v2/roundtables/{id}/stream': {
        get: {
          summary: 'Follow a roundtable (SSE: connected, turn_start, text_delta, reset, turn_done, message, done, error)',
          parameters: [rtParam, { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } }],
          responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errors },
        },
      },
      '/api/v2/roundtables/{id}/messages': {
        post: { summary: "A person's message joins the roundtable", parameters: [rtParam], requestBody: body(RoundtableMessageBody), responses: { 202: { description: 'Accepted' }, 409: errorResponse, ...errors } },
      },
      '/api/v2/roundtables/{id}/stop': {
        post: { summary: 'Stop a roundtable (idempotent)', parameters: [rtParam], responses: { 200: { description: 'Roundtable' }, ...errors } },
      },
      ...twinServicePaths(),
      ...twinPaths({ errorResponse, errors, json }),
      '/healthz': { get: { summary: 'Liveness', security: [], responses: { 200: { description: 'ok' } } } },
      '/readyz': { get: { summary: 'Readiness (SQLite, Redis)', security: [], responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics (text exposition format)', security: [], responses: { 200: { description: 'metrics', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
      '/api/openapi.json': { get: { summary: 'This document', security: [], responses: { 200: { description: 'OpenAPI 3.0 document' } } } },
      '/': {
        get: {
          summary: 'The web console when it is built (web/dist), else a page with the service name, version and links; JSON for Accept: application/json',
          security: [],
          responses: { 200: { description: 'home page', content: { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      '/slack/events': {
        post: {
          summary: 'Slack Events API and interactivity (signed by Slack; served when the Slack role shares this port)',
          security: [],
          responses: { 200: { description: 'acknowledged' }, 401: { description: 'bad signature' } },
        },
      },
      ...extraPaths,
    },
  };
}
