/**
 * /api/openapi.json is a valid OpenAPI 3 document (checked by a real validator) and documents
 * every route the server registers, as fastify's own route list reports them.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

let app: TestApp;
let doc: { openapi: string; paths: Record<string, Record<string, unknown>> };

beforeAll(async () => {
  app = await startTestApp({ api: true, anthropic: false, worker: false });
  doc = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as typeof doc;
});
afterAll(async () => {
  await app?.close();
});

/** fastify's `/a/:id` in OpenAPI's spelling, `/a/{id}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('GET /api/openapi.json', () => {
  it('validates as OpenAPI 3', async () => {
    expect(doc.openapi).toMatch(/^3\.0\./);
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? [], JSON.stringify(result.errors?.slice(0, 3), null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every route the server registers', () => {
    const routes = app.http!.routeIndex.routes();
    expect(routes.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const { method, url } of routes) {
      // HEAD is fastify's automatic twin of GET; it is documented by the GET.
      const m = method === 'HEAD' ? 'get' : method.toLowerCase();
      const path = openApiPath(url);
      if (!doc.paths[path]?.[m]) missing.push(`${method} ${url} → add paths['${path}'].${m} to src/http/openapi.ts`);
    }
    expect(missing, `routes registered but not in /api/openapi.json:\n${missing.join('\n')}`).toEqual([]);
  });

  it('includes the operational routes and the upstream aliases', () => {
    for (const p of ['/', '/metrics', '/api/openapi.json', '/healthz', '/readyz', '/api/digital-twin-service/v1/workspaces/{workspace_id}/twins/{twin_id}/chat-completions']) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });
});
