/**
 * `twinbridge db copy`: an existing SQLite database into an empty PostgreSQL one, every table
 * (the list is read from SQLite itself, so a table added later is copied without a change here),
 * in foreign-key order, in one PostgreSQL transaction, then verified by row counts.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Logger } from 'pino';
import { openDatabase } from './db.js';
import { knowledgeTerms } from './knowledge.js';

/** Bookkeeping of each database itself, never copied. */
const SKIP = new Set(['schema_migrations', 'catalog_version']);
const BATCH = 500;

export interface CopyReport {
  tables: { table: string; rows: number }[];
}

function sqliteTables(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string; sql: string }[];
  const virtual = rows.filter((r) => /CREATE VIRTUAL TABLE/i.test(r.sql)).map((r) => r.name);
  // FTS5 keeps its index in shadow tables named after the virtual table; the virtual one is copied.
  return rows.map((r) => r.name).filter((n) => !SKIP.has(n) && !virtual.some((v) => n.startsWith(`${v}_`)));
}

/** Parents before children (PRAGMA foreign_key_list). */
function fkOrder(db: Database.Database, tables: string[]): string[] {
  const deps = new Map(tables.map((t) => [t, (db.prepare(`PRAGMA foreign_key_list("${t}")`).all() as { table: string }[]).map((r) => r.table).filter((p) => p !== t)]));
  const out: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (out.includes(t) || path.has(t)) return;
    path.add(t);
    for (const p of deps.get(t) ?? []) if (deps.has(p)) visit(p, path);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

async function pgColumns(client: pg.PoolClient, table: string): Promise<{ name: string; generated: boolean; serial: boolean }[]> {
  const res = await client.query<{ column_name: string; is_generated: string; column_default: string | null }>(
    `SELECT column_name, is_generated, column_default FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return res.rows.map((r) => ({ name: r.column_name, generated: r.is_generated === 'ALWAYS', serial: (r.column_default ?? '').startsWith('nextval(') }));
}

export async function copySqliteToPostgres(options: { from: string; to: string }, deps: { logger: Logger }): Promise<CopyReport> {
  const source = await openDatabase({ path: options.from }, deps);
  const target = await openDatabase({ url: options.to, path: '' }, deps);
  try {
    const sqlite = source.sqlite!;
    const tables = fkOrder(sqlite, sqliteTables(sqlite));
    const client = await target.pool!.connect();
    try {
      await client.query('SET statement_timeout = 0');
      for (const t of tables) {
        const exists = (await pgColumns(client, t)).length > 0;
        if (!exists) throw new Error(`table ${t} is in SQLite but not in PostgreSQL: are both on the same version?`);
        const n = Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${t}"`)).rows[0]!.n);
        if (n > 0) throw new Error(`PostgreSQL table ${t} already has ${n} rows: db copy needs an empty database`);
      }
      await client.query('BEGIN');
      try {
        for (const t of tables) await copyTable(sqlite, client, t);
        const version = (sqlite.prepare('SELECT version FROM catalog_version WHERE id = 1').pluck().get() as number | undefined) ?? 0;
        await client.query('UPDATE catalog_version SET version = GREATEST(version, $1) + 1 WHERE id = 1', [version]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
      const report: CopyReport = { tables: [] };
      for (const t of tables) {
        const want = sqlite.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number;
        const got = Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${t}"`)).rows[0]!.n);
        if (want !== got) throw new Error(`row counts differ for ${t}: SQLite ${want}, PostgreSQL ${got}`);
        report.tables.push({ table: t, rows: got });
      }
      return report;
    } finally {
      client.release();
    }
  } finally {
    await source.close();
    await target.close();
  }
}

async function copyTable(sqlite: Database.Database, client: pg.PoolClient, table: string): Promise<void> {
  const sqliteCols = (sqlite.prepare(`SELECT * FROM "${table}" LIMIT 0`).columns() as { name: string }[]).map((c) => c.name);
  const pgCols = await pgColumns(client, table);
  const cols = pgCols.filter((c) => !c.generated && sqliteCols.includes(c.name)).map((c) => c.name);
  // knowledge_fts: PostgreSQL keeps the terms its tsvector is built from.
  const withTerms = table === 'knowledge_fts' && pgCols.some((c) => c.name === 'terms');
  const insertCols = withTerms ? [...cols, 'terms'] : cols;
  // rowid order: insertion order, which PostgreSQL's serial columns (workspace_twins.rid, roundtables.rid) take over.
  const stmt = sqlite.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY rowid`);
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
    await client.query(`INSERT INTO "${table}" (${insertCols.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params);
    batch = [];
  };
  for (const r of stmt.iterate() as Iterable<Record<string, unknown>>) {
    const row = cols.map((c) => r[c]);
    if (withTerms) row.push(knowledgeTerms(`${String(r['title'] ?? '')} ${String(r['body'] ?? '')}`).join(' '));
    batch.push(row);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  // Serial columns continue after the copied values.
  for (const c of pgCols.filter((x) => x.serial)) {
    await client.query(`SELECT setval(pg_get_serial_sequence('"${table}"', '${c.name}'), COALESCE((SELECT MAX("${c.name}") FROM "${table}"), 0) + 1, false)`);
  }
}
