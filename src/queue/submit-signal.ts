import { redisKeys, type RedisClient, type RedisKeys } from '../infra/keys.js';
import type { RedisSubscriberHub } from '../infra/redis.js';
import type { SubmitOutcome, SubmitSignal } from '../core/ports.js';

const OUTCOMES: ReadonlySet<string> = new Set<SubmitOutcome>(['queued', 'withdrawn']);

/**
 * Submission outcomes over Redis pub/sub (no keyspace notifications): the first try PUBLISHes
 * once; a concurrent try of the same key subscribes through the shared hub, then checks, so an
 * outcome announced in between is found either way.
 */
export class RedisSubmitSignal implements SubmitSignal {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: RedisClient,
    private readonly hub: RedisSubscriberHub,
    options: { prefix: string },
  ) {
    this.keys = redisKeys(options.prefix, redis);
  }

  async announce(jobId: string, outcome: SubmitOutcome): Promise<void> {
    await this.redis.publish(this.keys.submitted(jobId), outcome);
  }

  async wait(jobId: string, deadline: number, check: () => Promise<SubmitOutcome | null>): Promise<SubmitOutcome | 'timeout'> {
    let wake!: (outcome: SubmitOutcome) => void;
    const woken = new Promise<SubmitOutcome>((r) => (wake = r));
    // After a subscriber reconnect an announcement may have been missed: look again.
    const recheck = () => void check().then((o) => o && wake(o), () => undefined);
    const stop = await this.hub.listen(this.keys.submitted(jobId), (m) => OUTCOMES.has(m) && wake(m as SubmitOutcome), { onResume: recheck });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const now = await check();
      if (now) return now;
      const heard = await Promise.race([woken, new Promise<null>((r) => (timer = setTimeout(() => r(null), Math.max(0, deadline - Date.now()))))]);
      return heard ?? (await check()) ?? 'timeout';
    } finally {
      clearTimeout(timer);
      stop();
    }
  }
}
