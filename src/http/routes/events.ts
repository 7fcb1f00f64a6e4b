import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { AppError, isAppError } from '../../core/errors.js';
import type { EventBus, WorkspaceEvent } from '../../core/ports.js';
import type { Authenticator } from '../auth.js';

const ownerKey = (o: { customerId: string; userId: string }) => `${o.customerId}\u0000${o.userId}`;

/**
 * GET /api/v2/ws: live workspace events for the authenticated user. One bus subscription per
 * process fans out to that process's sockets; the bus (Redis) carries changes made elsewhere.
 */
export async function registerEventRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; events: EventBus; heartbeatMs: number },
): Promise<() => Promise<void>> {
  const sockets = new Map<string, Set<WebSocket>>();
  const unsubscribe = await deps.events.subscribe((e: WorkspaceEvent) => {
    const set = sockets.get(ownerKey(e.owner));
    if (!set) return;
    const frame = JSON.stringify({ event: e.event, data: e.data, timestamp: e.at });
    for (const ws of set) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  app.route({
    method: 'GET',
    url: '/api/v2/ws',
    // A plain GET (no Upgrade) gets the envelope saying what this endpoint is, not an empty 404.
    handler: async () => {
      throw new AppError('UPGRADE_REQUIRED', 'This is a WebSocket endpoint: connect with Upgrade: websocket, the token in Authorization or as ?token=<token>');
    },
    wsHandler: async (socket, req) => {
      const query = req.query as { token?: unknown };
      let principal;
      try {
        principal = await deps.auth.authenticate(req.headers, typeof query.token === 'string' ? query.token : undefined);
      } catch (err) {
        // Browsers cannot set headers on a WebSocket: say how to pass the token instead.
        const why = isAppError(err) ? err.message : 'Unauthorized';
        const message = `${why} (on a WebSocket, pass the token as ?token=<token> in the URL if you cannot set the Authorization header)`;
        socket.send(JSON.stringify({ event: 'error', data: { code: isAppError(err) ? err.code : 'UNAUTHORIZED', message } }));
        socket.close(4401, 'unauthorized');
        return;
      }
      const key = ownerKey(principal);
      let set = sockets.get(key);
      if (!set) sockets.set(key, (set = new Set()));
      set.add(socket);
      let alive = true;
      socket.on('pong', () => (alive = true));
      // Pings find dead peers that never sent a FIN (phones, NATs) so their sockets are freed.
      const ping = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, deps.heartbeatMs);
      socket.on('close', () => {
        clearInterval(ping);
        set.delete(socket);
        if (set.size === 0) sockets.delete(key);
      });
      socket.on('message', (raw) => {
        if (raw.toString() === 'ping') socket.send(JSON.stringify({ event: 'pong', timestamp: new Date().toISOString() }));
      });
      socket.send(JSON.stringify({ event: 'connected', data: { user_id: principal.userId, customer_id: principal.customerId }, timestamp: new Date().toISOString() }));
    },
  });

  return async () => {
    for (const set of sockets.values()) for (const ws of set) ws.close(1001, 'server shutting down');
    await unsubscribe();
  };
}
