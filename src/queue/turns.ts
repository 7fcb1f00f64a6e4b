import { redisKeys, type RedisClient, type RedisKeys } from '../infra/keys.js';
import type { ChannelTurns } from '../core/ports.js';
import type { RedisSubscriberHub } from '../infra/redis.js';

// Advance the channel's "started" mark, never backwards (a late finisher must not rewind it), and
// tell the replies waiting on it (the key is also the pub/sub channel).
const STARTED_LUA = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  redis.call('PUBLISH', KEYS[1], ARGV[1])
end
return cur`;

type WithStarted = RedisClient & { tbStarted(key: string, seq: number, ttl: number): Promise<number> };

/**
 * Per-channel arrival order in Redis, shared by every process: `next` numbers messages as they
 * arrive, and a worker holds a reply until all earlier ones of that channel have started. The
 * wait is capped so a lost predecessor delays its channel, never blocks it.
 */
export class RedisChannelTurns implements ChannelTurns {
  private readonly redis: WithStarted;
  private readonly names: RedisKeys;

  constructor(
    redis: RedisClient,
    private readonly options: { prefix: string; maxWaitMs: number; pollMs?: number },
    /** With the subscriber hub a waiting reply is woken by the predecessor's start; without, it polls. */
    private readonly hub?: RedisSubscriberHub,
  ) {
    if (!('tbStarted' in redis)) redis.defineCommand('tbStarted', { numberOfKeys: 1, lua: STARTED_LUA });
    this.redis = redis as WithStarted;
    this.names = redisKeys(options.prefix, redis);
  }

  private keys(channelId: string) {
    return { seq: this.names.channelSeq(channelId), started: this.names.channelStarted(channelId) };
  }

  async next(channelId: string): Promise<number> {
    const k = this.keys(channelId);
    const n = await this.redis.incr(k.seq);
    await this.redis.expire(k.seq, 7 * 24 * 3600);
    return n;
  }

  async waitTurn(channelId: string, seq: number): Promise<void> {
    if (seq <= 1) return;
    const key = this.keys(channelId).started;
    const reached = async () => Number((await this.redis.get(key)) ?? '0') >= seq - 1;
    // Usually the predecessor has started already: one GET, no subscription.
    if (await reached()) return;
    if (this.hub) return this.waitNotified(key, seq, reached);
    const deadline = Date.now() + this.options.maxWaitMs;
    let delay = 2;
    while (Date.now() < deadline) {
      const cur = Number((await this.redis.get(key)) ?? '0');
      if (cur >= seq - 1) return;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, this.options.pollMs ?? 50);
    }
  }

  /** Subscribe, then look again (a start in between is seen either way); woken within a round trip. */
  private async waitNotified(key: string, seq: number, reached: () => Promise<boolean>): Promise<void> {
    let wake!: () => void;
    const woken = new Promise<void>((r) => (wake = r));
    const recheck = () => void reached().then((ok) => ok && wake(), () => undefined);
    const stop = await this.hub!.listen(key, (m) => Number(m) >= seq - 1 && wake(), { onResume: recheck });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      if (await reached()) return;
      await Promise.race([woken, new Promise<void>((r) => (timer = setTimeout(r, this.options.maxWaitMs)))]);
    } finally {
      clearTimeout(timer);
      stop();
    }
  }

  async started(channelId: string, seq: number): Promise<void> {
    await this.redis.tbStarted(this.keys(channelId).started, seq, 7 * 24 * 3600);
  }
}
