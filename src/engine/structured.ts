/**
 * JSON Schema checks for structured answers. One Ajv instance, each schema compiled once and
 * cached by its JSON text: panels send the same schema to every twin, and compiling is the
 * expensive part.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AppError } from '../core/errors.js';
import { valueDepth } from '../core/json-bounds.js';

// `strict: false`: client schemas carry keywords Ajv does not know (e.g. OpenAPI's `example`);
// they must not be refused for that. Meta-schema checks still catch schemas that are wrong.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);

const CACHE_LIMIT = 256;
const cache = new Map<string, ValidateFunction>();

/** Largest client schema accepted, as JSON text; keeps the compile cache and prompts bounded. */
export const MAX_SCHEMA_CHARS = 32_000;
/** Deepest client schema accepted: Ajv compiles recursively, and so does JSON.stringify. */
export const MAX_SCHEMA_DEPTH = 32;

/** The compiled validator for a schema; throws a 400 naming `field` when it is not a usable schema. */
export function validatorFor(schema: Record<string, unknown>, field = 'responseFormat.json_schema.schema'): ValidateFunction {
  // Checked before anything recursive touches the schema (this is also reached from the queue).
  if (valueDepth(schema, MAX_SCHEMA_DEPTH) > MAX_SCHEMA_DEPTH) {
    throw new AppError('VALIDATION_ERROR', `${field}: must be nested at most ${MAX_SCHEMA_DEPTH} levels deep`, { field });
  }
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) {
    // Re-insert so the map's order is least recently used first.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  if (key.length > MAX_SCHEMA_CHARS) {
    throw new AppError('VALIDATION_ERROR', `${field}: must be at most ${MAX_SCHEMA_CHARS} characters of JSON`, { field });
  }
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError('VALIDATION_ERROR', `${field}: is not a valid JSON Schema (${why.slice(0, 300)})`, { field, cause: err });
  }
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, validate);
  return validate;
}

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'does not match the schema';
  return errors
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`)
    .join('; ');
}

export type StructuredCheck = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * Parses a model's final text and checks it against the schema. A Markdown code fence around
 * the JSON is tolerated (providers without constrained decoding add one); nothing else is.
 */
export function checkStructured(text: string, validate: ValidateFunction): StructuredCheck {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
  const json = fenced?.[1] ?? trimmed;
  if (json === '') return { ok: false, problem: 'the answer was empty' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    return { ok: false, problem: `the answer was not valid JSON (${err instanceof Error ? err.message : 'parse error'})` };
  }
  if (!validate(value)) return { ok: false, problem: describeErrors(validate.errors) };
  return { ok: true, value };
}
