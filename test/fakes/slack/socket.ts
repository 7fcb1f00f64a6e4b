/**
 * The Socket Mode half of the fake: `apps.connections.open` (app-level token only) hands out a
 * one-use `ws://127.0.0.1:<port>/link/?ticket=…` URL; a client that connects there gets `hello`,
 * then `events_api` envelopes, and must answer each with `{envelope_id}` as Slack requires.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventCallback, rand } from './driver.js';
import type { FakeSlack } from './server.js';

export interface FakeAck {
  envelopeId: string;
  /** What the client put in `payload` (Bolt sends `{}` for events). */
  payload: unknown;
  /** Milliseconds from sending the envelope to receiving its ack. */
  latencyMs: number;
}

export interface SendOptions {
  /** Slack's `retry_attempt` (0 for a first delivery). */
  retryAttempt?: number;
  retryReason?: string;
  /** Reject when no ack arrives within this long (Slack waits 3 s before retrying). */
  ackTimeoutMs?: number;
}

export interface SocketMention {
  user: string;
  channel: string;
  text: string;
  threadTs?: string | undefined;
}

export interface FakeSocketMode {
  readonly appToken: string;
  /** WebSockets that completed the handshake (reconnects included). */
  readonly connections: number;
  /** Sockets open right now. */
  readonly open: number;
  readonly acks: FakeAck[];
  /** Resolves once a client has a live connection (has been sent `hello`). */
  connected(timeoutMs?: number): Promise<void>;
  /** Pushes one `events_api` envelope with this `event_callback` body; resolves with its ack. */
  sendEvent(body: Record<string, unknown>, opts?: SendOptions): Promise<FakeAck>;
  /** Seeds the human message in the fake and delivers it as an `app_mention`. */
  mention(m: SocketMention, opts?: SendOptions & { eventId?: string }): Promise<{ ack: FakeAck; body: Record<string, unknown>; eventId: string; ts: string }>;
  close(): Promise<void>;
}


export async function startFakeSocketMode(fake: FakeSlack, options: { appToken?: string; apiAppId?: string } = {}): Promise<FakeSocketMode> {
  const appToken = options.appToken ?? 'xapp-1-A0FAKEAPP-1-fake';
  const apiAppId = options.apiAppId ?? 'A0FAKEAPP';
  const teamId = fake.workspace.teamId;
  const tickets = new Set<string>();
  const live = new Set<WebSocket>();
  const pending = new Map<string, { sentAt: number; resolve: (ack: FakeAck) => void }>();
  const acks: FakeAck[] = [];
  const onConnect = new Set<() => void>();
  let connections = 0;

  const http = createServer((_req, res) => void res.writeHead(426).end());
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const wsBase = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;

  fake.mount('apps.connections.open', appToken, () => {
    const ticket = randomUUID();
    tickets.add(ticket);
    return { ok: true, url: `${wsBase}/link/?ticket=${ticket}&app_id=${apiAppId}` };
  });

  function accept(ws: WebSocket): void {
    connections += 1;
    live.add(ws);
    ws.on('close', () => live.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let msg: { envelope_id?: unknown; payload?: unknown };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        return;
      }
      const id = typeof msg.envelope_id === 'string' ? msg.envelope_id : '';
      const waiting = pending.get(id);
      if (!waiting) return;
      pending.delete(id);
      const ack: FakeAck = { envelopeId: id, payload: msg.payload, latencyMs: Date.now() - waiting.sentAt };
      acks.push(ack);
      waiting.resolve(ack);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: live.size,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: apiAppId },
      }),
    );
    for (const f of [...onConnect]) f();
  }

  /** The newest open socket, which is where Slack sends (any one of an app's connections will do). */
  function current(): WebSocket | undefined {
    return [...live].reverse().find((ws) => ws.readyState === ws.OPEN);
  }

  async function sendEvent(body: Record<string, unknown>, opts: SendOptions = {}): Promise<FakeAck> {
    const ws = current();
    if (!ws) throw new Error('fake socket mode: no client connected');
    const envelopeId = randomUUID();
    const timeoutMs = opts.ackTimeoutMs ?? 3000;
    return new Promise<FakeAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(envelopeId);
        reject(new Error(`fake socket mode: envelope ${envelopeId} not acknowledged within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(envelopeId, {
        sentAt: Date.now(),
        resolve: (ack) => {
          clearTimeout(timer);
          resolve(ack);
        },
      });
      ws.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type: 'events_api',
          payload: body,
          accepts_response_payload: false,
          retry_attempt: opts.retryAttempt ?? 0,
          retry_reason: opts.retryReason ?? '',
        }),
      );
    });
  }

  return {
    appToken,
    get connections() {
      return connections;
    },
    get open() {
      return [...live].filter((ws) => ws.readyState === ws.OPEN).length;
    },
    acks,
    connected(timeoutMs = 5000) {
      if (current()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          onConnect.delete(done);
          resolve();
        };
        const timer = setTimeout(() => {
          onConnect.delete(done);
          reject(new Error(`fake socket mode: no client connected within ${timeoutMs} ms`));
        }, timeoutMs);
        onConnect.add(done);
      });
    },
    sendEvent,
    async mention(m, opts = {}) {
      const tag = `<@${fake.workspace.botUserId}>`;
      const text = m.text.includes(tag) ? m.text : `${tag} ${m.text}`;
      const seeded = fake.state.addUserMessage(m.channel, m.user, text, m.threadTs ?? null);
      const eventId = opts.eventId ?? `Ev${rand(5)}`;
      const body = eventCallback(
        fake,
        apiAppId,
        {
          type: 'app_mention',
          user: m.user,
          text,
          ts: seeded.ts,
          team: teamId,
          channel: m.channel,
          ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
        },
        eventId,
      );
      const ack = await sendEvent(body, opts);
      return { ack, body, eventId, ts: seeded.ts };
    },
    async close() {
      for (const ws of live) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
