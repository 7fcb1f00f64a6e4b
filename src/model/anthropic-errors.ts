/**
 * Translates @anthropic-ai/sdk errors into AppError codes at the edge. The SDK runs with
 * `maxRetries: 0`, so the queue decides about retries from `retryable` and `retryAfterMs`.
 */
import {
  AnthropicError,
  APIConnectionError,
  APIError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { AppError, type AppErrorOptions, type ErrorCode } from '../core/errors.js';

/** Longest wait we pass on; anything beyond is a misconfigured header, not advice. */
const MAX_RETRY_AFTER_MS = 10 * 60 * 1000;

/**
 * Milliseconds to wait from `retry-after-ms`, else `retry-after` (delta-seconds or an HTTP date).
 * Undefined when absent or unusable.
 */
export function parseRetryAfterMs(headers: Headers | undefined | null, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return clamp(value);
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? clamp(seconds * 1000) : undefined;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return clamp(Math.max(0, date - now));
}

function clamp(ms: number): number {
  return Math.min(Math.round(ms), MAX_RETRY_AFTER_MS);
}

/** Error `type` values of the API body / SSE `error` event, mapped to our codes. */
const CODE_BY_TYPE: Record<string, ErrorCode> = {
  rate_limit_error: 'MODEL_RATE_LIMITED',
  overloaded_error: 'MODEL_OVERLOADED',
  api_error: 'MODEL_UNAVAILABLE',
  timeout_error: 'MODEL_UNAVAILABLE',
  authentication_error: 'MODEL_AUTH_FAILED',
  permission_error: 'MODEL_AUTH_FAILED',
};

function codeForStatus(status: number): ErrorCode {
  if (status === 429) return 'MODEL_RATE_LIMITED';
  if (status === 529) return 'MODEL_OVERLOADED';
  if (status === 401 || status === 403) return 'MODEL_AUTH_FAILED';
  if (status === 408 || status >= 500) return 'MODEL_UNAVAILABLE';
  return 'MODEL_ERROR';
}

function codeFor(err: APIError): ErrorCode {
  if (err instanceof APIConnectionError) return 'MODEL_UNAVAILABLE';
  if (err instanceof RateLimitError) return 'MODEL_RATE_LIMITED';
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) return 'MODEL_AUTH_FAILED';
  if (typeof err.status === 'number') return codeForStatus(err.status);
  // No status: an `event: error` inside a 200 stream; only the body's type says what happened.
  return (err.type && CODE_BY_TYPE[err.type]) || 'MODEL_ERROR';
}

/** Removes the credential from any text that might carry it (error bodies can echo headers). */
export function redact(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}

/**
 * Any failure of one model call as an AppError. `secret` is scrubbed from the message; the
 * original error stays reachable as `cause` for logs that need the SDK's details.
 */
export function toModelError(err: unknown, secret: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof APIError) {
    const code = codeFor(err);
    const status = typeof err.status === 'number' ? `${err.status} ` : '';
    const what = err.type ?? (err instanceof APIConnectionError ? 'connection_error' : 'error');
    const detail = err.apiMessage ?? err.message;
    const options: AppErrorOptions = {
      cause: err,
      details: { status: err.status ?? null, type: err.type ?? null, requestId: err.requestID ?? null },
    };
    const retryAfterMs = parseRetryAfterMs(err.headers);
    if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
    return new AppError(code, redact(`Anthropic ${status}${what}: ${detail}`, secret), options);
  }
  const message = err instanceof Error ? err.message : String(err);
  // The SDK's non-HTTP errors are about our setup (credentials, arguments): retrying won't help.
  if (err instanceof AnthropicError) {
    return new AppError('MODEL_ERROR', redact(`Anthropic client error: ${message}`, secret), { cause: err });
  }
  // Anything else is the transport failing mid-body (undici "terminated", a reset socket).
  return new AppError('MODEL_UNAVAILABLE', redact(`Anthropic stream failed: ${message}`, secret), { cause: err });
}
