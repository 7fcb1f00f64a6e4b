import { Queue } from 'bullmq';
import { redisKeys, type RedisClient } from '../infra/keys.js';
import { JobPayloadSchema, type JobPayload } from '../core/messages.js';
import type { ChatQueue, EnqueueResult } from '../core/ports.js';

export interface QueueOptions {
  prefix: string;
  queueName: string;
  attempts: number;
}

export class BullChatQueue implements ChatQueue {
  readonly queue: Queue;

  constructor(connection: RedisClient, private readonly options: QueueOptions) {
    this.queue = new Queue(options.queueName, {
      connection,
      prefix: redisKeys(options.prefix, connection).bull,
      defaultJobOptions: {
        attempts: options.attempts,
        backoff: { type: 'retry-after', delay: 1000 },
        // Kept a day so a repeated idempotency key finds its job instead of starting another.
        removeOnComplete: { age: 24 * 3600, count: 100_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
  }

  async enqueue(payload: JobPayload): Promise<EnqueueResult> {
    const job = JobPayloadSchema.parse(payload);
    const existing = await this.queue.getJob(job.jobId);
    if (existing) return { jobId: job.jobId, created: false };
    await this.queue.add(job.kind, job, { jobId: job.jobId });
    return { jobId: job.jobId, created: true };
  }

  async has(jobId: string): Promise<boolean> {
    return (await this.queue.getJob(jobId)) !== undefined;
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
