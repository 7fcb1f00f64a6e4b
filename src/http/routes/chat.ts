import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import { digestKey } from '../../core/ids.js';
import type { DonePayload, ReplyRecord } from '../../core/messages.js';
import type { ChatQueue, MessageStore, ReplyStream } from '../../core/ports.js';
import type { ChatService } from '../../core/services.js';
import type { Authenticator, Principal } from '../auth.js';
import { toInbound, type ChatInputDeps } from '../chat-input.js';
import { idempotencyKeyOf, type IdempotencyGuard } from '../idempotency.js';
import type { RateLimiter } from '../rate-limit.js';
import { ChatBody, StreamBody, StreamParams } from '../schemas.js';
import { principalOf, requireAuth, sendError } from '../server.js';
import { openSse, sseFrame, toSse } from '../sse.js';
import { createSseWriter, type SseWriterOptions } from '../sse-writer.js';
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
  /** Bounds of every SSE response (buffered bytes for a client that does not read, lifetime). */
  sse: Omit<SseWriterOptions, 'keepaliveMs'>;
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

export function registerChatRoutes(app: FastifyInstance, deps: ChatRouteDeps): void {
  const limits = [
    requireAuth(deps.auth),
    async (req: FastifyRequest, reply: FastifyReply) => {
      await deps.ipLimiter.consume(req.ip, reply);
      await deps.userLimiter.consume(principalOf(req).userId, reply);
    },
  ];

  /** Waits for the job's end: its `done` payload, or an AppError carrying the job's error. */
  function awaitResult(jobId: string, reply: FastifyReply): Promise<DonePayload> {
    // The response's close (not the request's, which fires once the body is read) means the client left.
    const left = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) left.abort();
    });
    return deps.chat.awaitDone(jobId, { timeoutMs: deps.syncTimeoutMs, signal: left.signal });
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
    const out = createSseWriter(res, { ...deps.sse, keepaliveMs: deps.keepaliveMs }, (reason) => {
      stop?.();
      if (reason === 'slow-client' || reason === 'lifetime') req.log.info({ streamId: jobId, reason }, 'SSE response ended early');
    });
    try {
      stop = await deps.chat.follow(jobId, afterId, (e) => {
        if (out.ended) return;
        const frame = toSse(e, session);
        if (frame) out.write(frame);
        if (e.event === 'done' || (e.event === 'error' && e.twin === null)) out.end();
      });
      if (out.ended) stop();
      else {
        const state = await deps.chat.state(jobId);
        if (state !== 'pending' && !out.ended) {
          out.write(state === 'missing' ? sseFrame('error', { message: 'This reply stream has expired.', streamId: jobId, code: 'STREAM_NOT_FOUND' }) : sseFrame('done', { ...state, ...session }));
          out.end();
        }
      }
    } catch (err) {
      req.log.error({ err }, 'stream follow failed');
      out.write(sseFrame('error', { message: 'The reply stream failed.', streamId: jobId, code: 'INTERNAL' }));
      out.end();
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
