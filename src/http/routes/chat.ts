import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode } from '../../core/errors.js';
import { digestKey } from '../../core/ids.js';
import type { DonePayload, LoggedEvent, ReplyRecord } from '../../core/messages.js';
import type { ChatQueue, MessageStore, ReplyStream } from '../../core/ports.js';
import type { ChatService } from '../../core/services.js';
import type { Authenticator, Principal } from '../auth.js';
import { toInbound, type ChatInputDeps } from '../chatInput.js';
import { idempotencyKeyOf, type IdempotencyGuard } from '../idempotency.js';
import type { RateLimiter } from '../rateLimit.js';
import { ChatBody, StreamBody, StreamParams } from '../schemas.js';
import { principalOf, requireAuth, sendError } from '../server.js';
import { openSse, sseFrame, toSse } from '../sse.js';
import { parseInput } from '../validate.js';

export interface ChatRouteDeps extends ChatInputDeps {
  auth: Authenticator;
  ipLimiter: RateLimiter;
  userLimiter: RateLimiter;
  chat: ChatService;
  messages: MessageStore;
  stream: ReplyStream;
  queue: ChatQueue;
  keepaliveMs: number;
  syncTimeoutMs: number;
  idempotency: IdempotencyGuard;
}

/**
 * The job id for a request: the caller's Idempotency-Key (scoped to them, and bound to this
 * request's body: another body under the same key is a 422), or a fresh one.
 */
async function jobKey(req: FastifyRequest, p: Principal, messageId: string, guard: IdempotencyGuard): Promise<string> {
  const key = idempotencyKeyOf(req);
  if (key === null) return messageId;
  await guard.check(p, key, req);
  return digestKey(p.customerId, p.userId, key);
}

/** A finished job rebuilt from the store, for replays after the reply stream expired. */
async function storedDone(messages: MessageStore, jobId: string): Promise<DonePayload | null> {
  const replies = await messages.repliesFor(jobId);
  if (replies.length === 0) return null;
  const records = replies.map((m) => ({ ...(m.meta['record'] as ReplyRecord), messageId: m.id, reply: m.content }));
  const first = records[0]!;
  const toolsUsed = [...new Set(records.flatMap((r) => r.toolsUsed))];
  return {
    streamId: jobId,
    messageId: first.messageId,
    reply: first.reply,
    personality: first.personality,
    responseTime: first.responseTime,
    toolsUsed,
    confidence: first.confidence,
    timestamp: replies[0]!.createdAt,
    metadata: {
      toolsUsed,
      model: first.model,
      knowledgeGraphQueried: toolsUsed.includes('knowledge_search'),
      routing: replies.map((m) => m.meta['routing']).filter(Boolean) as DonePayload['metadata']['routing'],
    },
    replies: records,
  };
}

export function registerChatRoutes(app: FastifyInstance, deps: ChatRouteDeps): void {
  const limits = [
    requireAuth(deps.auth),
    async (req: FastifyRequest, reply: FastifyReply) => {
      await deps.ipLimiter.consume(req.ip, reply);
      await deps.userLimiter.consume(principalOf(req).userId, reply);
    },
  ];

  /**
   * For a job whose stream log is gone (expired, or a replay long after): its stored replies, or
   * 'pending' while it is still queued, or 'missing'.
   */
  async function settled(jobId: string): Promise<DonePayload | 'pending' | 'missing'> {
    if (await deps.stream.exists(jobId)) return 'pending';
    const done = await storedDone(deps.messages, jobId);
    if (done) return done;
    return (await deps.queue.has(jobId)) ? 'pending' : 'missing';
  }

  /** Waits for the job's end: its `done` payload, or an AppError carrying the job's error. */
  function awaitResult(jobId: string, reply: FastifyReply): Promise<DonePayload> {
    return new Promise((resolve, reject) => {
      let stop: (() => void) | null = null;
      const finish = (fn: () => void) => {
        clearTimeout(timer);
        stop?.();
        fn();
      };
      const timer = setTimeout(
        () => finish(() => reject(new AppError('TIMEOUT', `No reply within ${deps.syncTimeoutMs} ms; follow GET /api/v2/chat/stream/${jobId}`))),
        deps.syncTimeoutMs,
      );
      // The response's close (not the request's, which fires once the body is read) means the client left.
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) finish(() => reject(new AppError('SHUTTING_DOWN', 'client went away')));
      });
      deps.chat
        .follow(jobId, '0', (e: LoggedEvent) => {
          if (e.event === 'done') finish(() => resolve(e.data));
          if (e.event === 'error' && e.twin === null) {
            finish(() => reject(jobError(e.data.code, e.data.message)));
          }
        })
        .then(async (s) => {
          stop = s;
          const state = await settled(jobId);
          if (state === 'missing') finish(() => reject(new AppError('STREAM_NOT_FOUND', `Reply stream ${jobId} has expired`)));
          else if (state !== 'pending') finish(() => resolve(state));
        })
        .catch(reject);
    });
  }

  app.post('/api/v1/chat', { preHandler: limits }, async (req, reply) => {
    const p = principalOf(req);
    const body = parseInput(ChatBody, req.body);
    const { inbound, sessionId } = await toInbound(body, p, deps);
    const { jobId } = await deps.chat.submit(inbound, await jobKey(req, p, inbound.messageId, deps.idempotency));
    const done = await awaitResult(jobId, reply);
    return reply.send({
      messageId: done.messageId,
      reply: done.reply,
      personality: done.personality,
      sessionId,
      timestamp: done.timestamp,
      responseTime: done.responseTime,
      attachments: inbound.attachments.map((a) => ({ id: a.id, name: a.name, type: a.type, size: a.size ?? null })),
      confidence: done.confidence,
      metadata: done.metadata,
      ...(done.replies.length > 1 ? { replies: done.replies.map(publicReply) } : {}),
      streamId: jobId,
    });
  });

  /** Writes the job's events as SSE until done/error, with keepalives; the job outlives the socket. */
  async function pipe(req: FastifyRequest, reply: FastifyReply, jobId: string, afterId: string, sessionId: string | null): Promise<void> {
    // `sessionId` is what the client passes back as channelId: on the first and the last frame.
    const session = sessionId ? { sessionId } : {};
    reply.hijack();
    const res = reply.raw;
    openSse(res, { 'x-request-id': req.id, 'x-stream-id': jobId });
    // The id is the log position this stream resumes from, so every event carries one.
    res.write(sseFrame('connected', { streamId: jobId, ...session, timestamp: new Date().toISOString() }, afterId === '0' ? '0-0' : afterId));
    let stop: (() => void) | null = null;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(keepalive);
      stop?.();
      res.end();
    };
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), deps.keepaliveMs);
    res.on('close', end);
    try {
      stop = await deps.chat.follow(jobId, afterId, (e) => {
        if (ended) return;
        const frame = toSse(e, session);
        if (frame) res.write(frame);
        if (e.event === 'done' || (e.event === 'error' && e.twin === null)) end();
      });
      if (ended) stop();
      else {
        const state = await settled(jobId);
        if (state !== 'pending' && !ended) {
          res.write(state === 'missing' ? sseFrame('error', { message: 'This reply stream has expired.', streamId: jobId, code: 'STREAM_NOT_FOUND' }) : sseFrame('done', { ...state, ...session }));
          end();
        }
      }
    } catch (err) {
      req.log.error({ err }, 'stream follow failed');
      res.write(sseFrame('error', { message: 'The reply stream failed.', streamId: jobId, code: 'INTERNAL' }));
      end();
    }
  }

  app.post('/api/v2/chat/stream', { preHandler: limits }, async (req, reply) => {
    const p = principalOf(req);
    const body = parseInput(StreamBody, req.body);
    const { inbound, sessionId } = await toInbound(body, p, deps);
    const { jobId } = await deps.chat.submit(inbound, await jobKey(req, p, inbound.messageId, deps.idempotency));
    await pipe(req, reply, jobId, '0', sessionId);
  });

  // Re-attaching asks nothing new of the model, so only the per-IP limit applies: a client on a
  // flaky network must not spend its 30 messages a minute on reconnects.
  const attachLimits = [
    requireAuth(deps.auth),
    async (req: FastifyRequest, reply: FastifyReply) => deps.ipLimiter.consume(req.ip, reply),
  ];
  app.get('/api/v2/chat/stream/:streamId', { preHandler: attachLimits }, async (req, reply) => {
    const p = principalOf(req);
    const { streamId } = parseInput(StreamParams, req.params, 'params');
    const owner = await deps.messages.userMessage(streamId);
    if (!owner || owner.authorId !== p.userId) {
      return sendError(reply, new AppError('STREAM_NOT_FOUND', `No stream ${streamId}`), req.id);
    }
    const last = req.headers['last-event-id'];
    const afterId = typeof last === 'string' && /^\d+-\d+$/.test(last) ? last : '0';
    // The channel's external id ends with the session id the request was made with.
    const externalId = (await deps.channels.get(owner.channelId))?.externalId ?? null;
    await pipe(req, reply, streamId, afterId, externalId ? externalId.slice(externalId.lastIndexOf('/') + 1) : null);
  });
}

/** The job's failure as an AppError with the job's own code, so the status matches the cause. */
function jobError(code: string, message: string): AppError {
  return new AppError(code in ERROR_CODES ? (code as ErrorCode) : 'INTERNAL', message);
}

function publicReply(r: ReplyRecord) {
  return {
    messageId: r.messageId,
    reply: r.reply,
    personality: r.personality,
    twinId: r.twinId,
    name: r.twinName,
    confidence: r.confidence,
    responseTime: r.responseTime,
    metadata: { toolsUsed: r.toolsUsed, model: r.model },
  };
}
