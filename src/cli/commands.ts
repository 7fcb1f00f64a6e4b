import { SignJWT } from 'jose';
import { pino } from 'pino';
import type { Config } from '../config.js';
import { isUuid } from '../core/ids.js';
import { resolveJwtSecret } from '../secrets.js';
import { storeOptions } from '../roles/core.js';
import { createStore } from '../store/index.js';
import type { ApiKeyRecord } from '../store/users.js';

export class UsageError extends Error {}

export function parseTtl(text: string): number {
  const m = /^(\d+)\s*([smhdw]?)$/.exec(text.trim());
  if (!m) throw new UsageError(`--ttl: "${text}" is not a duration like 30m, 1h, 7d`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[2] as '' | 's' | 'm' | 'h' | 'd' | 'w'];
  const seconds = Number(m[1]) * unit;
  if (seconds <= 0 || seconds > 366 * 86400) throw new UsageError('--ttl: must be between 1 second and 366 days');
  return seconds;
}

function requireId(name: string, value: string | undefined): string {
  if (!value) throw new UsageError(`--${name} is required`);
  if (!isUuid(value)) throw new UsageError(`--${name}: "${value}" is not a UUID`);
  return value;
}

export interface CreatedToken {
  jwt: string;
  claims: { sub: string; customer_id: string; exp: number };
}

/** An HS256 JWT; without --customer the customer is the user (their own tenant). */
export async function tokenCreate(config: Config, opts: { user?: string | undefined; customer?: string | undefined; ttl?: string | undefined }): Promise<CreatedToken> {
  const user = requireId('user', opts.user);
  const customer = opts.customer ? requireId('customer', opts.customer) : user;
  const ttl = parseTtl(opts.ttl ?? '1h');
  const secret = resolveJwtSecret(config, null);
  if (!secret) throw new UsageError('JWT_JWKS_URL is set: tokens come from your identity provider, not from this CLI');
  const exp = Math.floor(Date.now() / 1000) + ttl;
  const jwt = await new SignJWT({ customer_id: customer })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
  return { jwt, claims: { sub: user, customer_id: customer, exp } };
}

function openStore(config: Config) {
  return createStore(storeOptions(config), { logger: pino({ level: 'silent' }) });
}

export async function apiKeyCreate(config: Config, opts: { user?: string | undefined; customer?: string | undefined; name?: string | undefined }) {
  const user = requireId('user', opts.user);
  const customer = opts.customer ? requireId('customer', opts.customer) : user;
  const store = await openStore(config);
  try {
    return await store.users.createApiKey({ userId: user, customerId: customer, name: opts.name ?? null });
  } finally {
    await store.close();
  }
}

export async function apiKeyList(config: Config, opts: { user?: string | undefined }) {
  const store = await openStore(config);
  try {
    return await store.users.listApiKeys(opts.user);
  } finally {
    await store.close();
  }
}

/** Revokes a key; `already` says it was revoked before (not an error: the key is dead either way). */
export async function apiKeyRevoke(config: Config, idOrPrefix: string | undefined): Promise<{ key: ApiKeyRecord; already: boolean }> {
  if (!idOrPrefix) throw new UsageError('apikey revoke <id or prefix> — which key?');
  const store = await openStore(config);
  try {
    const before = (await store.users.listApiKeys()).find((k) => k.id === idOrPrefix || k.prefix === idOrPrefix);
    if (!before) throw new UsageError(`No API key with id or prefix "${idOrPrefix}"`);
    if (before.revokedAt) return { key: before, already: true };
    const key = await store.users.revokeApiKey(before.id);
    if (!key) throw new UsageError(`No API key with id or prefix "${idOrPrefix}"`);
    return { key, already: false };
  } finally {
    await store.close();
  }
}
