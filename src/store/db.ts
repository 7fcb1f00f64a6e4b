import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { withErrorTranslation } from './errors.js';
import { migratePostgres, migrateSqlite } from './migrate.js';
import type { Database as Schema, Dialect } from './schema.js';

export type Db = Kysely<Schema>;

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise the SQLite file at `path`. */
  url?: string | null | undefined;
  path: string;
  poolSize?: number | undefined;
  statementTimeoutMs?: number | undefined;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean | undefined;
}

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** The better-sqlite3 handle on SQLite (pragmas, FTS5), null on PostgreSQL. */
  sqlite: Database.Database | null;
  /** The pg pool on PostgreSQL, null on SQLite. */
  pool: pg.Pool | null;
  /**
   * A write transaction: BEGIN IMMEDIATE on SQLite (takes the write lock up front, so two
   * processes never deadlock upgrading a read lock), READ COMMITTED on PostgreSQL.
   */
  write<T>(fn: (trx: Kysely<Schema>) => Promise<T>): Promise<T>;
  migrate(): Promise<number>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const isPostgresUrl = (url: string | null | undefined): url is string => !!url && /^postgres(ql)?:\/\//i.test(url);

/** BIGINT (int8: BIGSERIAL, COUNT) as a JS number: ids and counts stay far below 2^53. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Caches prepared statements by SQL text: Kysely prepares per query, preparing was a fifth of a request. */
function cachingSqlite(db: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = db.prepare(text);
        if (cache.size > 500) cache.clear();
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

export async function openDatabase(options: DatabaseOptions, deps: { logger: Logger }): Promise<DatabaseHandle> {
  const handle = isPostgresUrl(options.url) ? openPostgres(options.url, options, deps) : openSqlite(options, deps);
  if (options.migrate !== false) {
    try {
      await handle.migrate();
    } catch (err) {
      await handle.close();
      throw err;
    }
  }
  return handle;
}

/**
 * SQLite for one of possibly several processes on this host: WAL so readers never block the
 * writer, a busy timeout so concurrent writers wait instead of failing.
 */
function openSqlite(options: DatabaseOptions, deps: { logger: Logger }): DatabaseHandle {
  if (options.path === ':memory:') return connectSqlite(options, deps);
  // One connection per file per process. Two connections of one process would deadlock: a
  // transaction awaiting between statements holds the write lock while the other connection's
  // statement busy-waits on the same thread. Within a process, Kysely's connection mutex orders
  // them instead; other processes wait on SQLite's lock (busy_timeout).
  const key = resolve(options.path);
  const shared = sharedSqlite.get(key);
  if (shared) {
    shared.refs++;
    return { ...shared.handle, close: () => releaseShared(key) };
  }
  const handle = connectSqlite(options, deps);
  sharedSqlite.set(key, { handle, refs: 1 });
  return { ...handle, close: () => releaseShared(key) };
}

const sharedSqlite = new Map<string, { handle: DatabaseHandle; refs: number }>();

async function releaseShared(key: string): Promise<void> {
  const entry = sharedSqlite.get(key);
  if (!entry || --entry.refs > 0) return;
  sharedSqlite.delete(key);
  await entry.handle.close();
}

function connectSqlite(options: DatabaseOptions, deps: { logger: Logger }): DatabaseHandle {
  const { path } = options;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`busy_timeout = ${Math.max(1, options.statementTimeoutMs ?? 5000)}`);
  const db = new Kysely<Schema>({ dialect: withErrorTranslation(new SqliteDialect({ database: cachingSqlite(raw) })) });
  return {
    db,
    dialect: 'sqlite',
    sqlite: raw,
    pool: null,
    write: (fn) =>
      db.connection().execute(async (conn) => {
        await sql`BEGIN IMMEDIATE`.execute(conn);
        try {
          const result = await fn(conn);
          await sql`COMMIT`.execute(conn);
          return result;
        } catch (err) {
          if (raw.inTransaction) await sql`ROLLBACK`.execute(conn);
          throw err;
        }
      }),
    migrate: async () => migrateSqlite(raw, deps.logger),
    ping: async () => (await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows[0]?.one === 1,
    close: () => db.destroy(),
  };
}

function openPostgres(url: string, options: DatabaseOptions, deps: { logger: Logger }): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    connectionTimeoutMillis: options.statementTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    types: pgTypes,
    application_name: 'twinbridge',
  });
  // An idle client losing its server (restart, failover) must not crash the process; the next
  // query gets a fresh connection or a retryable error.
  pool.on('error', (err) => deps.logger.warn({ err }, 'idle PostgreSQL connection failed'));
  const db = new Kysely<Schema>({ dialect: withErrorTranslation(new PostgresDialect({ pool })) });
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    pool,
    write: (fn) => db.transaction().execute((trx: Transaction<Schema>) => fn(trx)),
    migrate: () => migratePostgres(pool, deps.logger),
    ping: async () => (await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows[0]?.one === 1,
    close: () => db.destroy(),
  };
}
