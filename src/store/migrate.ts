import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Logger } from 'pino';
import { MIGRATIONS } from './migrations/index.js';

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`;

/** Any fixed 64-bit number of our own: the advisory lock every process takes to migrate. */
const MIGRATION_LOCK = 7_261_544_011;

/**
 * Applies pending migrations under an immediate transaction: a second process starting at the
 * same time waits for the write lock, then finds them applied. Returns how many were applied.
 */
export function migrateSqlite(db: Database.Database, logger: Logger): number {
  db.exec(CREATE_TABLE);
  const apply = db.transaction(() => {
    const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    let count = 0;
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      db.exec(m.sqlite);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      logger.info({ migration: m.version, migrationName: m.name, dialect: 'sqlite' }, 'applied database migration');
      count++;
    }
    return count;
  });
  return apply.immediate();
}

/**
 * Applies pending migrations while holding a session advisory lock, each in its own transaction:
 * processes starting together queue on the lock and the later ones find nothing to do.
 */
export async function migratePostgres(pool: pg.Pool, logger: Logger): Promise<number> {
  const client = await pool.connect();
  try {
    // Migrations may take longer than a request's statement timeout.
    await client.query('SET statement_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(CREATE_TABLE);
      const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      let count = 0;
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.postgres);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
        logger.info({ migration: m.version, migrationName: m.name, dialect: 'postgres' }, 'applied database migration');
        count++;
      }
      return count;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await client.query('RESET statement_timeout').catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
