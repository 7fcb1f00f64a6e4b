/** Migrations under a lock, several processes at once; retryable database errors; readiness. */
import { expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { createStore } from '../../src/store/index.js';
import { openDatabase } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { describeStores, holdLock, logger, STEVE } from './support.js';

describeStores('migrations', (t) => {
  it('migrating again is a no-op, and another process sees the data', async () => {
    const { store, location } = t();
    const versions = (await store.handle.db.selectFrom('schema_migrations').select('version').orderBy('version').execute()).map((r) => r.version);
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await store.handle.migrate()).toBe(0);
    const second = await createStore({ ...location, maxActiveTwins: 1 }, { logger });
    try {
      expect((await second.twins.get(STEVE))?.name).toBe('Steve Jobs');
    } finally {
      await second.close();
    }
    expect(await store.ping()).toBe(true);
  });

  it('several processes migrating a fresh database at once apply each migration once', async () => {
    const { location, dialect } = t();
    // A fresh location of the same kind: a new file, or a new schema in the test database.
    const fresh = dialect === 'sqlite' ? { url: null, path: `${location.path}.fresh` } : { url: location.url!.replace(/search_path%3D\w+|search_path=\w+/, 'search_path=public'), path: '' };
    const handles = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ ...fresh, migrate: false }, { logger })));
    try {
      const applied = await Promise.all(handles.map((h) => h.migrate()));
      expect(applied.reduce((a, b) => a + b, 0)).toBe(MIGRATIONS.length);
      const rows = await handles[0]!.db.selectFrom('schema_migrations').select('version').execute();
      expect(rows).toHaveLength(MIGRATIONS.length);
    } finally {
      for (const h of handles) await h.close();
    }
  });

  it('pragmas on SQLite: WAL and foreign keys', async () => {
    const { store, dialect } = t();
    if (dialect !== 'sqlite') return expect(store.handle.sqlite).toBeNull();
    expect(store.handle.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.handle.sqlite!.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('a database that is busy past the timeout is a retryable AppError, not a driver error', async () => {
    const ctx = t();
    const b = await openDatabase({ ...ctx.location, statementTimeoutMs: 200 }, { logger });
    // Another process holds the write lock (SQLite) or the version row's lock (PostgreSQL).
    const release = await holdLock(ctx, 'UPDATE catalog_version SET version = version + 1 WHERE id = 1');
    try {
      const err = await b.write((trx) => trx.updateTable('catalog_version').set({ version: 200 }).where('id', '=', 1).execute()).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true, status: 503 });
      expect((err as AppError).cause).toBeDefined();
    } finally {
      await release();
      await b.close();
    }
  });
});
