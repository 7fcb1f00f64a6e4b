import type { StreamEvent } from '../core/messages.js';
import type { ReplyStream } from '../core/ports.js';

const TERMINAL = new Set<StreamEvent['event']>(['done', 'error']);

/** Consecutive text deltas of one twin become one: the content joined, the last length kept. */
export function coalesce(events: readonly StreamEvent[]): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const e of events) {
    const prev = out[out.length - 1];
    if (prev?.event === 'text_delta' && e.event === 'text_delta' && prev.twin?.id === e.twin?.id) {
      out[out.length - 1] = { ...prev, data: { content: prev.data.content + e.data.content, accumulated_length: e.data.accumulated_length } };
    } else out.push(e);
  }
  return out;
}

/**
 * Publishes one job's events in order without waiting a round trip per token: an event emitted
 * while the pipe is idle goes out at once; events emitted while a publish is in flight wait for
 * it and go out together as one batch, text deltas merged. The log's expiry is set by the first
 * batch and the terminal one only. `flush` surfaces the first failure.
 */
export class JobPublisher {
  private queued: StreamEvent[] = [];
  private inflight: Promise<void> | null = null;
  private failure: unknown = null;
  private first = true;

  constructor(
    private readonly stream: ReplyStream,
    readonly jobId: string,
  ) {}

  emit(event: StreamEvent): void {
    this.queued.push(event);
    this.inflight ??= this.pump();
  }

  private async pump(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = coalesce(this.queued);
      this.queued = [];
      const keepTtl = !this.first && !batch.some((e) => TERMINAL.has(e.event));
      this.first = false;
      await this.stream.publish(this.jobId, batch, { keepTtl }).catch((err: unknown) => {
        this.failure ??= err;
      });
    }
    this.inflight = null;
  }

  async flush(): Promise<void> {
    while (this.inflight) await this.inflight;
    if (this.failure) throw this.failure;
  }
}
