/**
 * `Idempotency-Key`: the same key with the same request gets the same reply (the key becomes the
 * job id); the same key with a different request is refused with 422 IDEMPOTENCY_KEY_REUSED, as
 * payment APIs do, instead of silently answering the first request again. The request's hash is
 * stored under the key in Redis, shared by every API process, for as long as jobs are kept.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError, validationError } from '../core/errors.js';
import { digestKey } from '../core/ids.js';
import { redisKeys, type RedisClient } from '../infra/keys.js';
import type { Principal } from './auth.js';

/** As long as BullMQ keeps a finished job (removeOnComplete), which is what replays find. */
const DEFAULT_TTL_SECONDS = 24 * 3600;

/** The caller's Idempotency-Key header, validated, or null when none was sent. */
export function idempotencyKeyOf(req: FastifyRequest): string | null {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return null;
  if (typeof key !== 'string' || key.length === 0 || key.length > 255) throw validationError('Idempotency-Key', 'must be 1-255 characters, sent once');
  return key;
}

/** JSON with sorted keys: the same request however its keys were ordered. Bodies are depth-bounded. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function createIdempotencyGuard(deps: { redis: RedisClient; prefix: string; ttlSeconds?: number }) {
  const ttl = deps.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const keys = redisKeys(deps.prefix, deps.redis);
  return {
    /**
     * Binds `key` (scoped to the caller) to this request (route, path and body) the first time,
     * and refuses a later different request under the same key.
     */
    async check(p: Principal, key: string, req: FastifyRequest): Promise<void> {
      const route = `${req.method} ${req.url.split('?')[0] ?? ''}`;
      const hash = createHash('sha256').update(`${route}\n${canonical(req.body ?? null)}`).digest('base64url');
      const slot = keys.idempotency(digestKey(p.customerId, p.userId, key));
      if ((await deps.redis.set(slot, hash, 'EX', ttl, 'NX')) === 'OK') return;
      const first = await deps.redis.get(slot);
      if (first !== null && first !== hash) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          `Idempotency-Key: was already used for a different request in the last ${Math.round(ttl / 3600)} h; send a new key for a new request`,
          { field: 'Idempotency-Key' },
        );
      }
    },
  };
}

export type IdempotencyGuard = ReturnType<typeof createIdempotencyGuard>;
