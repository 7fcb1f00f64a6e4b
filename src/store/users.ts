import { createHash, randomBytes } from 'node:crypto';
import { newId } from '../core/ids.js';
import type { Db } from './db.js';

export interface ApiKeyRecord {
  id: string;
  prefix: string;
  userId: string;
  customerId: string;
  name: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface KeyRow {
  id: string;
  prefix: string;
  user_id: string;
  customer_id: string;
  name: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const toKey = (r: KeyRow): ApiKeyRecord => ({
  id: r.id,
  prefix: r.prefix,
  userId: r.user_id,
  customerId: r.customer_id,
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** API keys are random 32-byte secrets; only their SHA-256 is stored, so a leaked DB leaks no key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class SqliteUserStore {
  private readonly byHash;
  private readonly touchUser;
  private lastTouch = new Map<string, number>();

  constructor(private readonly db: Db) {
    this.byHash = db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE key_hash = ?');
    this.touchUser = db.prepare(
      `INSERT INTO users (id, customer_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at, customer_id = excluded.customer_id`,
    );
  }

  /** Records that a user was seen; at most once a minute per user so reads stay write-free. */
  seen(userId: string, customerId: string): void {
    const now = Date.now();
    if ((this.lastTouch.get(userId) ?? 0) > now - 60_000) return;
    this.lastTouch.set(userId, now);
    if (this.lastTouch.size > 50_000) this.lastTouch.clear();
    const iso = new Date(now).toISOString();
    this.touchUser.run(userId, customerId, iso, iso);
  }

  createApiKey(input: { userId: string; customerId: string; name?: string | null }): { key: string; record: ApiKeyRecord } {
    const secret = randomBytes(32).toString('base64url');
    const key = `tb_${secret}`;
    const id = newId();
    const now = new Date().toISOString();
    this.db
      .prepare('INSERT INTO api_keys (id, prefix, key_hash, user_id, customer_id, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, key.slice(0, 10), hashApiKey(key), input.userId, input.customerId, input.name ?? null, now);
    return { key, record: this.getKey(id)! };
  }

  getKey(id: string): ApiKeyRecord | null {
    const r = this.db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?').get(id);
    return r ? toKey(r) : null;
  }

  /** The active key for a presented secret, or null (unknown or revoked). */
  verifyApiKey(key: string): ApiKeyRecord | null {
    const r = this.byHash.get(hashApiKey(key));
    if (!r || r.revoked_at) return null;
    return toKey(r);
  }

  listApiKeys(userId?: string): ApiKeyRecord[] {
    const rows = userId
      ? this.db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at').all(userId)
      : this.db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at').all();
    return rows.map(toKey);
  }

  revokeApiKey(idOrPrefix: string): ApiKeyRecord | null {
    const r =
      this.db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?').get(idOrPrefix) ??
      this.db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE prefix = ?').get(idOrPrefix);
    if (!r) return null;
    this.db.prepare('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(new Date().toISOString(), r.id);
    return this.getKey(r.id);
  }
}
