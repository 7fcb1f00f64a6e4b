import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import type { WorkspaceOwner } from '../core/domain.js';
import type { UserStore } from '../store/users.js';

export interface Principal {
  userId: string;
  customerId: string;
  via: 'jwt' | 'api_key';
  keyId?: string;
}

export function ownerOf(p: Principal): WorkspaceOwner {
  return { customerId: p.customerId, userId: p.userId };
}

export interface AuthOptions {
  jwtSecret: string | null;
  jwksUrl: string | null;
  issuer?: string | undefined;
  audience?: string | undefined;
}

const unauthorized = (message: string) => new AppError('UNAUTHORIZED', message);
const invalidToken = (message: string) => new AppError('INVALID_TOKEN', message);

/** A principal id from a token: non-empty, bounded, printable (it is stored and logged). */
const principalId = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f));

/**
 * What a verified token must claim. A signature says who issued the token, not that its claims
 * have the types the service needs: `sub: ["a","b"]` is validly signed JSON too.
 */
const Claims = z.object({
  sub: principalId,
  customer_id: principalId.optional(),
  exp: z.number().finite(),
  nbf: z.number().finite().optional(),
});

/** Longest credential header value looked at; longer ones are refused before any work. */
const MAX_CREDENTIAL_CHARS = 8192;
/** Our API keys: `tb_` and 43 base64url characters (see SqliteUserStore.createApiKey). */
const API_KEY_RE = /^tb_[A-Za-z0-9_-]{16,200}$/;

/**
 * Bearer JWT (HS256 with the shared secret, or RS256 from a JWKS; each key accepts only its own
 * algorithm, so `none` and HS/RS confusion fail) or an API key (`tb_…`, stored hashed).
 */
export function createAuthenticator(options: AuthOptions, deps: { users: UserStore }) {
  const secret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : null;
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : null;
  const claimsOpts = {
    requiredClaims: ['exp', 'sub'],
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  };

  // Verified tokens by their exact text. A client sends the same token on every request, and
  // HMAC through WebCrypto costs more than the rest of a workspace request. Only tokens that
  // verified are kept; exp/nbf are re-checked on every hit, and an entry lives at most a minute
  // so a key rotated out of the JWKS stops working soon after.
  const verified = new Map<string, { principal: Principal; exp: number; nbf: number; until: number }>();
  const CACHE_MAX = 10_000;
  const CACHE_TTL_MS = 60_000;

  function cached(token: string): Principal | null {
    const hit = verified.get(token);
    if (!hit) return null;
    const now = Date.now();
    if (now >= hit.until || now >= hit.exp * 1000 || now < hit.nbf * 1000) {
      verified.delete(token);
      return null;
    }
    return hit.principal;
  }

  function remember(token: string, principal: Principal, payload: JWTPayload): void {
    if (typeof payload.exp !== 'number') return;
    if (verified.size >= CACHE_MAX) verified.delete(verified.keys().next().value!);
    verified.set(token, { principal, exp: payload.exp, nbf: typeof payload.nbf === 'number' ? payload.nbf : 0, until: Date.now() + CACHE_TTL_MS });
  }

  async function verifyJwt(token: string): Promise<Principal> {
    const known = cached(token);
    if (known) return known;
    let header: { alg?: unknown };
    try {
      header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
    } catch {
      throw unauthorized('Malformed token');
    }
    let payload: JWTPayload;
    try {
      if (header.alg === 'HS256' && secret) {
        ({ payload } = await jwtVerify(token, secret, { ...claimsOpts, algorithms: ['HS256'] }));
      } else if (header.alg === 'RS256' && jwks) {
        ({ payload } = await jwtVerify(token, jwks, { ...claimsOpts, algorithms: ['RS256'] }));
      } else {
        throw unauthorized(`Token algorithm ${typeof header.alg === 'string' ? header.alg : '(none)'} is not accepted`);
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw unauthorized('Token expired');
      if (err instanceof joseErrors.JWTClaimValidationFailed) throw unauthorized(`Token claim ${err.claim} is invalid`);
      throw unauthorized('Invalid token');
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) {
      const claim = String(claims.error.issues[0]?.path[0] ?? 'claims');
      throw invalidToken(`Token claim ${claim} must be a non-empty string of at most 200 printable characters`);
    }
    const { sub, customer_id: customerId = sub } = claims.data;
    const principal: Principal = { userId: sub, customerId, via: 'jwt' };
    remember(token, principal, payload);
    return principal;
  }

  async function verifyKey(key: string): Promise<Principal> {
    if (!API_KEY_RE.test(key)) throw invalidToken('Malformed API key: expected tb_ followed by letters, digits, _ or -');
    const record = await deps.users.verifyApiKey(key);
    if (!record) throw unauthorized('Invalid or revoked API key');
    return { userId: record.userId, customerId: record.customerId, via: 'api_key', keyId: record.id };
  }

  return {
    /** From headers (Authorization, X-API-Key, x-gateway-token) or, for WebSockets, `?token=`. */
    async authenticate(headers: Record<string, string | string[] | undefined>, queryToken?: string): Promise<Principal> {
      const h = (name: string) => {
        const v = headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      const auth = h('authorization');
      let token: string | undefined;
      if (auth) {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
        if (!m) throw unauthorized('Authorization header must be "Bearer <token>"');
        token = m[1];
      }
      token ??= h('x-api-key') ?? h('x-gateway-token') ?? queryToken;
      if (!token) throw unauthorized('Missing credentials: send Authorization: Bearer <token> or X-API-Key');
      if (token.length > MAX_CREDENTIAL_CHARS) throw invalidToken(`Credential is longer than ${MAX_CREDENTIAL_CHARS} characters`);
      const principal = token.startsWith('tb_') ? await verifyKey(token) : await verifyJwt(token);
      await deps.users.seen(principal.userId, principal.customerId);
      return principal;
    },
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
