/**
 * Versioned schema, one file per version with the statement for each dialect. Append only: a
 * migration, once released, never changes. Both dialects keep the same tables and columns (the
 * repositories are one query for both); only what has no common spelling differs: FTS5 versus a
 * tsvector table, AUTOINCREMENT versus BIGSERIAL, triggers.
 */
import type { Migration } from './migration.js';
import { v1 } from './001-initial.js';
import { v2 } from './002-catalog-version.js';
import { v3 } from './003-roundtables.js';
import { v4 } from './004-custom-twins.js';
import { v5 } from './005-roundtables-insertion-order.js';

export type { Migration } from './migration.js';

export const MIGRATIONS: Migration[] = [v1, v2, v3, v4, v5];
