/**
 * Everything fastify, node's HTTP parser and plugins answer on their own, mapped into the one
 * error envelope: body parser errors, bad URLs, over-long path parameters, malformed or oversized
 * headers, and any plugin error carrying only a status code.
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { AppError, ERROR_CODES, toAppError, type ErrorCode } from '../core/errors.js';

interface FrameworkError {
  code?: string;
  statusCode?: number;
  message: string;
}

/** Our code for a bare HTTP status (a plugin's error that says nothing else). */
const BY_STATUS = new Map<number, ErrorCode>([
  [400, 'BAD_REQUEST'],
  [401, 'UNAUTHORIZED'],
  [403, 'FORBIDDEN'],
  [404, 'NOT_FOUND'],
  [405, 'METHOD_NOT_ALLOWED'],
  [408, 'REQUEST_TIMEOUT'],
  [409, 'CONFLICT'],
  [413, 'PAYLOAD_TOO_LARGE'],
  [414, 'URI_TOO_LONG'],
  [415, 'UNSUPPORTED_MEDIA_TYPE'],
  [429, 'RATE_LIMITED'],
  [431, 'HEADERS_TOO_LARGE'],
  [503, 'SERVICE_UNAVAILABLE'],
]);

export const JSON_MEDIA_HINT = 'send the body as JSON with Content-Type: application/json';

/** Maps a framework error to our AppError; anything unrecognised goes through toAppError. */
export function fromFramework(err: unknown, limits: { bodyLimit: number }): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as FrameworkError;
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('INVALID_JSON', 'body: is not valid JSON', { field: 'body' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', `body: must be at most ${limits.bodyLimit} bytes`, { field: 'body', details: { limit: limits.bodyLimit } });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', `body: unsupported content type; ${JSON_MEDIA_HINT}`, { field: 'body' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('BAD_REQUEST', 'body: Content-Length does not match the body sent', { field: 'body' });
    case 'FST_ERR_BAD_URL':
      return new AppError('BAD_REQUEST', 'path: is not a valid URL (bad percent-encoding)', { field: 'path' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('URI_TOO_LONG', 'path: a path parameter is longer than 100 characters', { field: 'path' });
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new AppError('BAD_REQUEST', 'path: no route matches this request', { field: 'path' });
    default:
      break;
  }
  const mapped = typeof e.statusCode === 'number' && e.statusCode < 500 ? BY_STATUS.get(e.statusCode) : undefined;
  if (mapped) return new AppError(mapped, String(e.message).slice(0, 300) || ERROR_CODES[mapped].user, { cause: err });
  return toAppError(err);
}

/** The client went away mid-request: not a fault of ours, and nothing can be answered. */
export function isClientAbort(err: unknown, req: { aborted?: boolean; destroyed?: boolean }): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return req.aborted === true || (e?.code === 'ECONNRESET' && req.destroyed === true) || e?.message === 'aborted';
}

export function envelope(err: AppError, requestId?: string): string {
  return JSON.stringify({
    success: false,
    error: {
      code: err.code,
      message: err.message,
      ...(err.field ? { field: err.field } : {}),
      ...(err.status >= 500 && requestId ? { request_id: requestId } : {}),
    },
  });
}

/**
 * Node's `clientError`: the request could not even be parsed (oversized or malformed headers, a
 * timeout before the request was complete). No fastify request exists yet, so the envelope is
 * written on the socket directly.
 */
export function createClientErrorHandler(logger: Logger) {
  return (err: Error & { code?: string }, socket: Socket): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const appErr =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? new AppError('HEADERS_TOO_LARGE', 'headers: are larger than the server accepts (16 KB in all)', { field: 'headers' })
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new AppError('REQUEST_TIMEOUT', 'request: was not received in time')
          : new AppError('BAD_REQUEST', `request: is not valid HTTP (${err.code ?? 'parse error'})`);
    logger.info({ code: appErr.code, parserCode: err.code }, 'malformed request refused');
    if (socket.writable) {
      const body = envelope(appErr);
      const reason = appErr.status === 431 ? 'Request Header Fields Too Large' : appErr.status === 408 ? 'Request Timeout' : 'Bad Request';
      socket.write(
        `HTTP/1.1 ${appErr.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
