import { AppError, isAppError } from '../core/errors.js';
import { InboundMessageSchema, JOB_VERSION, type ChatJob, type ImageRef, type InboundMessage } from '../core/messages.js';
import type { ChannelStore, ChannelTurns, ChatQueue, ImageBlobs, MessageStore, ReplyStream, SubmitOutcome, SubmitSignal } from '../core/ports.js';
import type { ChatService, SubmitResult } from '../core/services.js';
import type { AppLogger } from '../core/logger.js';
import { awaitJob, jobError } from './await-job.js';
import { jobState } from './job-state.js';

/** How long a first try may take from storing its message to enqueueing it. */
const IN_FLIGHT_MS = 2000;
/** Stores of the message by one try, when first tries keep withdrawing theirs. */
const MAX_TRIES = 3;

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
  options: { maxJobBytes: number },
  deps: {
    queue: ChatQueue;
    messages: MessageStore;
    channels: ChannelStore;
    stream: ReplyStream;
    turns: ChannelTurns;
    submitted: SubmitSignal;
    images: ImageBlobs;
    logger: AppLogger;
  },
): ChatService {
  /** The images go to the blob store; the job carries their references. */
  async function storeImages(images: InboundMessage['images']): Promise<ImageRef[]> {
    return Promise.all(
      images.map(async ({ mediaType, base64 }) => {
        const bytes = Buffer.from(base64, 'base64');
        return { ref: await deps.images.put(bytes), mediaType, size: bytes.length };
      }),
    );
  }

  /** Payloads stay small (retained jobs are kept by count): a bound, not a hope. */
  function checkSize(job: ChatJob): void {
    const bytes = Buffer.byteLength(JSON.stringify(job));
    if (bytes > options.maxJobBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', `message: the job would be ${bytes} bytes, more than ${options.maxJobBytes}`, { details: { limit: options.maxJobBytes } });
    }
  }

  /** What the store and the queue say of an earlier try of this job id. */
  async function earlierTry(jobId: string): Promise<SubmitOutcome | null> {
    if ((await deps.queue.has(jobId)) || (await deps.messages.repliesFor(jobId)).length > 0) return 'queued';
    return (await deps.messages.userMessage(jobId)) ? null : 'withdrawn';
  }

  /**
   * A repeated key found its message stored. Usually the first try is long done (one look). A
   * concurrent first try may still be between storing the message and enqueueing it; taking over
   * then would number the message twice and hold up the channel's next turn, so a young message
   * waits for the first try to announce its outcome (queued: a replay; withdrawn: start clean).
   * Only a first try silent past IN_FLIGHT_MS is taken over (it died in between).
   */
  async function firstTry(jobId: string, storedAt: string): Promise<SubmitOutcome | 'timeout'> {
    const seen = await earlierTry(jobId);
    if (seen) return seen;
    const deadline = Date.parse(storedAt) + IN_FLIGHT_MS;
    if (Date.now() >= deadline) return 'timeout';
    return deps.submitted.wait(jobId, deadline, () => earlierTry(jobId));
  }

  const announce = (jobId: string, outcome: SubmitOutcome) =>
    deps.submitted.announce(jobId, outcome).catch((err: unknown) => deps.logger.warn({ err, jobId, outcome }, 'could not announce the submission'));

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
    const store = () =>
      deps.messages.appendUser({
        channelId,
        threadId: parsed.channel.threadId,
        jobId,
        authorId: parsed.author.id,
        authorName: parsed.author.name,
        content: parsed.text,
      });
    let { message: user, created } = await store();
    // A repeated key is a replay when its job is queued or its replies are stored; when the first
    // try withdrew its message this one starts clean; when it died in between, this one finishes.
    for (let tries = 1; !created; tries++) {
      const outcome = await firstTry(jobId, user.createdAt);
      if (outcome === 'queued') return { jobId, created: false };
      if (outcome === 'timeout') break;
      if (tries === MAX_TRIES) throw new AppError('SERVICE_UNAVAILABLE', 'The message could not be queued; retry shortly', { retryAfterMs: 1000 });
      ({ message: user, created } = await store());
    }
    let seq: number | null = null;
    try {
      const images = await storeImages(parsed.images);
      seq = await deps.turns.next(channelId);
      // Validated once here, at the boundary; the queue stores it as given.
      const job: ChatJob = { v: JOB_VERSION, kind: 'chat', jobId, inbound: { ...parsed, images }, userMessageId: user.id, seq, enqueuedAt: new Date().toISOString() };
      checkSize(job);
      await deps.queue.enqueue(job);
    } catch (err) {
      deps.logger.warn({ err, jobId, channelId }, 'enqueue failed; the message is withdrawn');
      try {
        await deps.messages.discardUser(jobId);
        void announce(jobId, 'withdrawn');
      } catch (cleanup) {
        deps.logger.error({ err: cleanup, jobId }, 'could not withdraw the stored message');
      }
      if (seq !== null) await deps.turns.started(channelId, seq).catch(() => undefined);
      if (isAppError(err) && err.status < 500) throw err;
      throw new AppError('SERVICE_UNAVAILABLE', 'The message could not be queued; retry shortly', { cause: err, retryAfterMs: 1000 });
    }
    // Only a concurrent try of this key listens; nobody waits on this round trip.
    void announce(jobId, 'queued');
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
