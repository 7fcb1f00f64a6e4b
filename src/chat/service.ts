import { AppError, isAppError } from '../core/errors.js';
import { InboundMessageSchema, JOB_VERSION, type InboundMessage } from '../core/messages.js';
import type { ChannelStore, ChannelTurns, ChatQueue, MessageStore, ReplyStream } from '../core/ports.js';
import type { ChatService, SubmitResult } from '../core/services.js';
import type { AppLogger } from '../core/logger.js';
import { awaitJob, jobError } from './await-job.js';
import { jobState } from './job-state.js';

/** How long a first try may take from storing its message to enqueueing it. */
const IN_FLIGHT_MS = 2000;

/** BullMQ ids may not be integers nor contain ':'; ours are prefixed by platform and sanitized. */
export function jobIdFor(platform: string, key: string): string {
  return `${platform}-${key.replace(/[^A-Za-z0-9_.-]/g, '_')}`.slice(0, 200);
}

/**
 * The adapters' way in (HTTP, Discord, Slack — not the engine): store the user's message in the
 * channel history (so nothing sent is lost if a process dies), number it in the channel's order,
 * enqueue it under its idempotency key; then follow or await its reply stream.
 */
export function createChatService(
  _options: object,
  deps: { queue: ChatQueue; messages: MessageStore; channels: ChannelStore; stream: ReplyStream; turns: ChannelTurns; logger: AppLogger },
): ChatService {
  /**
   * A concurrent first try may still be between storing the message and enqueueing it; taking
   * over then would number the message twice and hold up the channel's next turn, so a young
   * message gets a moment to show up in the queue.
   */
  async function isReplay(jobId: string, storedAt: string): Promise<boolean> {
    const deadline = Date.parse(storedAt) + IN_FLIGHT_MS;
    for (;;) {
      if ((await deps.messages.repliesFor(jobId)).length > 0 || (await deps.queue.has(jobId))) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Storing, numbering and enqueueing are one unit: when the turn or the enqueue fails, the
   * stored message is taken back out of the history and a turn already taken is released (so
   * the channel's next message is not held for the turn timeout), and the caller is told to
   * retry (503 with Retry-After) — the same key then starts clean.
   */
  async function queueJob(inbound: InboundMessage, rawKey: string): Promise<SubmitResult> {
    const parsed = InboundMessageSchema.parse(inbound);
    const jobId = jobIdFor(parsed.platform, rawKey);
    const channelId = parsed.channel.id;
    const { message: user, created } = await deps.messages.appendUser({
      channelId,
      threadId: parsed.channel.threadId,
      jobId,
      authorId: parsed.author.id,
      authorName: parsed.author.name,
      content: parsed.text,
    });
    // A repeated key is a replay when its job is queued or its replies are stored; otherwise the
    // first try died between storing and enqueueing, and this one finishes the work.
    if (!created && (await isReplay(jobId, user.createdAt))) return { jobId, created: false };
    let seq: number | null = null;
    try {
      seq = await deps.turns.next(channelId);
      // Validated once here, at the boundary; the queue stores it as given.
      await deps.queue.enqueue({ v: JOB_VERSION, kind: 'chat', jobId, inbound: parsed, userMessageId: user.id, seq, enqueuedAt: new Date().toISOString() });
    } catch (err) {
      deps.logger.warn({ err, jobId, channelId }, 'enqueue failed; the message is withdrawn');
      try {
        await deps.messages.discardUser(jobId);
      } catch (cleanup) {
        deps.logger.error({ err: cleanup, jobId }, 'could not withdraw the stored message');
      }
      if (seq !== null) await deps.turns.started(channelId, seq).catch(() => undefined);
      if (isAppError(err) && err.status < 500) throw err;
      throw new AppError('SERVICE_UNAVAILABLE', 'The message could not be queued; retry shortly', { cause: err, retryAfterMs: 1000 });
    }
    return { jobId, created: true };
  }

  const state = (jobId: string) => jobState(deps, jobId);

  return {
    submit: queueJob,
    async record(inbound, key) {
      const parsed = InboundMessageSchema.parse(inbound);
      await deps.messages.appendUser({
        channelId: parsed.channel.id,
        threadId: parsed.channel.threadId,
        jobId: `seen-${jobIdFor(parsed.platform, key)}`,
        authorId: parsed.author.id,
        authorName: parsed.author.name,
        content: parsed.text,
      });
    },
    follow: (jobId, afterId, onEvent) => deps.stream.follow(jobId, afterId, onEvent),
    state,
    awaitDone: (jobId, options) =>
      awaitJob(deps.stream, jobId, {
        ...options,
        decide(e) {
          if (e.event === 'done') return { value: e.data };
          if (e.event === 'error' && e.twin === null) return { error: jobError(e.data.code, e.data.message) };
          return undefined;
        },
        async settled() {
          const s = await state(jobId);
          if (s === 'missing') return { error: new AppError('STREAM_NOT_FOUND', `Reply stream ${jobId} has expired`) };
          return s === 'pending' ? undefined : { value: s };
        },
      }),
    lastRouting: (channelId) => deps.channels.lastRouting(channelId),
    async threadTwin(channelId, threadId) {
      const reply = await deps.messages.lastReplyInThread(channelId, threadId);
      const record = reply?.meta['record'] as { personality?: unknown } | undefined;
      return typeof record?.personality === 'string' ? record.personality : null;
    },
  };
}
