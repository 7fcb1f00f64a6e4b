import { createHash } from 'node:crypto';
import { redisKeys, type RedisClient, type RedisKeys } from '../infra/keys.js';
import type { ImageBlobs } from '../core/ports.js';

/**
 * Images in Redis under their sha256, each with its own expiry (IMAGE_TTL_SECONDS): written once
 * per content at submit (SET NX EX; the same image sent again only renews the expiry), read by
 * the worker. Job payloads, kept long after the job, carry only the reference.
 */
export class RedisImageBlobs implements ImageBlobs {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: { prefix: string; ttlSeconds: number },
  ) {
    this.keys = redisKeys(options.prefix, redis);
  }

  async put(bytes: Buffer): Promise<string> {
    const ref = createHash('sha256').update(bytes).digest('hex');
    const key = this.keys.imageBlob(ref);
    const ttl = this.options.ttlSeconds;
    if ((await this.redis.set(key, bytes, 'EX', ttl, 'NX')) === 'OK') return ref;
    // Already stored: a job queued now must not find it expiring early. Gone in between: store again.
    if ((await this.redis.expire(key, ttl)) === 1) return ref;
    await this.redis.set(key, bytes, 'EX', ttl);
    return ref;
  }

  get(ref: string): Promise<Buffer | null> {
    return this.redis.getBuffer(this.keys.imageBlob(ref));
  }
}
