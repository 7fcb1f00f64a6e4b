import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { buildOpenApi } from '../openapi.js';

export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { checks: Record<string, () => Promise<boolean> | boolean>; metrics: Registry; version: string; extraPaths?: Record<string, unknown> },
): void {
  app.get('/healthz', async () => ({ status: 'ok', version: deps.version }));

  app.get('/readyz', async (_req, reply) => {
    const results: Record<string, 'ok' | 'fail'> = {};
    await Promise.all(
      Object.entries(deps.checks).map(async ([name, check]) => {
        try {
          const ok = await Promise.race([Promise.resolve(check()), new Promise<boolean>((r) => setTimeout(() => r(false), 2000))]);
          results[name] = ok ? 'ok' : 'fail';
        } catch {
          results[name] = 'fail';
        }
      }),
    );
    const ready = Object.values(results).every((r) => r === 'ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: results });
  });

  const openapi = buildOpenApi(deps.version, deps.extraPaths);
  app.get('/api/openapi.json', async () => openapi);

  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', deps.metrics.contentType);
    return deps.metrics.metrics();
  });
}
