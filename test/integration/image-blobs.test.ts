/**
 * Images by reference in Redis: content-addressed (sha256), written once per content with their
 * own expiry; the same image sent again renews the expiry instead of writing the bytes again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisKeys } from '../../src/infra/keys.js';
import { RedisImageBlobs } from '../../src/queue/image-blobs.js';
import { deletePrefix, TEST_REDIS_URL } from '../support/harness.js';

const prefix = `tbtest-${randomBytes(5).toString('hex')}`;
let redis: Redis;
let blobs: RedisImageBlobs;

beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
  blobs = new RedisImageBlobs(redis, { prefix, ttlSeconds: 600 });
});
afterAll(async () => {
  redis?.disconnect();
  await deletePrefix(TEST_REDIS_URL, prefix);
});

describe('RedisImageBlobs', () => {
  it('stores bytes under their sha256 with the configured expiry, and reads them back', async () => {
    const bytes = randomBytes(1000);
    const ref = await blobs.put(bytes);
    expect(ref).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await blobs.get(ref)).toEqual(bytes);
    const ttl = await redis.ttl(redisKeys(prefix, redis).imageBlob(ref));
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('the same image again keeps the stored bytes and renews their expiry', async () => {
    const bytes = randomBytes(500);
    const ref = await blobs.put(bytes);
    const key = redisKeys(prefix, redis).imageBlob(ref);
    await redis.expire(key, 5);
    expect(await blobs.put(bytes)).toBe(ref);
    expect(await redis.ttl(key)).toBeGreaterThan(590);
    expect(await blobs.get(ref)).toEqual(bytes);
  });

  it('an image that expired is gone (null), and stored anew when sent again', async () => {
    const bytes = randomBytes(100);
    const ref = await blobs.put(bytes);
    await redis.del(redisKeys(prefix, redis).imageBlob(ref));
    expect(await blobs.get(ref)).toBeNull();
    expect(await blobs.put(bytes)).toBe(ref);
    expect(await blobs.get(ref)).toEqual(bytes);
  });
});
