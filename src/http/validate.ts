import type { z } from 'zod';
import { AppError } from '../core/errors.js';

function fieldOf(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

type Issue = z.core.$ZodIssue;

const UNITS: Record<string, [string, string]> = {
  string: ['character', 'characters'],
  array: ['item', 'items'],
  set: ['item', 'items'],
  file: ['byte', 'bytes'],
};

function limitText(word: 'at most' | 'at least' | 'less than' | 'more than', n: number | bigint, origin: string): string {
  const unit = UNITS[origin];
  return unit ? `${word} ${n} ${n === 1 || n === 1n ? unit[0] : unit[1]}` : `${word} ${n}`;
}

/**
 * The one place a zod issue becomes the sentence a client reads. A size issue always names its
 * limit (`at most 32000 characters`): a schema-level `error` ("is required and must be a string")
 * would otherwise stand in for every check of that schema, including the length limit.
 */
export function issueMessage(issue: Issue): string {
  if (issue.code === 'too_big') {
    if (issue.message.includes(String(issue.maximum))) return issue.message;
    return limitText(issue.inclusive === false ? 'less than' : 'at most', issue.maximum, issue.origin);
  }
  if (issue.code === 'too_small') {
    if (issue.message.includes(String(issue.minimum)) || /empty/.test(issue.message)) return issue.message;
    if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
    return limitText(issue.inclusive === false ? 'more than' : 'at least', issue.minimum, issue.origin);
  }
  return issue.message;
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
    .map((i) => `${fieldOf(i.path) || where}: ${issueMessage(i)}`)
    .join('; ');
  return ((): never => {
    throw new AppError('VALIDATION_ERROR', message, {
      field,
      details: { issues: issues.map((i) => ({ field: fieldOf(i.path), message: issueMessage(i) })) },
    });
  })();
}
