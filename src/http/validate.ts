import type { z } from 'zod';
import { AppError } from '../core/errors.js';

function fieldOf(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** Parses or throws a 400 naming the first offending field (and listing the others). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params' = 'body'): z.infer<S> {
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0]!;
  const field = fieldOf(first.path) || where;
  const message = issues
    .slice(0, 5)
    .map((i) => `${fieldOf(i.path) || where}: ${i.message}`)
    .join('; ');
  return ((): never => {
    throw new AppError('VALIDATION_ERROR', message, {
      field,
      details: { issues: issues.map((i) => ({ field: fieldOf(i.path), message: i.message })) },
    });
  })();
}
