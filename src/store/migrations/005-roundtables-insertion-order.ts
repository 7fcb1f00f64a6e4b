import type { Migration } from './migration.js';

export const v5: Migration = {
  version: 5,
  name: 'roundtables insertion order',
  // Listing is newest first, and roundtables started in the same millisecond keep the order
  // they were inserted in: SQLite's rowid, which PostgreSQL has no counterpart of (as
  // workspace_twins.rid). `db copy` inserts in rowid order, so the serial takes that order over.
  sqlite: `-- rowid already is the insertion order`,
  postgres: `ALTER TABLE roundtables ADD COLUMN rid BIGSERIAL UNIQUE;`,
};
