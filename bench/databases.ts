/**
 * Which store a bench's app processes run on, from BENCH_DATABASE:
 *
 *   sqlite (default)  the SQLite file under the run's DATA_DIR, as `npm start` uses
 *   postgres          a throwaway PostgreSQL database, created for the run and dropped after it
 *   both              SQLite, then PostgreSQL, on the same fakes and Redis: printed side by side
 *
 * The throwaway database is the test suite's (test/support/postgres.ts): a uniquely named
 * database on TEST_POSTGRES_URL's server (default postgres://postgres@127.0.0.1:5432/postgres),
 * so nothing else on that server is touched.
 */
export type BenchDatabaseKind = 'sqlite' | 'postgres';

export interface BenchDatabase {
  kind: BenchDatabaseKind;
  /** What the app processes get on top of their environment: DATABASE_URL, or '' (unset) for SQLite. */
  env: { DATABASE_URL: string };
  drop(): Promise<void>;
}

const CHOICES: Record<string, BenchDatabaseKind[]> = { sqlite: ['sqlite'], postgres: ['postgres'], both: ['sqlite', 'postgres'] };

export function benchDatabases(value = process.env['BENCH_DATABASE']): BenchDatabaseKind[] {
  const kinds = CHOICES[(value ?? 'sqlite').trim().toLowerCase() || 'sqlite'];
  if (!kinds) throw new Error(`BENCH_DATABASE=${value}: expected one of ${Object.keys(CHOICES).join(', ')}`);
  return kinds;
}

export async function openBenchDatabase(kind: BenchDatabaseKind, label: string): Promise<BenchDatabase> {
  if (kind === 'sqlite') return { kind, env: { DATABASE_URL: '' }, drop: async () => undefined };
  const { createThrowawayDatabase } = await import('../test/support/postgres.js');
  const db = await createThrowawayDatabase(`bench${label}`);
  return { kind, env: { DATABASE_URL: db.url }, drop: () => db.drop() };
}

/** Runs `measure` once per database of BENCH_DATABASE, each database dropped after its run. */
export async function onEachDatabase<T>(label: string, measure: (db: BenchDatabase) => Promise<T>): Promise<{ kind: BenchDatabaseKind; result: T }[]> {
  const out: { kind: BenchDatabaseKind; result: T }[] = [];
  for (const kind of benchDatabases()) {
    const db = await openBenchDatabase(kind, label);
    try {
      out.push({ kind, result: await measure(db) });
    } finally {
      await db.drop();
    }
  }
  return out;
}
