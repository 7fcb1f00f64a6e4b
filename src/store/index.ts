import type { Logger } from 'pino';
import { SqliteChannelStore } from './channels.js';
import { SqliteCustomTwinStore } from './custom-twins.js';
import { openDatabase, type Db } from './db.js';
import { SqliteMessageStore } from './messages.js';
import { SqliteRoundtableStore } from './roundtables.js';
import { SqliteTwinCatalog } from './twins.js';
import { SqliteUserStore } from './users.js';
import { SqliteWorkspaceStore } from './workspace.js';

export interface Store {
  db: Db;
  twins: SqliteTwinCatalog;
  customTwins: SqliteCustomTwinStore;
  workspace: SqliteWorkspaceStore;
  channels: SqliteChannelStore;
  messages: SqliteMessageStore;
  users: SqliteUserStore;
  roundtables: SqliteRoundtableStore;
  ping(): boolean;
  close(): void;
}

export function createStore(options: { path: string; maxActiveTwins: number }, deps: { logger: Logger }): Store {
  const db = openDatabase(options.path, deps);
  const twins = new SqliteTwinCatalog(db);
  return {
    db,
    twins,
    customTwins: new SqliteCustomTwinStore(db, twins),
    workspace: new SqliteWorkspaceStore(db, twins),
    channels: new SqliteChannelStore(db, { maxActive: options.maxActiveTwins }),
    messages: new SqliteMessageStore(db),
    users: new SqliteUserStore(db),
    roundtables: new SqliteRoundtableStore(db),
    ping: () => db.prepare('SELECT 1').pluck().get() === 1,
    close: () => db.close(),
  };
}
