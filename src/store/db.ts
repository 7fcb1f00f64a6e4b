import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/**
 * Opens the database for one of possibly several processes on this host: WAL so readers never
 * block the writer, a busy timeout so concurrent writers wait instead of failing, and migrations
 * applied under an immediate transaction so two processes starting together apply each once.
 */
export function openDatabase(path: string, deps: { logger: Logger }): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, deps.logger);
  return db;
}

function migrate(db: Db, logger: Logger): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const apply = db.transaction(() => {
    const applied = new Set(
      db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
    );
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
      logger.info({ migration: m.version, migrationName: m.name }, 'applied database migration');
    }
  });
  apply.immediate();
}
