/**
 * Bounds for free-form JSON (a chat `context`, workspace `settings`, a client's JSON Schema).
 * Everything here is iterative: a 100,000-level document must be measured without the stack
 * overflow it would cause in JSON.stringify, a recursive validator, or BullMQ's job serializer.
 */
import { z } from 'zod';

/** Deepest nesting any request body may have; per-field limits below are tighter. */
export const MAX_BODY_DEPTH = 64;

/**
 * The nesting depth of JSON text, stopping as soon as it passes `limit` (so the scan of a hostile
 * body costs at most one pass). Brackets inside strings do not count.
 */
export function jsonTextDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Nesting depth of a parsed value (a scalar is 0, `{}` is 1), stopping once past `limit`. */
export function valueDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const here = d + 1;
    if (here > max) max = here;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, here]);
    }
  }
  return max;
}

/**
 * For a body nested past `limit`: the top-level field that is (a value parsed with JSON.parse,
 * which does not recurse; measured without recursion). 'body' when the body itself is an array.
 */
export function deepestField(body: unknown, limit: number): string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'body';
  for (const [key, value] of Object.entries(body)) if (valueDepth(value, limit) >= limit) return key;
  return 'body';
}

export interface JsonBounds {
  maxDepth: number;
  maxBytes: number;
}

/** Why `value` breaks the bounds (a message naming the limit), or null when it is within them. */
export function jsonBoundsProblem(value: unknown, bounds: JsonBounds): string | null {
  if (valueDepth(value, bounds.maxDepth) > bounds.maxDepth) return `must be nested at most ${bounds.maxDepth} levels deep`;
  // Safe now: the depth is bounded.
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > bounds.maxBytes) return `must be at most ${bounds.maxBytes} bytes of JSON`;
  return null;
}

/** A JSON object field of bounded depth and size; the 400 names the field and the limit. */
export function boundedJsonObject(bounds: JsonBounds, params?: { error?: string }) {
  return z.record(z.string(), z.unknown(), params?.error ? { error: params.error } : undefined).superRefine((v, ctx) => {
    const problem = jsonBoundsProblem(v, bounds);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: v });
  });
}
