/**
 * The built-in answer when no turn is queued: instant and deterministic, so a benchmark can use
 * the fake as a model without scripting it.
 *
 * - `tool_choice` naming a client tool: one `tool_use` with an input sampled from its schema.
 * - `tool_choice` naming `web_search`: one search for the last user text, then the greeting.
 * - `output_config.format` (structured outputs): JSON sampled from the schema, as text.
 * - otherwise: `Hello from <first 40 chars of the system prompt>.` streamed word by word.
 */
import type { FakeResponder, FakeTurn, RecordedRequest } from './types.js';

type Schema = Record<string, unknown>;

function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const STRING_FORMATS: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  time: '00:00:00',
  email: 'twin@example.com',
  uri: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
};

/** A value valid against common JSON Schemas (objects, arrays, enums, $ref, anyOf, bounds). */
export function sampleFromSchema(schema: unknown, root: unknown = schema, depth = 0): unknown {
  if (!isObject(schema) || depth > 10) return null;
  if (typeof schema['$ref'] === 'string' && isObject(root)) {
    const name = schema['$ref'].split('/').pop() ?? '';
    const defs = (root['$defs'] ?? root['definitions']) as Schema | undefined;
    return sampleFromSchema(defs?.[name], root, depth + 1);
  }
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  const variants = schema['anyOf'] ?? schema['oneOf'];
  if (Array.isArray(variants) && variants.length > 0) return sampleFromSchema(variants[0], root, depth + 1);
  const rawType = schema['type'];
  const type = Array.isArray(rawType) ? (rawType.find((t) => t !== 'null') ?? 'null') : rawType;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isObject(schema['properties']) ? schema['properties'] : {};
      for (const [key, sub] of Object.entries(props)) out[key] = sampleFromSchema(sub, root, depth + 1);
      return out;
    }
    case 'array': {
      const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 1;
      const max = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : Math.max(1, min);
      const count = Math.min(Math.max(min, 1), max);
      return Array.from({ length: count }, () => sampleFromSchema(schema['items'], root, depth + 1));
    }
    case 'string': {
      const format = typeof schema['format'] === 'string' ? STRING_FORMATS[schema['format']] : undefined;
      if (format) return format;
      const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
      return 'sample'.padEnd(min, 'x');
    }
    case 'integer':
    case 'number': {
      const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : 0;
      const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : Number.POSITIVE_INFINITY;
      return Math.min(type === 'integer' ? Math.ceil(min) : min, max);
    }
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** Splits after each run of whitespace, so the pieces join back to the original. */
export function wordChunks(text: string): string[] {
  const parts = text.match(/\S+\s*|\s+/g);
  return parts ?? [text];
}

export function greeting(req: RecordedRequest): string {
  const system = req.systemText.replace(/\s+/g, ' ').trim().slice(0, 40);
  return `Hello from ${system || 'the fake model'}.`;
}

export const defaultResponder: FakeResponder = (req): FakeTurn => {
  const choice = req.body.tool_choice;
  if (choice?.type === 'tool' && typeof choice.name === 'string') {
    if (choice.name === 'web_search') {
      const query = req.lastUserText.replace(/\s+/g, ' ').trim().slice(0, 60) || 'news';
      return { webSearch: { query }, text: wordChunks(greeting(req)) };
    }
    const tool = req.body.tools?.find((t) => t['name'] === choice.name);
    return { toolUses: [{ name: choice.name, input: sampleFromSchema(tool?.['input_schema'] ?? { type: 'object' }) }] };
  }
  const schema = req.body.output_config?.format?.schema;
  if (schema) {
    const json = JSON.stringify(sampleFromSchema(schema));
    const half = Math.ceil(json.length / 2);
    return { text: [json.slice(0, half), json.slice(half)] };
  }
  return { text: wordChunks(greeting(req)) };
};
