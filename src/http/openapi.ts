import { z } from 'zod';
import { AddTwinBody, AvailableQuery, ChatBody, PatchTwinBody, StreamBody } from './schemas.js';
import { CompletionBody, GroupTwinsQuery, PanelBody } from './twinServiceSchemas.js';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });

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
const twinIdParam = { name: 'twinId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const wsParam = { name: 'workspace_id', in: 'path', required: true, schema: { type: 'string' }, description: "your customer_id" };
const groupParam = { name: 'group_key', in: 'path', required: true, schema: { type: 'string', enum: ['gen_z', 'millennials', 'gen_x', 'boomers'] } };
const twinParam = { name: 'twin_id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const errors = { 400: errorResponse, 401: errorResponse, 404: errorResponse, 429: errorResponse };

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
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }],
          requestBody: body(ChatBody),
          responses: { 200: { description: 'Reply' }, ...errors },
        },
      },
      '/api/v2/chat/stream': {
        post: {
          summary: 'Chat (Server-Sent Events)',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }],
          requestBody: body(StreamBody),
          responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errors },
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
      '/api/openapi.json': { get: { summary: 'This document', security: [], responses: { 200: { description: 'OpenAPI 3.0 document' } } } },
      '/healthz': { get: { summary: 'Liveness', security: [], responses: { 200: { description: 'ok' } } } },
      '/readyz': { get: { summary: 'Readiness (SQLite, Redis)', security: [], responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } } } },
      ...extraPaths,
    },
  };
}
