/**
 * Recognises errors of the infrastructure the service runs on (Redis, SQLite, PostgreSQL, the
 * network between them) that say "try again shortly" rather than "this input is wrong". Matched by
 * the drivers' documented codes, names and messages, never by importing the drivers, so the core
 * stays free of them.
 */

/** Socket-level codes: the peer is down, restarting or unreachable right now. */
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTCONN', 'ECONNABORTED']);

/** better-sqlite3's `SqliteError.code` for a database another connection holds. */
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED)(_|$)/;

/**
 * PostgreSQL SQLSTATEs worth a retry: connection exceptions (08…), serialization failure and
 * deadlock (40001, 40P01), insufficient resources (53…), operator intervention (57P01–57P03),
 * statement_timeout and lock_timeout (57014, 55P03: the service sets the first, never cancels).
 */
const PG_CODES = /^(08[0-9A-Z]{3}|40001|40P01|53[0-9A-Z]{3}|57P0[123]|57014|55P03)$/;

/** ioredis' own errors: no connection, or the retries per request ran out. */
const REDIS_NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);
const REDIS_MESSAGES = /^(Connection is closed\.|Stream isn't writeable|Reached the max retries per request limit|LOADING |MASTERDOWN |TRYAGAIN |CLUSTERDOWN |READONLY )/;

export type InfraKind = 'Redis' | 'SQLite' | 'PostgreSQL' | 'The network';

/** Which piece of infrastructure failed transiently, or null for any other error. */
export function infraErrorKind(err: unknown): InfraKind | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (SQLITE_CODES.test(code)) return 'SQLite';
      if (PG_CODES.test(code)) return 'PostgreSQL';
      if (NET_CODES.has(code)) return 'The network';
    }
    if (typeof name === 'string' && REDIS_NAMES.has(name)) return 'Redis';
    if (typeof message === 'string') {
      if (REDIS_MESSAGES.test(message)) return 'Redis';
      if (/^(Connection terminated|timeout exceeded when trying to connect|terminating connection due to administrator command|the database system is (starting up|shutting down))/.test(message)) return 'PostgreSQL';
    }
  }
  return null;
}
