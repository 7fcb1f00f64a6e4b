import type { z } from 'zod';
import { TwinCreateInput, TwinPatchInput } from '../catalog/twin-input.js';
import { AvatarQuery, ExportQuery, ImportQuery } from './routes/twins.js';

/** The paths of api/twins.md, for the OpenAPI document (its error shapes and schema converter). */
export function twinPaths(doc: {
  errorResponse: Record<string, unknown>;
  errors: Record<number, unknown>;
  json: (schema: z.ZodType) => unknown;
}): Record<string, unknown> {
  const { errorResponse, errors, json } = doc;
  const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: json(schema) } } });
  const queryParams = (schema: z.ZodType) => {
    const js = json(schema) as { properties?: Record<string, unknown>; required?: string[] };
    return Object.entries(js.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: js.required?.includes(name) ?? false, schema: s }));
  };
  const ref = { name: 'twinId', in: 'path', required: true, schema: { type: 'string' }, description: 'id or slug' };
  return {
    '/api/v2/twins': {
      post: { summary: 'Create a custom twin', requestBody: body(TwinCreateInput), responses: { 201: { description: 'The twin' }, 409: errorResponse, ...errors } },
    },
    '/api/v2/twins/import': {
      post: {
        summary: 'Import a persona file (Character Card V1–V3 JSON or PNG, elizaOS, PluralKit, Tupperbox), at most 8 MB',
        parameters: queryParams(ImportQuery),
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'object' } },
            'image/png': { schema: { type: 'string', format: 'binary' } },
          },
        },
        responses: { 201: { description: '{twins, skipped}' }, 415: errorResponse, ...errors },
      },
    },
    '/api/v2/twins/{twinId}': {
      get: { summary: 'A catalog twin or one of your own', parameters: [ref], responses: { 200: { description: 'The twin' }, ...errors } },
      patch: {
        summary: 'Edit one of your own twins',
        parameters: [ref],
        requestBody: body(TwinPatchInput),
        responses: { 200: { description: 'The twin' }, 403: errorResponse, 409: errorResponse, ...errors },
      },
      delete: { summary: 'Delete one of your own twins', parameters: [ref], responses: { 200: { description: '{deleted, twin_id}' }, 403: errorResponse, ...errors } },
    },
    '/api/v2/twins/{twinId}/export': {
      get: {
        summary: 'The twin as a file: ccv2, ccv3, eliza (JSON) or png (card image with chara and ccv3 chunks)',
        parameters: [ref, ...queryParams(ExportQuery)],
        responses: {
          200: {
            description: 'attachment',
            content: { 'application/json': { schema: { type: 'object' } }, 'image/png': { schema: { type: 'string', format: 'binary' } } },
          },
          ...errors,
        },
      },
    },
    '/api/v2/twins/{twinId}/avatar': {
      get: {
        summary: 'A stored avatar (with credentials, or with ?v=<hash> from a public link); ETag and Cache-Control',
        security: [{}, { bearer: [] }, { apiKey: [] }],
        parameters: [ref, ...queryParams(AvatarQuery)],
        responses: { 200: { description: 'image', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } }, 304: { description: 'Not modified' }, ...errors },
      },
    },
  };
}
