import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../core/errors.js';
import type { WorkspaceOwner } from '../core/domain.js';
import type { SqliteUserStore } from '../store/users.js';

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

/**
 * Bearer JWT (HS256 with the shared secret, or RS256 from a JWKS; each key accepts only its own
 * algorithm, so `none` and HS/RS confusion fail) or an API key (`tb_…`, stored hashed).
 */
export function createAuthenticator(options: AuthOptions, deps: { users: SqliteUserStore }) {
  const secret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : null;
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : null;
  const claimsOpts = {
    requiredClaims: ['exp', 'sub'],
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  };

  async function verifyJwt(token: string): Promise<Principal> {
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
    const sub = payload.sub;
    if (!sub || sub.length > 200) throw unauthorized('Token has no valid sub claim');
    const customer = payload['customer_id'];
    const customerId = typeof customer === 'string' && customer.length > 0 && customer.length <= 200 ? customer : sub;
    return { userId: sub, customerId, via: 'jwt' };
  }

  function verifyKey(key: string): Principal {
    const record = deps.users.verifyApiKey(key);
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
      const principal = token.startsWith('tb_') ? verifyKey(token) : await verifyJwt(token);
      deps.users.seen(principal.userId, principal.customerId);
      return principal;
    },
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
