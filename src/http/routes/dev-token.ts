import { SignJWT } from 'jose';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.js';
import { sendError } from '../server.js';

export const DEV_TOKEN_PATH = '/api/v2/dev/token';
export const LOCAL_USER = { userId: 'local-user', customerId: 'local' } as const;
const TTL_SECONDS = 12 * 3600;

/**
 * Whether the "Continue as local user" endpoint exists: only in development with the secret the
 * service generated for itself. Anyone who configured JWT_SECRET or a JWKS, and every
 * production deployment, issues tokens elsewhere, and the route is then not registered at all.
 */
export function devTokensEnabled(config: { NODE_ENV: string; JWT_SECRET?: string | undefined; JWT_JWKS_URL?: string | undefined }, jwtSecret: string | null): boolean {
  return config.NODE_ENV !== 'production' && !config.JWT_SECRET && !config.JWT_JWKS_URL && jwtSecret !== null;
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** Its entry in the OpenAPI document, added only when the route is registered. */
export const devTokenOpenApi = {
  [DEV_TOKEN_PATH]: {
    post: {
      summary: 'Development only: a token for the local user (generated development secret, loopback callers only)',
      security: [],
      responses: {
        200: {
          description: '{success, data: {token, token_type, expires_at, user_id, customer_id}}',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  success: { type: 'boolean' },
                  data: {
                    type: 'object',
                    properties: {
                      token: { type: 'string' },
                      token_type: { type: 'string' },
                      expires_at: { type: 'string', format: 'date-time' },
                      user_id: { type: 'string' },
                      customer_id: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        },
        404: { description: 'Not available (called from another machine)' },
      },
    },
  },
};

/**
 * POST /api/v2/dev/token: a short-lived HS256 token for one fixed local user. A laptop running
 * `npm start` listens on every interface, so only callers on this machine get one; to everyone
 * else the route does not exist.
 */
export function registerDevTokenRoute(app: FastifyInstance, deps: { jwtSecret: string; issuer?: string | undefined; audience?: string | undefined }): void {
  const key = new TextEncoder().encode(deps.jwtSecret);
  app.post(DEV_TOKEN_PATH, async (req, reply) => {
    if (!isLoopback(req.socket.remoteAddress)) {
      return sendError(reply, new AppError('NOT_FOUND', `No route POST ${DEV_TOKEN_PATH}`), req.id);
    }
    const exp = Math.floor(Date.now() / 1000) + TTL_SECONDS;
    const jwt = new SignJWT({ customer_id: LOCAL_USER.customerId }).setProtectedHeader({ alg: 'HS256' });
    if (deps.issuer) jwt.setIssuer(deps.issuer);
    if (deps.audience) jwt.setAudience(deps.audience);
    const token = await jwt
      .setSubject(LOCAL_USER.userId)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key);
    return reply.header('cache-control', 'no-store').send({
      success: true,
      data: { token, token_type: 'Bearer', expires_at: new Date(exp * 1000).toISOString(), user_id: LOCAL_USER.userId, customer_id: LOCAL_USER.customerId },
    });
  });
}
