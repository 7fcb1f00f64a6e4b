/**
 * Translation of Mind Reasoner failures into AppError. The API key must never reach a message,
 * a log line or `details`, even when the upstream echoes request data back.
 */
import { AppError } from '../../core/errors.js';
import { errorBodySchema } from './schemas.js';

const MAX_DETAIL = 200;

export type Redactor = (text: string) => string;

export function createRedactor(secret: string): Redactor {
  return (text) => {
    let out = secret.length > 0 ? text.split(secret).join('[redacted]') : text;
    out = out.replace(/Bearer\s+[^\s"',]+/gi, 'Bearer [redacted]');
    return out.length > MAX_DETAIL ? `${out.slice(0, MAX_DETAIL)}…` : out;
  };
}

/**
 * `Retry-After` is either delta-seconds or an HTTP date; the API docs also mention a
 * `retryAfter` body field (seconds) and `X-RateLimit-Reset` (unix seconds).
 */
export function parseRetryAfterMs(
  header: string | null,
  bodyValue: number | string | null | undefined,
  resetHeader: string | null,
  now: number = Date.now(),
): number | undefined {
  const fromSeconds = (v: string | number | null | undefined): number | undefined => {
    if (v === null || v === undefined || v === '') return undefined;
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) && n >= 0 ? Math.ceil(n * 1000) : undefined;
  };
  const direct = fromSeconds(header);
  if (direct !== undefined) return direct;
  if (header) {
    const at = Date.parse(header);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  const fromBody = fromSeconds(bodyValue);
  if (fromBody !== undefined) return fromBody;
  const reset = Number(resetHeader ?? '');
  if (resetHeader && Number.isFinite(reset) && reset > 0) return Math.max(0, Math.ceil(reset * 1000 - now));
  return undefined;
}

interface UpstreamDetail {
  text: string;
  code: string | null;
  retryAfter: number | string | null;
}

function describeBody(raw: string, redact: Redactor): UpstreamDetail {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { text: redact(raw.trim()), code: null, retryAfter: null };
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return { text: '', code: null, retryAfter: null };
  const body = parsed.data;
  const nested = typeof body.error === 'object' && body.error !== null ? body.error : null;
  const code = nested?.code ?? body.code ?? null;
  const label = typeof body.error === 'string' ? body.error : null;
  const message = nested?.message ?? body.message ?? label ?? '';
  return { text: redact([code, message].filter(Boolean).join(': ')), code, retryAfter: body.retryAfter ?? null };
}

export function httpError(
  operation: string,
  status: number,
  headers: Headers,
  rawBody: string,
  redact: Redactor,
): AppError {
  const upstream = describeBody(rawBody, redact);
  const suffix = upstream.text ? ` (${upstream.text})` : '';
  const details = { status, upstreamCode: upstream.code };
  const message = `Mind Reasoner ${operation} answered HTTP ${status}${suffix}`;
  if (status === 401 || status === 403) return new AppError('MODEL_AUTH_FAILED', message, { details });
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(
      headers.get('retry-after'),
      upstream.retryAfter,
      headers.get('x-ratelimit-reset'),
    );
    return new AppError('MODEL_RATE_LIMITED', message, {
      details,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  // 5xx and 408 are the upstream's trouble and may pass; other 4xx will fail the same way again.
  const retryable = status >= 500 || status === 408;
  return new AppError('UPSTREAM_ERROR', message, { retryable, details });
}

export function invalidResponse(operation: string, reason: string, cause?: unknown): AppError {
  return new AppError('UPSTREAM_ERROR', `Mind Reasoner ${operation} answered an invalid response: ${reason}`, {
    retryable: false,
    details: { reason: 'invalid_response' },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * A thrown fetch: our own deadline is a TIMEOUT, the caller's abort is passed through untouched
 * (the caller knows why it gave up), anything else is an unreachable upstream.
 */
export function thrownError(
  operation: string,
  err: unknown,
  deadline: AbortSignal,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
  redact: Redactor,
): unknown {
  if (err instanceof AppError) return err;
  if (callerSignal?.aborted) return callerSignal.reason ?? err;
  if (deadline.aborted) {
    return new AppError('TIMEOUT', `Mind Reasoner ${operation} took longer than ${timeoutMs} ms`, { cause: err });
  }
  const reason = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error && isCoded(err.cause) ? ` ${err.cause.code}` : '';
  return new AppError('UPSTREAM_ERROR', `Mind Reasoner ${operation} failed: ${redact(reason)}${code}`, {
    cause: err,
    retryable: true,
  });
}

function isCoded(value: unknown): value is { code: string } {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'string';
}
