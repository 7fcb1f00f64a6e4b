import { redisKeys, type RedisClient } from '../infra/keys.js';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { FastifyReply } from 'fastify';
import { AppError } from '../core/errors.js';

export interface Limit {
  name: string;
  points: number;
  durationSec: number;
}

/**
 * Fixed-window counters in Redis, so every API process shares one budget per key. If Redis is
 * unreachable, an in-process limiter stands in rather than letting everything through.
 */
export function createRateLimiter(limit: Limit, deps: { redis: RedisClient; prefix: string }) {
  const limiter = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: redisKeys(deps.prefix, deps.redis).rateLimit(limit.name),
    points: limit.points,
    duration: limit.durationSec,
    insuranceLimiter: new RateLimiterMemory({ points: limit.points, duration: limit.durationSec }),
  });

  const headers = (reply: FastifyReply, res: RateLimiterRes) => {
    const reset = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    reply.header('RateLimit-Limit', limit.points);
    reply.header('RateLimit-Remaining', Math.max(0, res.remainingPoints));
    reply.header('RateLimit-Reset', reset);
    reply.header('RateLimit-Policy', `${limit.points};w=${limit.durationSec}`);
    return reset;
  };

  return {
    /** Consumes one point for `key`; sets the headers; throws RATE_LIMITED (429) when spent. */
    async consume(key: string, reply: FastifyReply): Promise<void> {
      try {
        headers(reply, await limiter.consume(key));
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        const reset = headers(reply, res);
        reply.header('Retry-After', reset);
        throw new AppError('RATE_LIMITED', `Rate limit of ${limit.points} requests per ${limit.durationSec}s exceeded; retry in ${reset}s`, {
          retryAfterMs: reset * 1000,
        });
      }
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
