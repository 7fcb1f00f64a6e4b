import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import { sendError } from '../server.js';
import { homeInfo, registerHomeRoute } from './home.js';

/**
 * The console's pages may run only their own scripts and talk only to this origin: no inline
 * script or style, no other origin for anything (avatars from elsewhere fall back to initials).
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** web/dist next to the package, whether running from src/ (tsx) or dist/src/ (npm start). */
export function findConsoleDir(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../..', '../../../..']) {
    const dir = resolve(here, up, 'web/dist');
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

/** `Accept: application/json` (and no stronger preference for HTML) asks for the info document. */
function wantsJson(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return /application\/json/i.test(accept) && !/text\/html/i.test(accept);
}

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin');
}

/**
 * GET / serves the web console when it was built (web/dist); JSON clients still get the info
 * document, and without a build the home page (home.ts) stays. Hashed files under /assets/ are
 * cacheable for a year; index.html is revalidated every time so a new build is picked up at once.
 */
export async function registerConsoleRoutes(app: FastifyInstance, deps: { dir: string | null; version: string }): Promise<void> {
  const { dir } = deps;
  if (!dir) return registerHomeRoute(app, { version: deps.version });
  const info = { ...homeInfo(deps.version), console: '/' };
  await app.register(fastifyStatic, { root: dir, serve: false, index: false, dotfiles: 'deny' });

  app.get('/', async (req, reply) => {
    if (wantsJson(req)) return reply.header('vary', 'accept').send(info);
    pageHeaders(reply).header('vary', 'accept').header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  });

  app.get('/assets/:file', async (req, reply) => {
    const { file } = req.params as { file: string };
    // Answered here, not by callNotFound: the path matches this GET route, so the generic
    // handler would call it a wrong method.
    if (!/^[A-Za-z0-9._-]+$/.test(file) || file.startsWith('.') || !existsSync(join(dir, 'assets', file))) {
      return sendError(reply, new AppError('NOT_FOUND', `No file /assets/${file.slice(0, 100)}`), req.id);
    }
    pageHeaders(reply);
    return reply.sendFile(`assets/${file}`, { maxAge: '365d', immutable: true });
  });
}

/** The console's own route in the OpenAPI document (GET / is there already). */
export function consoleOpenApi(built: boolean): Record<string, unknown> {
  if (!built) return {};
  return {
    '/assets/{file}': {
      get: {
        summary: "The web console's hashed static files (cacheable for a year)",
        security: [],
        parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'A static file' }, 404: { description: 'No such file' } },
      },
    },
  };
}
