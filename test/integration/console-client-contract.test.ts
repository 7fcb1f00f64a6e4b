/**
 * The console's API client against the served OpenAPI document: every call it makes (method and
 * path), every query parameter and body field it sends, and every response field it reads where
 * the document declares a response schema. The browser test also checks each request the
 * running console actually made against the same document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS, type Endpoint } from '../../web/src/api/endpoints.js';
import { startTestApp, type TestApp } from '../support/harness.js';

type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema; $ref?: string; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[] };
type Operation = {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
type Doc = { paths: Record<string, Record<string, Operation> & { parameters?: Operation['parameters'] }>; components?: { schemas?: Record<string, Schema> } };

const FEATURE_BASE = { twins: '/api/v2/twins', roundtables: '/api/v2/roundtables' } as const;

function deref(doc: Doc, s: Schema | undefined): Schema | undefined {
  if (s?.$ref) return deref(doc, doc.components?.schemas?.[s.$ref.split('/').pop() ?? '']);
  return s;
}

/** Whether a dotted field (`data.twins[].name`) is declared; null when the schema says nothing. */
function declared(doc: Doc, root: Schema | undefined, field: string): boolean | null {
  let s = deref(doc, root);
  for (const part of field.split('.')) {
    const [name, ...arrays] = part.split('[]');
    if (!s) return null;
    const variants = s.anyOf ?? s.oneOf ?? s.allOf;
    if (variants) s = variants.map((v) => deref(doc, v)).find((v) => v?.properties?.[name!]) ?? s;
    if (!s.properties) return null;
    s = deref(doc, s.properties[name!]);
    if (!s) return false;
    // `twins[]` splits into ['twins', '']: one `items` step per [].
    for (let i = 0; i < arrays.length; i++) s = deref(doc, s?.items);
  }
  return true;
}

/** Every way an endpoint of the table disagrees with the document. */
export function mismatches(doc: Doc, name: string, ep: Endpoint): string[] {
  const item = doc.paths[ep.path];
  const op = item?.[ep.method.toLowerCase()];
  if (!op) return [`${name}: ${ep.method} ${ep.path} is not in the document`];
  const out: string[] = [];
  const params = [...(item.parameters ?? []), ...(op.parameters ?? [])];
  for (const q of ep.query ?? []) if (!params.some((p) => p.in === 'query' && p.name === q)) out.push(`${name}: query parameter ${q} is not declared`);
  const bodySchema = deref(doc, op.requestBody?.content?.['application/json']?.schema);
  for (const f of ep.body ?? []) {
    if (!bodySchema?.properties) out.push(`${name}: sends a JSON body but the document declares none`);
    else if (!(f in bodySchema.properties)) out.push(`${name}: body field ${f} is not declared`);
  }
  const ok = Object.entries(op.responses ?? {}).find(([code]) => /^2/.test(code))?.[1];
  const resSchema = ok?.content?.['application/json']?.schema;
  for (const f of ep.reads ?? []) if (declared(doc, resSchema, f) === false) out.push(`${name}: reads ${f}, which the response schema does not declare`);
  return out;
}

let app: TestApp;
let doc: Doc;

beforeAll(async () => {
  // The generated development secret, so the optional dev token endpoint is served too.
  app = await startTestApp({ api: true, worker: false, anthropic: false, consoleDir: null, env: { JWT_SECRET: '' } });
  doc = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as Doc;
});
afterAll(() => app.close());

describe('the console API client and the served OpenAPI document', () => {
  it('every endpoint the console calls is in the document, with the parameters and fields it uses', () => {
    const problems: string[] = [];
    const pending: string[] = [];
    for (const [name, ep] of Object.entries(ENDPOINTS) as Array<[string, Endpoint]>) {
      if (ep.feature && !Object.keys(doc.paths).some((p) => p.startsWith(FEATURE_BASE[ep.feature!]))) {
        pending.push(name);
        continue;
      }
      problems.push(...mismatches(doc, name, ep));
    }
    expect(problems).toEqual([]);
    // Features built in parallel are checked as soon as their routes are in the document.
    for (const name of pending) expect(['twins', 'roundtables']).toContain((ENDPOINTS as Record<string, Endpoint>)[name]!.feature);
    expect(Object.keys(ENDPOINTS).length - pending.length).toBeGreaterThanOrEqual(12);
  });

  it('catches a path, a method, a query parameter and a body field the document does not have', () => {
    expect(mismatches(doc, 'x', { method: 'GET', path: '/api/v2/nope' })).toHaveLength(1);
    expect(mismatches(doc, 'x', { method: 'PUT' as 'GET', path: '/api/v2/twin-workspace/mine' })).toHaveLength(1);
    expect(mismatches(doc, 'x', { method: 'GET', path: '/api/v2/twin-workspace/available', query: ['pagesize'] })).toEqual(['x: query parameter pagesize is not declared']);
    expect(mismatches(doc, 'x', { method: 'POST', path: '/api/v2/twin-workspace/twins', body: ['twinId'] })).toEqual(['x: body field twinId is not declared']);
  });

  it('checks read fields wherever a response schema is declared', () => {
    const withSchema: Doc = {
      paths: {
        '/a': {
          get: {
            responses: {
              200: { content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } } } } } } },
            },
          },
        },
      },
    };
    expect(mismatches(withSchema, 'x', { method: 'GET', path: '/a', reads: ['data[].name'] })).toEqual([]);
    expect(mismatches(withSchema, 'x', { method: 'GET', path: '/a', reads: ['data[].title'] })).toEqual(['x: reads data[].title, which the response schema does not declare']);
  });
});
