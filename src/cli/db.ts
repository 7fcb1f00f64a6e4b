import type { Config } from '../config.js';
import { openDatabase } from '../store/db.js';
import { createCliLogger, type CliOutput } from './output.js';
import { UsageError } from './commands.js';

/** `db migrate`: applies pending migrations to the configured database (under the same lock as a start). */
export async function dbMigrate(config: Config, out: CliOutput): Promise<number> {
  const logger = createCliLogger('warn');
  const handle = await openDatabase({ url: config.DATABASE_URL, path: config.DATABASE_PATH, migrate: false }, { logger });
  try {
    const applied = await handle.migrate();
    out.say(`${handle.dialect}: ${applied === 0 ? 'already up to date' : `applied ${applied} migration${applied === 1 ? '' : 's'}`}.`);
    return 0;
  } finally {
    await handle.close();
  }
}

/** `db copy --to postgres://…`: the SQLite database (DATABASE_PATH, or --from) into an empty PostgreSQL one. */
export async function dbCopy(config: Config, opts: { to?: string | undefined; from?: string | undefined; json?: boolean | undefined }, out: CliOutput): Promise<number> {
  if (!opts.to || !/^postgres(ql)?:\/\//.test(opts.to)) throw new UsageError('db copy --to postgres://user@host:5432/db — where to?');
  const { copySqliteToPostgres } = await import('../store/copy.js');
  const report = await copySqliteToPostgres({ from: opts.from ?? config.DATABASE_PATH, to: opts.to }, { logger: createCliLogger('warn') });
  for (const t of report.tables) {
    if (opts.json) out.json(t);
    else out.data(`${t.table.padEnd(24)} ${t.rows}`);
  }
  out.say(`Copied ${report.tables.length} tables; row counts verified. Set DATABASE_URL to the new database and restart.`);
  return 0;
}
