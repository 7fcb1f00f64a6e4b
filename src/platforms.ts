import type { FastifyInstance } from 'fastify';
import type { Core } from './app.js';
import type { Role } from './config.js';

/**
 * The discord and slack roles. Adapters are loaded only when their role runs, so a deployment
 * without Discord never loads discord.js.
 */
export async function startPlatformRoles(
  core: Core,
  roles: Set<Role>,
): Promise<{ routes: ((app: FastifyInstance) => void)[]; stop(): Promise<void> }> {
  const stops: (() => Promise<void>)[] = [];
  const routes: ((app: FastifyInstance) => void)[] = [];
  void core;
  void roles;
  return {
    routes,
    async stop() {
      for (const s of stops) await s();
    },
  };
}
