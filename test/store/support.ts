/**
 * The repository conformance suite's harness: `describeStores` runs the same cases on SQLite (a
 * temporary file) and PostgreSQL (a throwaway database per test file, a fresh schema per test).
 * A case that only one database passes fails the suite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { BUNDLED_TWINS } from '../../src/catalog/bundled/index.js';
import { seedBundledCatalog } from '../../src/catalog/seed.js';
import type { RemoteTwinInput } from '../../src/core/ports.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { Dialect } from '../../src/store/schema.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/postgres.js';

export const logger = pino({ level: 'silent' });
export const STEVE = '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c';
export const ELON = '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
export const PAUL = 'b2c3d4e5-6f7a-8b9c-0d1e-2f3a4b5c6d7e';

export interface StoreContext {
  dialect: Dialect;
  /** The store of this test, migrated and seeded with the bundled catalog. */
  store: Store;
  /** What a second process (another host) opens: the same database, its own connections and caches. */
  openAnother(): Promise<Store>;
  /** The database location (a file path or a postgres URL). */
  location: { url: string | null; path: string };
}

export function describeStores(name: string, body: (ctx: () => StoreContext) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${name} [${dialect}]`, () => {
      let pgdb: ThrowawayDatabase | null = null;
      let dir = '';
      let ctx: StoreContext;
      const extra: Store[] = [];
      beforeAll(async () => {
        if (dialect === 'postgres') pgdb = await createThrowawayDatabase('store');
      });
      afterAll(async () => {
        await pgdb?.drop();
      });
      beforeEach(async () => {
        dir = mkdtempSync(join(tmpdir(), 'tb-store-'));
        const location = { url: pgdb ? await pgdb.schemaUrl() : null, path: join(dir, 'db', 'twinbridge.db') };
        const open = () => createStore({ ...location, maxActiveTwins: 1 }, { logger });
        const store = await open();
        await seedBundledCatalog(BUNDLED_TWINS, { catalog: store.twins, logger });
        ctx = {
          dialect,
          store,
          location,
          async openAnother() {
            const s = await open();
            extra.push(s);
            return s;
          },
        };
      });
      afterEach(async () => {
        for (const s of extra.splice(0)) await s.close();
        await ctx.store.close();
        rmSync(dir, { recursive: true, force: true });
      });
      body(() => ctx);
    });
  }
}

export const remote = (externalId: string, name: string, extra: Partial<RemoteTwinInput> = {}): RemoteTwinInput => ({
  externalId,
  name,
  description: `${name} from the remote source.`,
  category: 'Expert',
  expertise: ['Remote Things'],
  avatarUrl: null,
  personaPrompt: null,
  ...extra,
});

/**
 * Another process holds a lock in the database: SQLite's write lock (any write), or on
 * PostgreSQL the row locks `lockSql` takes in an open transaction. Resolves to its release.
 */
export async function holdLock(ctx: StoreContext, lockSql: string, params: unknown[] = []): Promise<() => Promise<void>> {
  if (ctx.dialect === 'sqlite') {
    const raw = new Database(ctx.location.path);
    raw.exec('BEGIN IMMEDIATE');
    return async () => {
      raw.exec('ROLLBACK');
      raw.close();
    };
  }
  const client = new pg.Client({ connectionString: ctx.location.url! });
  await client.connect();
  await client.query('BEGIN');
  await client.query(lockSql, params);
  return async () => {
    await client.query('ROLLBACK');
    await client.end();
  };
}
