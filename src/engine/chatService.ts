import type { Logger } from 'pino';
import { InboundMessageSchema, JOB_VERSION, type InboundMessage } from '../core/messages.js';
import type { ChannelStore, ChannelTurns, ChatQueue, MessageStore, ReplyStream } from '../core/ports.js';
import type { ChatService, SubmitResult } from '../core/services.js';

/** How long a first try may take from storing its message to enqueueing it. */
const IN_FLIGHT_MS = 2000;

/** BullMQ ids may not be integers nor contain ':'; ours are prefixed by platform and sanitized. */
export function jobIdFor(platform: string, key: string): string {
  return `${platform}-${key.replace(/[^A-Za-z0-9_.-]/g, '_')}`.slice(0, 200);
}

/**
 * The adapters' way in: store the user's message in the channel history (so nothing sent is lost
 * if a process dies), number it in the channel's order, and enqueue it under its idempotency key.
 */
export function createChatService(
  _options: object,
  deps: { queue: ChatQueue; messages: MessageStore; channels: ChannelStore; stream: ReplyStream; turns: ChannelTurns; logger: Logger },
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

  async function queueJob(inbound: InboundMessage, rawKey: string): Promise<SubmitResult> {
    const parsed = InboundMessageSchema.parse(inbound);
    const jobId = jobIdFor(parsed.platform, rawKey);
    const { message: user, created } = await deps.messages.appendUser({
      channelId: parsed.channel.id,
      threadId: parsed.channel.threadId,
      jobId,
      authorId: parsed.author.id,
      authorName: parsed.author.name,
      content: parsed.text,
    });
    // A repeated key is a replay when its job is queued or its replies are stored; otherwise the
    // first try died between storing and enqueueing, and this one finishes the work.
    if (!created && (await isReplay(jobId, user.createdAt))) return { jobId, created: false };
    const seq = await deps.turns.next(parsed.channel.id);
    const result = await deps.queue.enqueue({
      v: JOB_VERSION,
      kind: 'chat',
      jobId,
      inbound: parsed,
      userMessageId: user.id,
      seq,
      enqueuedAt: new Date().toISOString(),
    });
    return result;
  }

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
    lastRouting: (channelId) => deps.channels.lastRouting(channelId),
    async threadTwin(channelId, threadId) {
      const reply = await deps.messages.lastReplyInThread(channelId, threadId);
      const record = reply?.meta['record'] as { personality?: unknown } | undefined;
      return typeof record?.personality === 'string' ? record.personality : null;
    },
  };
}
