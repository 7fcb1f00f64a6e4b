/**
 * Slack-style rate limits and scripted failures for the fake Web API. Limits are per method per
 * team over a sliding window, like Slack's tiers; a call over the limit gets HTTP 429 with
 * `Retry-After` (whole seconds) and `{ok:false, error:'ratelimited'}`.
 */

/** Calls per minute by tier (docs.slack.dev/apis/web-api/rate-limits). */
export const TIERS = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;

/** Defaults for the methods the adapter uses; anything else gets tier 3. */
const DEFAULT_LIMITS: Record<string, number> = {
  'auth.test': 1000,
  // chat.postMessage is "special" (about one per second per channel, bursts allowed).
  'chat.postMessage': 60,
  'chat.postEphemeral': TIERS[4],
  'chat.update': TIERS[3],
  'chat.delete': TIERS[3],
  'chat.startStream': TIERS[3],
  'chat.appendStream': TIERS[4],
  'chat.stopStream': TIERS[3],
  'assistant.threads.setStatus': TIERS[3],
};

export type ScriptedFailure =
  | { kind: 'ratelimited'; retryAfterSec: number }
  | { kind: 'error'; error: string }
  | { kind: 'http'; status: number };

export type Verdict = { ok: true } | { ok: false; failure: ScriptedFailure };

export interface FakeLimits {
  /** Overrides a method's limit: `perWindow` calls per `windowMs` (default one minute). */
  set(method: string, perWindow: number, windowMs?: number): void;
  /** The next `times` calls of `method` fail this way, before any limit is counted. */
  failNext(method: string, failure: ScriptedFailure, times?: number): void;
  /** Every call of these methods answers `{ok:false,error}` until `restore` (default `unknown_method`). */
  disable(methods: string[], error?: string): void;
  restore(methods: string[]): void;
  check(method: string, team: string, now: number): Verdict;
}

export function createFakeLimits(): FakeLimits {
  const overrides = new Map<string, { perWindow: number; windowMs: number }>();
  const scripted = new Map<string, ScriptedFailure[]>();
  const disabled = new Map<string, string>();
  const calls = new Map<string, number[]>();

  return {
    set(method, perWindow, windowMs = 60_000) {
      overrides.set(method, { perWindow, windowMs });
      for (const key of calls.keys()) if (key.endsWith(`|${method}`)) calls.delete(key);
    },
    failNext(method, failure, times = 1) {
      const queue = scripted.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(failure);
      scripted.set(method, queue);
    },
    disable(methods, error = 'unknown_method') {
      for (const m of methods) disabled.set(m, error);
    },
    restore(methods) {
      for (const m of methods) disabled.delete(m);
    },
    check(method, team, now) {
      const off = disabled.get(method);
      if (off) return { ok: false, failure: { kind: 'error', error: off } };
      const next = scripted.get(method)?.shift();
      if (next) return { ok: false, failure: next };
      const limit = overrides.get(method) ?? { perWindow: DEFAULT_LIMITS[method] ?? TIERS[3], windowMs: 60_000 };
      const key = `${team}|${method}`;
      const recent = (calls.get(key) ?? []).filter((t) => t > now - limit.windowMs);
      if (recent.length >= limit.perWindow) {
        calls.set(key, recent);
        const oldest = recent[0] ?? now;
        const retryAfterSec = Math.max(1, Math.ceil((oldest + limit.windowMs - now) / 1000));
        return { ok: false, failure: { kind: 'ratelimited', retryAfterSec } };
      }
      recent.push(now);
      calls.set(key, recent);
      return { ok: true };
    },
  };
}
