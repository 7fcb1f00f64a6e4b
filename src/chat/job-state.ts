import { donePayload } from '../core/done.js';
import type { DonePayload, ReplyRecord, RoutingEntry } from '../core/messages.js';
import type { ChatQueue, MessageStore, ReplyStream } from '../core/ports.js';

/** A finished chat job rebuilt from the store, for replays after the reply stream expired. */
export async function storedDone(messages: Pick<MessageStore, 'repliesFor'>, jobId: string): Promise<DonePayload | null> {
  const replies = await messages.repliesFor(jobId);
  if (replies.length === 0) return null;
  const records = replies.map((m) => ({ ...(m.meta['record'] as ReplyRecord), messageId: m.id, reply: m.content }));
  return donePayload({
    streamId: jobId,
    records,
    routing: replies.map((m) => m.meta['routing']).filter(Boolean) as RoutingEntry[],
    responseTime: records[0]!.responseTime,
    timestamp: replies[0]!.createdAt,
  });
}

export type JobState = DonePayload | 'pending' | 'missing';

/**
 * For a job whose stream log may be gone (expired, or a replay long after): its stored replies,
 * or 'pending' while its log or its queue entry exists, or 'missing'.
 */
export async function jobState(
  deps: { stream: Pick<ReplyStream, 'exists'>; messages: Pick<MessageStore, 'repliesFor'>; queue: Pick<ChatQueue, 'has'> },
  jobId: string,
): Promise<JobState> {
  if (await deps.stream.exists(jobId)) return 'pending';
  const done = await storedDone(deps.messages, jobId);
  if (done) return done;
  return (await deps.queue.has(jobId)) ? 'pending' : 'missing';
}
