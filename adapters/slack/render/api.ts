/**
 * Every Web API call the adapter makes goes through here: `call` waits for the team's rate
 * budget and turns the WebClient's errors into a few kinds the caller acts on; `send` is the
 * same call for the render core's writers, which draw from the budget themselves and read
 * thrown errors with `classify`. The WebClient is built with `rejectRateLimitedCalls`, so a 429
 * comes back at once (instead of pausing the client's whole queue) and only that method is
 * held off for `Retry-After`.
 */
import type { Logger } from 'pino';
import type { Clock, TokenBudget } from '../../../src/render/index.js';
import type { SlackMetrics } from '../metrics.js';

export type FailureKind =
  /** 429: wait (the gate already holds the method off) and try again with fresh text. */
  | 'ratelimited'
  /** The workspace does not offer this method (native streaming): fall back for good. */
  | 'unavailable'
  /** The native stream ended on Slack's side (expired, stopped by the user). */
  | 'stream_closed'
  /** Network trouble or a Slack-side failure: worth another try. */
  | 'transient'
  /** Our request was refused; trying again will not help. */
  | 'fatal';

export type CallResult = { ok: true; data: Record<string, unknown> } | { ok: false; kind: FailureKind; error: string };

export interface SlackApi {
  call(teamId: string, method: string, args: Record<string, unknown>): Promise<CallResult>;
  /** No budget wait, throws the WebClient's error (for the render core's writers). */
  send(teamId: string, method: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** What the renderer needs of a WebClient (the real one in production and tests). */
export interface ApiClient {
  apiCall(method: string, options?: Record<string, unknown>): Promise<{ ok: boolean }>;
}

const UNAVAILABLE = new Set([
  'unknown_method',
  'not_allowed',
  'not_allowed_token_type',
  'method_not_supported_for_channel_type',
  'feature_not_enabled',
  'not_enabled',
  'missing_scope',
  'team_not_allowed',
  'channel_type_not_supported',
]);
const STREAM_CLOSED = new Set(['message_not_in_streaming_state', 'stopped_by_user', 'streaming_state_conflict']);
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'messaging_processing_failed']);
/** When Slack says `ratelimited` without a Retry-After header. */
const DEFAULT_RETRY_MS = 1000;

interface SlackSdkError {
  code?: string;
  retryAfter?: number;
  data?: { error?: string };
  message?: string;
}

export function classify(err: unknown): { kind: FailureKind; error: string; retryAfterMs?: number } {
  const e = (err ?? {}) as SlackSdkError;
  if (e.code === 'slack_webapi_rate_limited_error') {
    return { kind: 'ratelimited', error: 'ratelimited', retryAfterMs: Math.max(0, (e.retryAfter ?? 1) * 1000) };
  }
  if (e.code === 'slack_webapi_platform_error') {
    const name = e.data?.error ?? 'unknown_error';
    if (name === 'ratelimited') return { kind: 'ratelimited', error: name, retryAfterMs: DEFAULT_RETRY_MS };
    if (UNAVAILABLE.has(name)) return { kind: 'unavailable', error: name };
    if (STREAM_CLOSED.has(name)) return { kind: 'stream_closed', error: name };
    if (TRANSIENT.has(name)) return { kind: 'transient', error: name };
    return { kind: 'fatal', error: name };
  }
  // slack_webapi_request_error / http_error: the network or a 5xx, after the client's own retries.
  return { kind: 'transient', error: e.code ?? e.message ?? 'request_failed' };
}

export function createSlackApi(deps: { client: ApiClient; budget: TokenBudget; clock: Clock; metrics: SlackMetrics; logger: Logger }): SlackApi {
  const { client, budget, metrics, logger } = deps;
  async function send(teamId: string, method: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    try {
      // Results are plain JSON objects; only the fields a caller names are read.
      const data = (await client.apiCall(method, args)) as unknown as Record<string, unknown>;
      metrics.apiCalls.inc({ method, outcome: 'ok' });
      return data;
    } catch (err) {
      const c = classify(err);
      metrics.apiCalls.inc({ method, outcome: c.error });
      const level = c.kind === 'fatal' ? 'warn' : 'debug';
      logger[level]({ method, teamId, error: c.error, kind: c.kind }, 'slack api call failed');
      throw err;
    }
  }
  return {
    send,
    async call(teamId, method, args) {
      await budget.acquire(teamId, method);
      try {
        return { ok: true, data: await send(teamId, method, args) };
      } catch (err) {
        const c = classify(err);
        if (c.kind === 'ratelimited') budget.penalise(teamId, deps.clock.now() + (c.retryAfterMs ?? DEFAULT_RETRY_MS), method);
        return { ok: false, kind: c.kind, error: c.error };
      }
    },
  };
}
