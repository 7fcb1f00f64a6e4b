/**
 * Slack's budget policy for the render core: rate limits are per Web API method per workspace,
 * so every stream in a team draws from one token bucket per (team, method), refilled at the
 * method's tier rate with a small burst. Writers name ops (post, edit…); this maps them to methods.
 */
import { createTokenBudget, type Budget, type Clock, type TokenBudget, type WriteOp } from '../../../src/render/index.js';

/**
 * Calls per minute, kept under Slack's tiers (2 = 20, 3 = 50, 4 = 100 per minute; chat.postMessage
 * about one per second per channel) with room for the burst, so no window holds more than the tier allows.
 */
export const DEFAULT_METHOD_LIMITS: Readonly<Record<string, number>> = {
  'chat.postMessage': 55,
  'chat.postEphemeral': 90,
  'chat.update': 45,
  'chat.delete': 45,
  'chat.startStream': 45,
  'chat.appendStream': 90,
  'chat.stopStream': 45,
  'assistant.threads.setStatus': 45,
};
const FALLBACK_PER_MINUTE = 18;

export const METHOD_OF: Readonly<Record<WriteOp, string>> = {
  post: 'chat.postMessage',
  edit: 'chat.update',
  remove: 'chat.delete',
  start: 'chat.startStream',
  append: 'chat.appendStream',
  stop: 'chat.stopStream',
};

export function createSlackBudget(options: { limits?: Readonly<Record<string, number>> | undefined; burst?: number | undefined }, clock: Clock): TokenBudget {
  return createTokenBudget(
    { perMinute: { ...DEFAULT_METHOD_LIMITS, ...(options.limits ?? {}) }, fallbackPerMinute: FALLBACK_PER_MINUTE, burst: options.burst ?? 3 },
    clock,
  );
}

/** The same buckets, as writers see them: by op. */
export function writerBudget(methods: TokenBudget): Budget {
  const method = (op: string): string => METHOD_OF[op as WriteOp] ?? op;
  return {
    acquire: (team, op) => methods.acquire(team, method(op)),
    penalise: (team, until, op) => methods.penalise(team, until, op ? method(op) : undefined),
  };
}
