/**
 * Every REST response the client sees: Discord's rate-limit headers feed the channel budget (so
 * streaming slows before a 429), and 401/403/429 are counted by the invalid-request guard.
 */
import type { Client } from 'discord.js';
import type { Logger } from 'pino';
import type { Budget, Clock } from '../../../src/render/index.js';
import type { DiscordMetrics } from '../metrics.js';
import type { InvalidRequestGuard } from './guard.js';
import type { WebhookCache } from './webhooks.js';

interface RestResponseLike {
  status: number;
  headers: { get(name: string): string | null };
}

export function observeRateLimits(
  client: Client,
  deps: { budget: Budget; webhooks: WebhookCache; guard: InvalidRequestGuard; clock: Clock; metrics: DiscordMetrics; logger: Logger },
): void {
  client.rest.on('response', (request, response) => {
    const res = response as unknown as RestResponseLike;
    deps.guard.record(res.status);
    if (res.status === 429) {
      // discord.js waits `retry_after` and sends again by itself; this only makes the cost visible.
      deps.metrics.rateLimited.inc({ route: request.route });
      deps.logger.warn({ route: request.route, retryAfter: res.headers.get('retry-after') }, 'discord: 429 from Discord');
    }
    const channel =
      /^\/channels\/(\d+)\/messages/.exec(request.path)?.[1] ?? deps.webhooks.channelOf(/^\/webhooks\/(\d+)\//.exec(request.path)?.[1] ?? '');
    if (!channel) return;
    const now = deps.clock.now();
    if (res.status === 429) {
      deps.budget.penalise(channel, now + Number(res.headers.get('retry-after') ?? 1) * 1000);
    } else if (res.headers.get('x-ratelimit-remaining') === '0') {
      deps.budget.penalise(channel, now + Number(res.headers.get('x-ratelimit-reset-after') ?? 0) * 1000);
    }
  });
  client.rest.on('rateLimited', (info) => {
    deps.logger.debug({ route: info.route, waitMs: info.timeToReset, global: info.global }, 'discord: waiting for a rate-limit bucket');
  });
}
