import type { DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings, CompiledQuery } from 'kysely';
import { AppError, toAppError } from '../core/errors.js';
import { infraErrorKind } from '../core/infra-errors.js';

/**
 * Serialization failures, deadlocks, timeouts and lost connections become the retryable
 * SERVICE_UNAVAILABLE (the queue retries the job; HTTP answers 503 with Retry-After), classified
 * by the one point for infrastructure errors (core/infra-errors.ts). Anything else is a real
 * error of the statement and passes through unchanged.
 */
export function translateDatabaseError(err: unknown): unknown {
  if (err instanceof AppError || !infraErrorKind(err)) return err;
  return toAppError(err);
}

/** A unique index refused the row: SQLite's and PostgreSQL's (23505) spelling of it. */
export function isUniqueViolation(err: unknown): boolean {
  const code = err instanceof Error && 'code' in err ? (err as { code: unknown }).code : null;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
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
