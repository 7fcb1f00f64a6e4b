import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { Logger } from 'pino';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { deepestField, jsonTextDepth, MAX_BODY_DEPTH } from '../core/json-bounds.js';
import type { Authenticator, Principal } from './auth.js';
import { createClientErrorHandler, envelope, fromFramework, isClientAbort } from './framework-errors.js';
import { createRouteIndex, type RouteIndex } from './route-index.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyInstance {
    /** Every route registered on this server (OpenAPI coverage, 405s). */
    routeIndex: RouteIndex;
  }
}

export interface HttpServerOptions {
  bodyLimit: number;
  /** false, or the proxies whose X-Forwarded-For is believed (fastify's trustProxy: IPs, CIDRs, range names). */
  trustProxy: false | string[];
}

export function sendError(reply: FastifyReply, err: AppError, requestId: string): FastifyReply {
  // A retryable 503 says when to come back, so clients and proxies back off instead of hammering.
  if (err.status === 503 && err.retryable && !reply.hasHeader('retry-after')) {
    reply.header('Retry-After', Math.max(1, Math.ceil((err.retryAfterMs ?? 1000) / 1000)));
  }
  return reply.status(err.status).type('application/json; charset=utf-8').send(envelope(err, requestId));
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

/** Probes and scrapes are polled every few seconds: they are not worth a log line each. */
const QUIET_PATHS = /^\/(healthz|readyz|metrics)(\?|$)/;

/** How an error is logged: only real faults are errors with stacks; what clients cause is a warn. */
function logOutcome(req: FastifyRequest, raw: unknown, err: AppError): void {
  if (isClientAbort(raw, req.raw)) {
    req.log.info({ code: 'CLIENT_ABORTED' }, 'client went away before the request was read');
  } else if (err.code === 'INTERNAL') {
    req.log.error({ err: raw }, 'request failed');
  } else {
    const cause = err.cause instanceof Error ? err.cause.message : undefined;
    req.log.warn({ code: err.code, status: err.status, message: err.message, ...(cause ? { cause } : {}) }, 'request refused');
  }
}

/**
 * The fastify instance with our envelope for every error (its own, node's parser's and plugins'
 * included), 405 for known paths under another method, a request id on every response, and a
 * child logger per request (pino's). Routes are registered by the caller.
 */
export async function createHttpServer(options: HttpServerOptions, deps: { logger: Logger; auth: Authenticator }): Promise<FastifyInstance> {
  const limits = { bodyLimit: options.bodyLimit };
  const routeIndex = createRouteIndex();
  const app = Fastify({
    loggerInstance: deps.logger.child({}, { serializers: { req: requestSerializer } }) as unknown as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9_.-]{1,100}$/.test(given) ? given : newId();
    },
    forceCloseConnections: true,
    // Fastify's own closing 503 has its shape, not ours: the preClose hook below answers instead.
    return503OnClosing: false,
    logController: new LogController({ disableRequestLogging: (req: { url?: string }) => QUIET_PATHS.test(req.url ?? '') }),
    clientErrorHandler: createClientErrorHandler(deps.logger),
    frameworkErrors: (error, req, reply) => {
      const err = fromFramework(error, limits);
      logOutcome(req, error, err);
      reply.header('x-request-id', req.id);
      return sendError(reply, err, req.id);
    },
  });
  app.decorate('routeIndex', routeIndex);
  app.addHook('onRoute', (route) => routeIndex.add(route.method, route.url));
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  await app.register(websocket, {
    options: { maxPayload: 64 * 1024 },
    // A client breaking the WebSocket protocol (bad opcode, unmasked frame, oversize message) or
    // vanishing mid-frame is the client's doing: a warn without a stack, then the socket goes.
    errorHandler: (error, socket, req) => {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && (code.startsWith('WS_ERR_') || code === 'ECONNRESET' || code === 'EPIPE')) {
        req.log.warn({ code, message: error.message }, 'websocket client error');
      } else {
        req.log.error({ err: error }, 'websocket handler failed');
      }
      socket.terminate();
    },
  });
  // JSON is the only body the API takes: text/plain (fastify's default) is refused with a 415.
  app.removeContentTypeParser('text/plain');
  // Some clients send Content-Type: application/json on a DELETE without a body; that is no body.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    // Before parsing: whatever handles the value later (serializers, validators, the queue)
    // recurses, and a 100,000-level document would overflow the stack there.
    // JSON.parse itself is iterative, so the deep value can still be parsed to name its field.
    const deep = jsonTextDepth(text, MAX_BODY_DEPTH) > MAX_BODY_DEPTH;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return done(new AppError('INVALID_JSON', `body: is not valid JSON (${err instanceof Error ? err.message : 'parse error'})`, { field: 'body' }), undefined);
    }
    if (deep) {
      const field = deepestField(value, MAX_BODY_DEPTH);
      return done(new AppError('VALIDATION_ERROR', `${field}: is nested too deep (a body may nest at most ${MAX_BODY_DEPTH} levels)`, { field }), undefined);
    }
    done(null, value);
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (closing) {
      reply.header('connection', 'close');
      throw new AppError('SHUTTING_DOWN', 'The server is shutting down; retry shortly', { retryAfterMs: 1000 });
    }
  });

  app.setErrorHandler((error, req, reply) => {
    const err = fromFramework(error, limits);
    logOutcome(req, error, err);
    if (err.code === 'INTERNAL') return sendError(reply, new AppError('INTERNAL', `Internal error (request id ${req.id})`), req.id);
    return sendError(reply, err, req.id);
  });
  app.setNotFoundHandler((req, reply) => {
    const path = (req.url.split('?')[0] ?? '/').slice(0, 200);
    const allow = routeIndex.allowed(path);
    if (allow.length > 0) {
      reply.header('Allow', allow.join(', '));
      return sendError(reply, new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path}; use ${allow.join(', ')}`), req.id);
    }
    return sendError(reply, new AppError('NOT_FOUND', `No route ${req.method} ${path}`), req.id);
  });
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
