import type { Cluster, Redis } from 'ioredis';

/** A connection to a single Redis (plain or Sentinel-managed) or to a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/**
 * Every Redis key name in one place. On a Redis Cluster, each key of one job, and each key of one
 * channel, carries that id as a hash tag (`{…}`), so the keys a script or transaction touches
 * together hash to one slot; BullMQ's prefix is itself a hash tag, as BullMQ requires on a
 * cluster. On a single node the names stay exactly as they always were.
 */
export interface RedisKeys {
  /** The job's reply stream (a Redis stream, also the pub/sub channel its followers listen on). */
  replyStream(jobId: string): string;
  /** How many times the job has been run (retries and stalled recoveries). */
  jobRun(jobId: string): string;
  /** The pub/sub channel on which a job's first try announces how its submission ended. */
  submitted(jobId: string): string;
  /** An image's bytes, by their sha256 (content-addressed, shared by every job that sends them). */
  imageBlob(sha256: string): string;
  /** Per-channel arrival counter and "started" mark (ordering of replies in one channel). */
  channelSeq(channelId: string): string;
  channelStarted(channelId: string): string;
  /** rate-limiter-flexible's key prefix for one limit (it appends `:<key>`: one key per call). */
  rateLimit(name: string): string;
  /** The request hash bound to one caller's Idempotency-Key (one key per call). */
  idempotency(digest: string): string;
  /** The pub/sub channel of workspace events. */
  readonly workspaceEvents: string;
  /** BullMQ's `prefix` for every queue. */
  readonly bull: string;
}

export function createRedisKeys(prefix: string, options: { cluster: boolean }): RedisKeys {
  const tag = options.cluster ? (id: string) => `{${id}}` : (id: string) => id;
  return {
    replyStream: (jobId) => `${prefix}:rs:${tag(jobId)}`,
    jobRun: (jobId) => `${prefix}:jobrun:${tag(jobId)}`,
    submitted: (jobId) => `${prefix}:submitted:${tag(jobId)}`,
    imageBlob: (sha256) => `${prefix}:img:${tag(sha256)}`,
    channelSeq: (channelId) => `${prefix}:chseq:${tag(channelId)}`,
    channelStarted: (channelId) => `${prefix}:chstarted:${tag(channelId)}`,
    rateLimit: (name) => `${prefix}:rl:${name}`,
    idempotency: (digest) => `${prefix}:idem:${digest}`,
    workspaceEvents: `${prefix}:workspace-events`,
    bull: options.cluster ? `{${prefix}:bull}` : `${prefix}:bull`,
  };
}

/** The key names for a connection: hash-tagged when it is a cluster connection. */
export function redisKeys(prefix: string, client: RedisClient): RedisKeys {
  return createRedisKeys(prefix, { cluster: client.isCluster });
}
