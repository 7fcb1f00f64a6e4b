import type { FastifyInstance } from 'fastify';
import { createApi } from '../http/api.js';
import { resolveJwtSecret } from '../secrets.js';
import type { Core } from './core.js';

/**
 * The HTTP server: the api role's routes, and the routes of platform roles that listen on the
 * service's port (Slack's Events API receiver). Resolves once it is listening.
 */
export async function startApi(
  core: Core,
  options: { version: string; extraRoutes: ((app: FastifyInstance) => void)[] },
): Promise<{ stop(): Promise<void> }> {
  const { config, logger } = core;
  const api = await createApi(core, {
    jwtSecret: resolveJwtSecret(config, logger),
    version: options.version,
    extraRoutes: options.extraRoutes,
  });
  await api.app.listen({ host: config.HOST, port: config.PORT });
  const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  logger.info({ port: config.PORT, roles: config.ROLES }, `Twinbridge ${options.version} listening on http://${host}:${config.PORT}`);
  return { stop: () => api.close() };
}
