import { infraErrorKind } from './infra-errors.js';

/**
 * One error type for the whole service. `code` drives the HTTP status, whether the queue
 * retries, and the only sentence a chat user ever sees (`userMessage`).
 */
export const ERROR_CODES = {
  VALIDATION_ERROR: { status: 400, retryable: false, user: 'That request was not valid.' },
  INVALID_JSON: { status: 400, retryable: false, user: 'That request was not valid JSON.' },
  BAD_REQUEST: { status: 400, retryable: false, user: 'That request was not valid.' },
  UNAUTHORIZED: { status: 401, retryable: false, user: 'You need to sign in first.' },
  INVALID_TOKEN: { status: 401, retryable: false, user: 'Your sign-in token is not valid.' },
  FORBIDDEN: { status: 403, retryable: false, user: 'You are not allowed to do that.' },
  NOT_FOUND: { status: 404, retryable: false, user: 'That was not found.' },
  TWIN_NOT_FOUND: { status: 404, retryable: false, user: 'No twin by that name is in the catalog.' },
  TWIN_NOT_IN_WORKSPACE: { status: 404, retryable: false, user: 'That twin is not in this workspace.' },
  GROUP_NOT_FOUND: { status: 404, retryable: false, user: 'No such group.' },
  METHOD_NOT_ALLOWED: { status: 405, retryable: false, user: 'That method is not allowed here.' },
  REQUEST_TIMEOUT: { status: 408, retryable: true, user: 'The request took too long to arrive.' },
  STREAM_NOT_FOUND: { status: 404, retryable: false, user: 'That reply stream is gone.' },
  TWIN_ALREADY_ADDED: { status: 409, retryable: false, user: 'That twin is already in this workspace.' },
  SLUG_TAKEN: { status: 409, retryable: false, user: 'You already have a twin with that name.' },
  TWIN_READ_ONLY: { status: 403, retryable: false, user: 'Catalog twins cannot be changed; make your own instead.' },
  IMPORT_INVALID: { status: 400, retryable: false, user: 'That file could not be imported.' },
  ROUNDTABLE_NOT_FOUND: { status: 404, retryable: false, user: 'No such roundtable.' },
  ROUNDTABLE_RUNNING: { status: 409, retryable: false, user: 'A roundtable is already running in this channel.' },
  ROUNDTABLE_FINISHED: { status: 409, retryable: false, user: 'That roundtable has ended.' },
  ROUNDTABLE_LIMIT: { status: 429, retryable: false, user: 'Too many roundtables are running at once; stop one first.' },
  CONFLICT: { status: 409, retryable: false, user: 'That conflicts with the current state.' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, user: 'That request is too large.' },
  URI_TOO_LONG: { status: 414, retryable: false, user: 'That address is too long.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, user: 'That content type is not supported.' },
  UPGRADE_REQUIRED: { status: 426, retryable: false, user: 'That endpoint needs a WebSocket connection.' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, retryable: false, user: 'That Idempotency-Key was already used for a different request.' },
  RATE_LIMITED: { status: 429, retryable: true, user: 'Too many requests; please wait a moment.' },
  HEADERS_TOO_LARGE: { status: 431, retryable: false, user: 'The request headers are too large.' },
  ATTACHMENT_REFUSED: { status: 400, retryable: false, user: 'An attachment could not be used.' },
  IMAGE_EXPIRED: { status: 410, retryable: false, user: 'An image sent with that message is no longer stored; please send it again.' },
  MODEL_RATE_LIMITED: { status: 503, retryable: true, user: 'The model is busy right now; retrying.' },
  MODEL_OVERLOADED: { status: 503, retryable: true, user: 'The model is overloaded right now; retrying.' },
  MODEL_UNAVAILABLE: { status: 503, retryable: true, user: 'The model could not be reached.' },
  MODEL_ERROR: { status: 502, retryable: false, user: 'The model could not answer that.' },
  MODEL_AUTH_FAILED: { status: 502, retryable: false, user: 'The model service refused our credentials.' },
  STRUCTURED_OUTPUT_INVALID: { status: 502, retryable: false, user: 'The model did not produce a valid answer.' },
  PROVIDER_NOT_CONFIGURED: { status: 503, retryable: false, user: 'No model provider is configured for that.' },
  UPSTREAM_ERROR: { status: 502, retryable: true, user: 'An upstream service failed.' },
  TIMEOUT: { status: 504, retryable: true, user: 'That took too long.' },
  SHUTTING_DOWN: { status: 503, retryable: true, user: 'The service is restarting; please try again.' },
  /** Redis, SQLite or PostgreSQL briefly unreachable or busy: retried by the queue, 503 over HTTP. */
  SERVICE_UNAVAILABLE: { status: 503, retryable: true, user: 'The service is briefly unavailable; please try again.' },
  INTERNAL: { status: 500, retryable: false, user: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; retryable: boolean; user: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface AppErrorOptions {
  cause?: unknown;
  /** Overrides the table's default. */
  retryable?: boolean;
  /** Milliseconds the caller should wait before retrying (from `retry-after`). */
  retryAfterMs?: number;
  /** The sentence a chat user sees; defaults to the code's. Never includes internals. */
  userMessage?: string;
  /** Field the error is about (validation). */
  field?: string;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly userMessage: string;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    const entry = ERROR_CODES[code];
    this.code = code;
    this.status = entry.status;
    this.retryable = options.retryable ?? entry.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.userMessage = options.userMessage ?? entry.user;
    this.field = options.field;
    this.details = options.details;
  }

  /** Serializable form, e.g. to cross the queue. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      userMessage: this.userMessage,
      field: this.field,
    };
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/**
 * Wraps anything thrown into an AppError, keeping the original as `cause`. The one place where
 * unknown errors are classified: an infrastructure blip (see infra-errors.ts) becomes the
 * retryable SERVICE_UNAVAILABLE, anything else a permanent INTERNAL.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const infra = infraErrorKind(err);
  if (infra) {
    // The driver's text (hosts, ports) stays in `cause`, for the logs only.
    return new AppError('SERVICE_UNAVAILABLE', `${infra} is briefly unavailable; retry shortly`, {
      cause: err,
      retryAfterMs: 1000,
    });
  }
  return new AppError('INTERNAL', err instanceof Error ? err.message : String(err), { cause: err });
}

/** A validation error that names the offending field. */
export function validationError(field: string, message: string): AppError {
  return new AppError('VALIDATION_ERROR', field ? `${field}: ${message}` : message, {
    field,
    userMessage: field ? `${field}: ${message}` : message,
  });
}
