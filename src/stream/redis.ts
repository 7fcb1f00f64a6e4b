import { redisKeys, type RedisClient, type RedisKeys } from '../infra/keys.js';
import type { LoggedEvent, StreamEvent } from '../core/messages.js';
import type { PublishOptions, ReplyStream } from '../core/ports.js';
import type { RedisSubscriberHub } from '../infra/redis.js';

// XADD each event and notify followers with one PUBLISH for the batch, in one round trip; ids
// are assigned by Redis so the log order is the only order. The expiry is set only when asked
// (a job's first and last batch), not per event. One pub/sub message carries `id json` lines.
const PUBLISH_LUA = `
local lines = {}
local id
for i = 2, #ARGV do
  id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[i])
  lines[#lines + 1] = id .. ' ' .. ARGV[i]
end
if ARGV[1] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
redis.call('PUBLISH', KEYS[1], table.concat(lines, '\\n'))
return id`;

type WithPublish = RedisClient & { tbPublish(key: string, ttl: number, ...events: string[]): Promise<string> };

function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

function parse(id: string, raw: string): LoggedEvent {
  return { ...(JSON.parse(raw) as StreamEvent), id };
}

/** One pub/sub message: `id json` lines (JSON.stringify never emits a raw newline). */
function parseMessage(message: string): LoggedEvent[] {
  return message.split('\n').map((line) => {
    const space = line.indexOf(' ');
    return parse(line.slice(0, space), line.slice(space + 1));
  });
}

interface Follower {
  last: string;
  onEvent: (event: LoggedEvent) => void;
  /** While true, live events are buffered: the log is being (re)read up to them. */
  syncing: boolean;
  reading: boolean;
  again: boolean;
  closed: boolean;
  buffered: LoggedEvent[];
}

/** The followers of one job in this process: one hub listener, each message parsed once. */
interface Group {
  followers: Set<Follower>;
  listening: Promise<() => void>;
  /** The hub's unsubscribe, once subscribed. */
  unlisten: (() => void) | null;
  /** The subscriber connection is down: nothing may leave `syncing` until it resumes. */
  down: boolean;
}

const RESYNC_RETRY_MS = 200;

/**
 * One ordered event log per job in a Redis stream, followed through the shared subscriber. A
 * follower reads the log after subscribing, and again after every subscriber reconnect from the
 * last id it delivered, so events published during a gap are never lost; ids dedupe.
 */
export class RedisReplyStream implements ReplyStream {
  private readonly redis: WithPublish;
  private readonly keys: RedisKeys;
  private readonly groups = new Map<string, Group>();

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

  publish(jobId: string, events: StreamEvent | readonly StreamEvent[], options: PublishOptions = {}): Promise<string> {
    const list = Array.isArray(events) ? (events as readonly StreamEvent[]) : [events as StreamEvent];
    const ttl = options.keepTtl ? 0 : this.options.ttlSeconds;
    return this.redis.tbPublish(this.key(jobId), ttl, ...list.map((e) => JSON.stringify(e)));
  }

  async read(jobId: string, afterId: string): Promise<LoggedEvent[]> {
    const start = !afterId || afterId === '0' ? '-' : `(${afterId}`;
    const entries = await this.redis.xrange(this.key(jobId), start, '+');
    return entries.map(([id, fields]) => parse(id, fields[1] ?? '{}'));
  }

  async exists(jobId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(jobId))) === 1;
  }

  /** Followers and jobs followed in this process (leak checks, metrics). */
  get followerCount(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.followers.size;
    return n;
  }

  async follow(jobId: string, afterId: string, onEvent: (event: LoggedEvent) => void): Promise<() => void> {
    const key = this.key(jobId);
    const f: Follower = {
      last: afterId && afterId !== '0' ? afterId : '0-0',
      onEvent,
      syncing: true,
      reading: false,
      again: false,
      closed: false,
      buffered: [],
    };
    const group = this.join(jobId);
    group.followers.add(f);
    const leave = () => {
      f.closed = true;
      if (!group.followers.delete(f) || group.followers.size > 0) return;
      if (this.groups.get(key) === group) this.groups.delete(key);
      if (group.unlisten) group.unlisten();
      else group.listening.then((stop) => stop(), () => undefined);
    };
    try {
      // Subscribe first, then read the backlog: an event published in between arrives on both
      // paths and the id check drops the second copy; none can fall in a gap.
      await group.listening;
      await this.sync(jobId, group, f, false);
    } catch (err) {
      leave();
      throw err;
    }
    return leave;
  }

  private join(jobId: string): Group {
    const key = this.key(jobId);
    const existing = this.groups.get(key);
    if (existing) return existing;
    const group: Group = { followers: new Set(), listening: Promise.resolve(() => undefined), unlisten: null, down: false };
    group.listening = this.hub.listen(
      key,
      (message) => {
        const events = parseMessage(message);
        for (const f of group.followers) {
          if (f.syncing) f.buffered.push(...events);
          else for (const e of events) deliver(f, e);
        }
      },
      {
        onGap: () => {
          group.down = true;
          for (const f of group.followers) f.syncing = true;
        },
        onResume: () => {
          group.down = false;
          for (const f of group.followers) void this.sync(jobId, group, f, true);
        },
      },
    );
    // A failed SUBSCRIBE must not leave a dead group for the next follower of this job.
    group.listening.then((stop) => (group.unlisten = stop), () => {
      if (this.groups.get(key) === group) this.groups.delete(key);
    });
    this.groups.set(key, group);
    return group;
  }

  /** Reads the log after the follower's last id, then releases what arrived live meanwhile. */
  private async sync(jobId: string, group: Group, f: Follower, retry: boolean): Promise<void> {
    if (f.reading) {
      f.again = true;
      return;
    }
    f.syncing = true;
    f.reading = true;
    try {
      do {
        f.again = false;
        const events = await this.readFor(jobId, f, retry);
        for (const e of events) deliver(f, e);
      } while (f.again && !f.closed);
    } finally {
      f.reading = false;
    }
    // Dropped again while reading: the next resume reads once more.
    if (group.down || f.closed) return;
    const buffered = f.buffered;
    f.buffered = [];
    for (const e of buffered) deliver(f, e);
    f.syncing = false;
  }

  /** A resync cannot give up (the follower would stall); it retries until read or closed. */
  private async readFor(jobId: string, f: Follower, retry: boolean): Promise<LoggedEvent[]> {
    for (;;) {
      try {
        return await this.read(jobId, f.last);
      } catch (err) {
        if (!retry) throw err;
        if (f.closed) return [];
        await new Promise((r) => setTimeout(r, RESYNC_RETRY_MS));
      }
    }
  }
}

function deliver(f: Follower, e: LoggedEvent): void {
  if (f.closed || compareIds(e.id, f.last) <= 0) return;
  f.last = e.id;
  f.onEvent(e);
}
