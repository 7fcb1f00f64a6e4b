/**
 * Discord-style rate limits: per-route buckets keyed by their major parameter (channel, webhook,
 * interaction token), fixed windows that start with the first request, the same response headers
 * Discord sends, and 429s scripted by a test.
 */
import { createHash } from 'node:crypto';

export type BucketName =
  | 'message-create'
  | 'message-edit'
  | 'message-delete'
  | 'typing'
  | 'webhook-execute'
  | 'webhook-edit'
  | 'interaction-webhook'
  | 'webhooks-manage'
  | 'commands'
  | 'other';

export interface BucketLimit {
  limit: number;
  windowMs: number;
}

/** Close to what Discord answers for these routes; edits and sends are 5 per 5 s per channel. */
export const DEFAULT_LIMITS: Record<BucketName, BucketLimit> = {
  'message-create': { limit: 5, windowMs: 5000 },
  'message-edit': { limit: 5, windowMs: 5000 },
  'message-delete': { limit: 5, windowMs: 1000 },
  typing: { limit: 5, windowMs: 5000 },
  'webhook-execute': { limit: 5, windowMs: 5000 },
  'webhook-edit': { limit: 5, windowMs: 5000 },
  'interaction-webhook': { limit: 5, windowMs: 5000 },
  'webhooks-manage': { limit: 10, windowMs: 10_000 },
  commands: { limit: 10, windowMs: 20_000 },
  other: { limit: 50, windowMs: 1000 },
};

export interface Scripted429 {
  method?: string;
  /** Matched against the request path (after `/api/v10`). */
  path: RegExp;
  /** How many matching requests get a 429 (default 1). */
  times?: number;
  retryAfterMs?: number;
  global?: boolean;
}

export interface LimitDecision {
  headers: Record<string, string>;
  /** Set when the request must be refused with 429. */
  refusal: { retryAfter: number; global: boolean; body: Record<string, unknown> } | null;
}

interface Window {
  resetAt: number;
  remaining: number;
}

export interface RateLimiter {
  check(input: { method: string; path: string; bucket: BucketName; major: string }): LimitDecision;
  script(rule: Scripted429): void;
}

const hashOf = (name: string): string => createHash('sha1').update(name).digest('hex').slice(0, 32);

export function createRateLimiter(overrides: Partial<Record<BucketName, BucketLimit>> = {}): RateLimiter {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  const windows = new Map<string, Window>();
  const scripted: (Scripted429 & { left: number })[] = [];

  function refuse(retryAfterMs: number, global: boolean, headers: Record<string, string>): LimitDecision {
    const retryAfter = Math.max(0.001, retryAfterMs / 1000);
    return {
      headers: {
        ...headers,
        'retry-after': String(Math.ceil(retryAfter)),
        'x-ratelimit-scope': global ? 'global' : 'user',
        ...(global ? { 'x-ratelimit-global': 'true' } : {}),
      },
      refusal: {
        retryAfter,
        global,
        body: { message: 'You are being rate limited.', retry_after: Number(retryAfter.toFixed(3)), global },
      },
    };
  }

  return {
    script(rule) {
      scripted.push({ ...rule, left: rule.times ?? 1 });
    },
    check({ method, path, bucket, major }) {
      const now = Date.now();
      const { limit, windowMs } = limits[bucket];
      const key = `${bucket}:${major}`;
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { resetAt: now + windowMs, remaining: limit };
        windows.set(key, window);
      }
      const script = scripted.find((s) => s.left > 0 && s.path.test(path) && (!s.method || s.method === method));
      const resetAfter = (window.resetAt - now) / 1000;
      const headers = (remaining: number): Record<string, string> => ({
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': (window.resetAt / 1000).toFixed(3),
        'x-ratelimit-reset-after': resetAfter.toFixed(3),
        'x-ratelimit-bucket': hashOf(bucket),
      });
      if (script) {
        script.left -= 1;
        return refuse(script.retryAfterMs ?? 1000, script.global ?? false, headers(window.remaining));
      }
      if (window.remaining <= 0) return refuse(window.resetAt - now, false, headers(0));
      window.remaining -= 1;
      return { headers: headers(window.remaining), refusal: null };
    },
  };
}
