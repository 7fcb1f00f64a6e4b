import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../core/ids.js';
import type { DatabaseHandle } from './db.js';
import type { ApiKeysTable, Database } from './schema.js';

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

const toKey = (r: ApiKeysTable): ApiKeyRecord => ({
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

/** Users (as last seen) and their API keys. */
export interface UserStore {
  seen(userId: string, customerId: string): Promise<void>;
  createApiKey(input: { userId: string; customerId: string; name?: string | null }): Promise<{ key: string; record: ApiKeyRecord }>;
  getKey(id: string): Promise<ApiKeyRecord | null>;
  /** The active key for a presented secret, or null (unknown or revoked). */
  verifyApiKey(key: string): Promise<ApiKeyRecord | null>;
  listApiKeys(userId?: string): Promise<ApiKeyRecord[]>;
  revokeApiKey(idOrPrefix: string): Promise<ApiKeyRecord | null>;
}

export class KyselyUserStore implements UserStore {
  private readonly db: Kysely<Database>;
  private lastTouch = new Map<string, number>();

  constructor(handle: DatabaseHandle) {
    this.db = handle.db;
  }

  /** Records that a user was seen; at most once a minute per user so reads stay write-free. */
  async seen(userId: string, customerId: string): Promise<void> {
    const now = Date.now();
    if ((this.lastTouch.get(userId) ?? 0) > now - 60_000) return;
    this.lastTouch.set(userId, now);
    if (this.lastTouch.size > 50_000) this.lastTouch.clear();
    const iso = new Date(now).toISOString();
    await this.db
      .insertInto('users')
      .values({ id: userId, customer_id: customerId, created_at: iso, last_seen_at: iso })
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ last_seen_at: eb.ref('excluded.last_seen_at'), customer_id: eb.ref('excluded.customer_id') })))
      .execute();
  }

  async createApiKey(input: { userId: string; customerId: string; name?: string | null }): Promise<{ key: string; record: ApiKeyRecord }> {
    const key = `tb_${randomBytes(32).toString('base64url')}`;
    const id = newId();
    await this.db
      .insertInto('api_keys')
      .values({
        id,
        prefix: key.slice(0, 10),
        key_hash: hashApiKey(key),
        user_id: input.userId,
        customer_id: input.customerId,
        name: input.name ?? null,
        created_at: new Date().toISOString(),
      })
      .execute();
    return { key, record: (await this.getKey(id))! };
  }

  async getKey(id: string): Promise<ApiKeyRecord | null> {
    const r = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toKey(r) : null;
  }

  async verifyApiKey(key: string): Promise<ApiKeyRecord | null> {
    const r = await this.db.selectFrom('api_keys').selectAll().where('key_hash', '=', hashApiKey(key)).executeTakeFirst();
    if (!r || r.revoked_at) return null;
    return toKey(r);
  }

  async listApiKeys(userId?: string): Promise<ApiKeyRecord[]> {
    let q = this.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id');
    if (userId) q = q.where('user_id', '=', userId);
    return (await q.execute()).map(toKey);
  }

  async revokeApiKey(idOrPrefix: string): Promise<ApiKeyRecord | null> {
    const r =
      (await this.db.selectFrom('api_keys').selectAll().where('id', '=', idOrPrefix).executeTakeFirst()) ??
      (await this.db.selectFrom('api_keys').selectAll().where('prefix', '=', idOrPrefix).executeTakeFirst());
    if (!r) return null;
    await this.db
      .updateTable('api_keys')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(new Date().toISOString())) }))
      .where('id', '=', r.id)
      .execute();
    return this.getKey(r.id);
  }
}
