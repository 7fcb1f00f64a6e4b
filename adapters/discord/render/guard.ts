/**
 * Discord bans an app that sends 10,000 invalid requests (401, 403, 429) within 10 minutes.
 * This counts them per process over a sliding window; past `limit` (well below the ban) writers
 * send only what must land (final texts), not intermediate edits, until the count falls again.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../../src/render/index.js';

export interface InvalidRequestGuard {
  /** Notes one REST response. */
  record(status: number): void;
  /** Invalid responses within the window. */
  count(): number;
  restricted(): boolean;
}

export const INVALID_WINDOW_MS = 10 * 60_000;
const SLOT_MS = 1000;

export function createInvalidRequestGuard(
  options: { limit: number; windowMs?: number | undefined },
  deps: { clock: Clock; logger: Logger; onCount?: ((count: number) => void) | undefined },
): InvalidRequestGuard {
  const windowMs = options.windowMs ?? INVALID_WINDOW_MS;
  // Per-second slots, oldest first: bounded by the window, whatever the request rate.
  const slots: { at: number; n: number }[] = [];
  let total = 0;
  let warned = false;

  function prune(): void {
    const from = deps.clock.now() - windowMs;
    while (slots.length > 0 && slots[0]!.at <= from) total -= slots.shift()!.n;
  }

  function check(): boolean {
    prune();
    deps.onCount?.(total);
    const over = total >= options.limit;
    if (over && !warned) deps.logger.warn({ invalidRequests: total, limit: options.limit }, 'discord: too many invalid requests; sending only final texts');
    else if (!over && warned) deps.logger.info({ invalidRequests: total }, 'discord: invalid requests back under the limit; streaming edits again');
    warned = over;
    return over;
  }

  return {
    record(status) {
      if (status !== 401 && status !== 403 && status !== 429) return;
      const slot = Math.floor(deps.clock.now() / SLOT_MS) * SLOT_MS;
      const last = slots[slots.length - 1];
      if (last && last.at === slot) last.n += 1;
      else slots.push({ at: slot, n: 1 });
      total += 1;
      check();
    },
    count() {
      prune();
      return total;
    },
    restricted: check,
  };
}
