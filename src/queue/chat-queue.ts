import { Queue } from 'bullmq';
import { redisKeys, type RedisClient } from '../infra/keys.js';
import type { JobPayload } from '../core/messages.js';
import type { ChatQueue } from '../core/ports.js';

export interface QueueOptions {
  prefix: string;
  queueName: string;
  attempts: number;
  /** Finished jobs kept, by count and age (seconds), so a repeated idempotency key finds its job. */
  keepCompleted: { count: number; ageSeconds: number };
  keepFailed: { count: number; ageSeconds: number };
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
        removeOnComplete: { age: options.keepCompleted.ageSeconds, count: options.keepCompleted.count },
        removeOnFail: { age: options.keepFailed.ageSeconds, count: options.keepFailed.count },
      },
    });
  }

  /** BullMQ refuses a second job with the same id by itself: no lookup first, no re-validation. */
  async enqueue(job: JobPayload): Promise<void> {
    await this.queue.add(job.kind, job, { jobId: job.jobId });
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
