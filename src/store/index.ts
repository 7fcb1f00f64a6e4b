/**
 * The store: one data-access layer (Kysely) over SQLite (better-sqlite3, the embedded default)
 * or PostgreSQL (`DATABASE_URL=postgres://…`, a `pg` pool). Repositories are written once against
 * `Kysely<Database>`; nothing above this folder knows which database is behind it.
 *
 * Adding persistence (custom twins, roundtables, …):
 * 1. Table: describe it in `schema.ts` (an interface, added to `Database`). Keep portable column
 *    types: TEXT for ids, ISO timestamps and JSON; INTEGER 0/1 for booleans; INTEGER/BIGINT numbers.
 * 2. Migration: add `migrations/NNN-name.ts` (`{ version, name, sqlite, postgres }`) and list it in `MIGRATIONS` (`migrations/index.ts`)
 *    with the DDL for each dialect (usually identical but for AUTOINCREMENT/BIGSERIAL). Never edit a
 *    released one. Both run under a lock at start-up and with `twinbridge db migrate`.
 * 3. Repository: a file here, `class KyselyXStore implements XStore` taking the `DatabaseHandle`;
 *    queries through `handle.db`, multi-statement writes in `handle.write(async (trx) => …)` (use
 *    only `trx` inside). The port (`XStore`, async methods) lives with its domain; wire the
 *    repository in `createStore` below.
 * 4. Tests: add the repository's cases to `test/store/` with `describeStores` — every case runs on
 *    SQLite and PostgreSQL. `twinbridge db copy` finds the new table by itself (no list to update).
 * Errors: serialization failures, timeouts and lost connections surface as retryable
 * `AppError('SERVICE_UNAVAILABLE')` (errors.ts, classified in core/infra-errors.ts), never as raw driver errors.
 */
import type { Logger } from 'pino';
import { KyselyChannelStore } from './channels.js';
import { KyselyCustomTwinStore } from './custom-twins.js';
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from './db.js';
import { KyselyMessageStore } from './messages.js';
import { KyselyRoundtableStore } from './roundtables.js';
import { KyselyTwinCatalog } from './twins.js';
import { KyselyUserStore } from './users.js';
import { KyselyWorkspaceStore } from './workspace.js';
import type { Dialect } from './schema.js';

export type { DatabaseHandle } from './db.js';

export interface Store {
  handle: DatabaseHandle;
  dialect: Dialect;
  twins: KyselyTwinCatalog;
  customTwins: KyselyCustomTwinStore;
  workspace: KyselyWorkspaceStore;
  channels: KyselyChannelStore;
  messages: KyselyMessageStore;
  users: KyselyUserStore;
  roundtables: KyselyRoundtableStore;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreOptions extends DatabaseOptions {
  maxActiveTwins: number;
}

export async function createStore(options: StoreOptions, deps: { logger: Logger }): Promise<Store> {
  const handle = await openDatabase(options, deps);
  const twins = new KyselyTwinCatalog(handle);
  return {
    handle,
    dialect: handle.dialect,
    twins,
    customTwins: new KyselyCustomTwinStore(handle, twins),
    workspace: new KyselyWorkspaceStore(handle, twins),
    channels: new KyselyChannelStore(handle, { maxActive: options.maxActiveTwins }),
    messages: new KyselyMessageStore(handle),
    users: new KyselyUserStore(handle),
    roundtables: new KyselyRoundtableStore(handle),
    ping: () => handle.ping(),
    close: () => handle.close(),
  };
}
