/**
 * toAppError classifies real driver errors: SQLite busy, Redis down, PostgreSQL unreachable or a
 * serialization failure become the retryable SERVICE_UNAVAILABLE (503); anything else stays
 * a permanent INTERNAL. The errors are produced by the real drivers, not built by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { toAppError } from '../../src/core/errors.js';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const caught = async (fn: () => unknown): Promise<unknown> => {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
};

function expectRetryable(err: unknown): void {
  const e = toAppError(err);
  expect(e.code, String(err)).toBe('SERVICE_UNAVAILABLE');
  expect(e.status).toBe(503);
  expect(e.retryable).toBe(true);
  expect(e.cause).toBe(err);
}

describe('toAppError: infrastructure errors are retryable', () => {
  it('SQLITE_BUSY from better-sqlite3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-busy-'));
    const a = new Database(join(dir, 'db'));
    a.exec('CREATE TABLE t (x); BEGIN EXCLUSIVE');
    const b = new Database(join(dir, 'db'), { timeout: 0 });
    const err = await caught(() => b.exec('INSERT INTO t VALUES (1)'));
    expect((err as { code?: string }).code).toMatch(/^SQLITE_BUSY/);
    expectRetryable(err);
    b.close();
    a.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Redis unreachable (ioredis)', async () => {
    const redis = new Redis({ port: await closedPort(), host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    redis.on('error', () => undefined);
    expectRetryable(await caught(() => redis.get('k')));
    redis.disconnect();
  });

  it('PostgreSQL unreachable, and a serialization failure (40001) from the real server', async () => {
    const down = new pg.Client({ host: '127.0.0.1', port: await closedPort(), user: 'postgres', database: 'postgres' });
    expectRetryable(await caught(() => down.connect()));
    const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      const err = await caught(() => client.query("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$"));
      expect((err as { code?: string }).code).toBe('40001');
      expectRetryable(err);
      // A constraint violation is the caller's problem, not a blip: it stays permanent.
      const permanent = await caught(() => client.query("DO $$ BEGIN RAISE EXCEPTION 'dup' USING ERRCODE = '23505'; END $$"));
      expect(toAppError(permanent).code).toBe('INTERNAL');
    } finally {
      await client.end();
    }
  });

  it('a plain bug stays INTERNAL and permanent', () => {
    const e = toAppError(new TypeError('x is undefined'));
    expect(e.code).toBe('INTERNAL');
    expect(e.retryable).toBe(false);
  });
});
