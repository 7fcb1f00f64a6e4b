/**
 * Throwaway PostgreSQL databases on the test server (TEST_POSTGRES_URL, default the local one
 * with trust auth): a uniquely named database per test file, dropped afterwards. Other databases
 * on the server are never touched.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES_URL = process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function withDatabase(url: string, database: string, options?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (options) u.searchParams.set('options', options);
  return u.toString();
}

async function admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface ThrowawayDatabase {
  name: string;
  url: string;
  /** A fresh empty schema in this database, as a URL whose connections use it (per test). */
  schemaUrl(): Promise<string>;
  drop(): Promise<void>;
}

export async function createThrowawayDatabase(label = 'test'): Promise<ThrowawayDatabase> {
  const name = `tb_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(TEST_POSTGRES_URL, name);
  return {
    name,
    url,
    async schemaUrl() {
      const schema = `s_${randomBytes(5).toString('hex')}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE SCHEMA ${schema}`);
      } finally {
        await c.end();
      }
      return withDatabase(TEST_POSTGRES_URL, name, `-c search_path=${schema}`);
    },
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
