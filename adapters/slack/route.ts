import type { FastifyInstance } from 'fastify';
import type { SlackAdapter } from './options.js';

/**
 * Mounts the adapter's HTTP receiver on the service's fastify server. Bolt verifies the signature
 * over the exact bytes Slack sent, so the request is handed over raw, before fastify parses the
 * body: the route hijacks it in its own onRequest hook.
 */
export function slackRoute(adapter: Pick<SlackAdapter, 'requestListener'>, path = '/slack/events'): (app: FastifyInstance) => void {
  return (app) => {
    const listener = adapter.requestListener;
    if (!listener) return;
    app.route({
      method: 'POST',
      url: path,
      onRequest: async (req, reply) => {
        reply.hijack();
        listener(req.raw, reply.raw);
      },
      // Never reached: the hook above took the request.
      handler: async () => undefined,
    });
  };
}
