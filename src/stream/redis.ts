import { redisKeys, type RedisClient, type RedisKeys } from '../infra/keys.js';
import type { LoggedEvent, StreamEvent } from '../core/messages.js';
import type { ReplyStream } from '../core/ports.js';
import type { RedisSubscriberHub } from '../infra/redis.js';

// XADD, refresh the TTL and notify followers in one round trip; the id is assigned by Redis so
// the log order is the only order.
const PUBLISH_LUA = `
local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', KEYS[1], id .. ' ' .. ARGV[1])
return id`;

type WithPublish = RedisClient & { tbPublish(key: string, event: string, ttl: number): Promise<string> };

function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

function parse(id: string, raw: string): LoggedEvent {
  return { ...(JSON.parse(raw) as StreamEvent), id };
}

/** One ordered event log per job in a Redis stream, followed through the shared subscriber. */
export class RedisReplyStream implements ReplyStream {
  private readonly redis: WithPublish;
  private readonly keys: RedisKeys;

  constructor(
    redis: RedisClient,
    private readonly hub: RedisSubscriberHub,
    private readonly options: { prefix: string; ttlSeconds: number },
  ) {
    if (!('tbPublish' in redis)) redis.defineCommand('tbPublish', { numberOfKeys: 1, lua: PUBLISH_LUA });
    this.redis = redis as WithPublish;
    this.keys = redisKeys(options.prefix, redis);
  }

  private key(jobId: string): string {
    return this.keys.replyStream(jobId);
  }

  publish(jobId: string, event: StreamEvent): Promise<string> {
    return this.redis.tbPublish(this.key(jobId), JSON.stringify(event), this.options.ttlSeconds);
  }

  async read(jobId: string, afterId: string): Promise<LoggedEvent[]> {
    const start = !afterId || afterId === '0' ? '-' : `(${afterId}`;
    const entries = await this.redis.xrange(this.key(jobId), start, '+');
    return entries.map(([id, fields]) => parse(id, fields[1] ?? '{}'));
  }

  async exists(jobId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(jobId))) === 1;
  }

  async follow(jobId: string, afterId: string, onEvent: (event: LoggedEvent) => void): Promise<() => void> {
    let last = afterId && afterId !== '0' ? afterId : '0-0';
    let live = false;
    let closed = false;
    const buffered: LoggedEvent[] = [];
    const deliver = (e: LoggedEvent) => {
      if (closed || compareIds(e.id, last) <= 0) return;
      last = e.id;
      onEvent(e);
    };
    // Subscribe first, then read the backlog: an event published in between arrives on both
    // paths and the id check drops the second copy; none can fall in a gap.
    const stop = await this.hub.listen(this.key(jobId), (message) => {
      const space = message.indexOf(' ');
      const event = parse(message.slice(0, space), message.slice(space + 1));
      if (live) deliver(event);
      else buffered.push(event);
    });
    try {
      for (const e of await this.read(jobId, afterId)) deliver(e);
    } catch (err) {
      stop();
      throw err;
    }
    live = true;
    for (const e of buffered) deliver(e);
    buffered.length = 0;
    return () => {
      closed = true;
      stop();
    };
  }
}
