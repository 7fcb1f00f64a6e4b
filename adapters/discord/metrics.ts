/**
 * Discord rendering costs, on the injected registry. Edits per reply make the price of live
 * streaming visible; 429s should stay at zero with the default pacing.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface DiscordMetrics {
  editsPerReply: Histogram;
  writes: Counter<'kind'>;
  rateLimited: Counter<'route'>;
  firstVisibleSeconds: Histogram;
  /** 401/403/429 responses in the last 10 minutes (Discord bans at 10,000). */
  invalidRequests: Gauge;
}

/** Reuses metrics already on the registry, so two adapters (tests, restarts) can share one. */
function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}

export function createDiscordMetrics(registry: Registry): DiscordMetrics {
  return {
    editsPerReply:
      existing<Histogram>(registry, 'twinbridge_discord_edits_per_reply') ??
      new Histogram({
        name: 'twinbridge_discord_edits_per_reply',
        help: 'Message edits spent on one twin reply (all of its messages)',
        buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55],
        registers: [registry],
      }),
    writes:
      existing<Counter<'kind'>>(registry, 'twinbridge_discord_writes_total') ??
      new Counter({
        name: 'twinbridge_discord_writes_total',
        help: 'Reply writes sent to Discord, by kind (create, edit, delete)',
        labelNames: ['kind'],
        registers: [registry],
      }),
    rateLimited:
      existing<Counter<'route'>>(registry, 'twinbridge_discord_rate_limited_total') ??
      new Counter({
        name: 'twinbridge_discord_rate_limited_total',
        help: 'Discord REST 429 responses, by route (retried automatically)',
        labelNames: ['route'],
        registers: [registry],
      }),
    firstVisibleSeconds:
      existing<Histogram>(registry, 'twinbridge_discord_first_visible_seconds') ??
      new Histogram({
        name: 'twinbridge_discord_first_visible_seconds',
        help: 'Time from the first streamed token to the first text visible on Discord',
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
        registers: [registry],
      }),
    invalidRequests:
      existing<Gauge>(registry, 'twinbridge_discord_invalid_requests') ??
      new Gauge({
        name: 'twinbridge_discord_invalid_requests',
        help: 'Discord REST 401/403/429 responses in the last 10 minutes (Discord bans an app at 10,000)',
        registers: [registry],
      }),
  };
}
