import type { DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings, CompiledQuery } from 'kysely';
import { AppError } from '../core/errors.js';

/** PostgreSQL SQLSTATEs that mean "try again": the statement was right, the moment was not. */
const RETRYABLE_SQLSTATE = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57014', // query_canceled (statement_timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
]);
const RETRYABLE_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const RETRYABLE_SQLITE = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT']);
const LOST_CONNECTION = /connection terminated|connection timeout|timeout exceeded when trying to connect|client has encountered a connection error|not queryable|server closed the connection/i;

/**
 * Serialization failures, deadlocks, timeouts and lost connections become one retryable AppError
 * (the queue retries the job; HTTP answers 503 with Retry-After). Anything else is a real error
 * of the statement and passes through unchanged.
 */
export function translateDatabaseError(err: unknown): unknown {
  if (err instanceof AppError || !(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  const retryable =
    (typeof code === 'string' && (RETRYABLE_SQLSTATE.has(code) || code.startsWith('08') || RETRYABLE_NODE.has(code) || RETRYABLE_SQLITE.has(code))) ||
    LOST_CONNECTION.test(err.message);
  if (!retryable) return err;
  return new AppError('DATABASE_UNAVAILABLE', `database: ${err.message}`, {
    cause: err,
    retryAfterMs: 1000,
    ...(typeof code === 'string' ? { details: { dbCode: code } } : {}),
  });
}

async function translated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw translateDatabaseError(err);
  }
}

class TranslatingConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return translated(() => this.inner.executeQuery<R>(query));
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class TranslatingDriver implements Driver {
  constructor(private readonly inner: Driver) {}
  init(): Promise<void> {
    return translated(() => this.inner.init());
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new TranslatingConnection(await translated(() => this.inner.acquireConnection()));
  }
  beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return translated(() => this.inner.beginTransaction(unwrap(c), settings));
  }
  commitTransaction(c: DatabaseConnection): Promise<void> {
    return translated(() => this.inner.commitTransaction(unwrap(c)));
  }
  rollbackTransaction(c: DatabaseConnection): Promise<void> {
    return translated(() => this.inner.rollbackTransaction(unwrap(c)));
  }
  releaseConnection(c: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(unwrap(c));
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

const unwrap = (c: DatabaseConnection): DatabaseConnection => (c instanceof TranslatingConnection ? c.inner : c);

/** The dialect, with every driver error passed through translateDatabaseError: one point for all queries. */
export function withErrorTranslation(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new TranslatingDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
