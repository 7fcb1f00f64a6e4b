import { redisKeys, type RedisClient } from '../infra/keys.js';
import type { EventBus, WorkspaceEvent } from '../core/ports.js';
import type { RedisSubscriberHub } from '../infra/redis.js';

/** Workspace events fan out through one Redis channel, so every API process sees every change. */
export class RedisEventBus implements EventBus {
  private readonly channel: string;

  constructor(
    private readonly redis: RedisClient,
    private readonly hub: RedisSubscriberHub,
    options: { prefix: string },
  ) {
    this.channel = redisKeys(options.prefix, redis).workspaceEvents;
  }

  async publish(event: WorkspaceEvent): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(event));
  }

  async subscribe(handler: (event: WorkspaceEvent) => void): Promise<() => Promise<void>> {
    const stop = await this.hub.listen(this.channel, (message) => handler(JSON.parse(message) as WorkspaceEvent));
    return async () => stop();
  }
}
