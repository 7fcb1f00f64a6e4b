import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Authenticator, Principal } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export interface HttpServerOptions {
  bodyLimit: number;
  trustProxy: boolean;
}

export function sendError(reply: FastifyReply, err: AppError, requestId: string): FastifyReply {
  return reply.status(err.status).send({
    success: false,
    error: {
      code: err.code,
      message: err.message,
      ...(err.field ? { field: err.field } : {}),
      ...(err.status >= 500 ? { request_id: requestId } : {}),
    },
  });
}

/** Maps what fastify itself throws (bad JSON, oversize bodies, wrong content type) to our codes. */
function fromFastify(err: { code?: string; statusCode?: number; message: string }): AppError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('INVALID_JSON', `body: ${err.message.replace(/^Body is not valid JSON but content-type is set to 'application\/json'$/, 'is not valid JSON')}`, { field: 'body' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'body: is larger than the allowed size', { field: 'body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'body: send application/json', { field: 'body' });
    default:
      if (err.statusCode === 400 && err.message.includes('JSON')) return new AppError('INVALID_JSON', `body: ${err.message}`, { field: 'body' });
      return null;
  }
}

/** `?token=` (WebSocket and EventSource auth) must not reach the logs with the URL. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|api_key)=)[^&#]*/gi, '$1[redacted]');
}

const requestSerializer = (req: FastifyRequest) => ({
  method: req.method,
  url: redactUrl(req.url),
  host: req.host,
  remoteAddress: req.ip,
  remotePort: req.socket?.remotePort,
});

/**
 * The fastify instance with our envelope for every error, a request id on every response, and a
 * child logger per request (pino's). Routes are registered by the caller.
 */
export async function createHttpServer(options: HttpServerOptions, deps: { logger: Logger; auth: Authenticator }): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({}, { serializers: { req: requestSerializer } }) as unknown as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9_.-]{1,100}$/.test(given) ? given : newId();
    },
    forceCloseConnections: true,
    return503OnClosing: true,
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // Some clients send Content-Type: application/json on a DELETE without a body; that is no body.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new AppError('INVALID_JSON', `body: is not valid JSON (${err instanceof Error ? err.message : 'parse error'})`, { field: 'body' }), undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  app.setErrorHandler((error, req, reply) => {
    const err = isAppError(error) ? error : fromFastify(error as { code?: string; message: string });
    if (err) {
      if (err.status >= 500) req.log.error({ err: error }, 'request failed');
      return sendError(reply, err, req.id);
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendError(reply, new AppError('INTERNAL', `Internal error (request id ${req.id})`), req.id);
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, new AppError('NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`), req.id),
  );
  return app;
}

/** preHandlers: authenticate, then spend one point of `limiter` for the user. */
export function guarded(auth: Authenticator, limiter: { consume(key: string, reply: FastifyReply): Promise<void> }) {
  return [requireAuth(auth), async (req: FastifyRequest, reply: FastifyReply) => limiter.consume(principalOf(req).userId, reply)];
}

/**
 * preHandler that authenticates from headers and stores the principal on the request. Only the
 * WebSocket route also takes `?token=` (browsers cannot set headers there); elsewhere a token in
 * a URL would end up in proxies' logs.
 */
export function requireAuth(auth: Authenticator) {
  return async (req: FastifyRequest) => {
    req.principal = await auth.authenticate(req.headers);
  };
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('UNAUTHORIZED', 'Not authenticated');
  return req.principal;
}
