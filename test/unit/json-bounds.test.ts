/** Depth and size bounds measure hostile JSON without recursing (no stack overflow at any depth). */
import { describe, expect, it } from 'vitest';
import { jsonBoundsProblem, jsonTextDepth, valueDepth } from '../../src/core/json-bounds.js';
import { validatorFor } from '../../src/engine/structured.js';

const deepText = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('json bounds', () => {
  it('measure a million levels of text and value without overflowing', () => {
    const text = deepText(1_000_000);
    expect(jsonTextDepth(text, 64)).toBe(65);
    const value = JSON.parse(text) as unknown;
    expect(valueDepth(value, 64)).toBe(65);
    expect(jsonBoundsProblem(value, { maxDepth: 16, maxBytes: 100 })).toBe('must be nested at most 16 levels deep');
  });

  it('ignore brackets inside strings, and count escapes right', () => {
    expect(jsonTextDepth('{"a":"[[[[\\"[[["}', 10)).toBe(1);
    expect(valueDepth({ a: [1, { b: null }] }, 10)).toBe(3);
  });

  it('name the byte limit for wide values', () => {
    expect(jsonBoundsProblem({ a: 'é'.repeat(10) }, { maxDepth: 4, maxBytes: 20 })).toBe('must be at most 20 bytes of JSON');
  });

  it('validatorFor refuses a deep schema with a 400 before compiling (it is also reached from the queue)', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 5000; i++) schema = { type: 'array', items: schema };
    expect(() => validatorFor(schema)).toThrow(/at most 32 levels deep/);
  });
});
