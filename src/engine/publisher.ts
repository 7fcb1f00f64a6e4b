import type { StreamEvent } from '../core/messages.js';
import type { ReplyStream } from '../core/ports.js';

/**
 * Publishes one job's events in order without waiting a round trip per token: each publish is
 * chained on the previous one, and `flush` surfaces the first failure.
 */
export class JobPublisher {
  private tail: Promise<unknown> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    private readonly stream: ReplyStream,
    readonly jobId: string,
  ) {}

  emit(event: StreamEvent): void {
    this.tail = this.tail.then(
      () => this.stream.publish(this.jobId, event).catch((err: unknown) => {
        this.failure ??= err;
      }),
    );
  }

  async flush(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure;
  }
}
