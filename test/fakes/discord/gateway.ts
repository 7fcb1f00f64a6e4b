/**
 * The gateway half of the fake (API v10, JSON, no compression — discord.js only asks for
 * zlib-stream when zlib-sync is installed): HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeat
 * ACKs, RESUME with replay, and dispatches filtered by the session's intents like Discord does.
 */
import type { Server } from 'node:http';
import { GatewayIntentBits, GatewayOpcodes } from 'discord.js';
import { WebSocketServer, type WebSocket } from 'ws';
import { snowflake, type FakeState } from './model.js';
import { apiUser, guildCreatePayload } from './payloads.js';
import type { Dispatcher } from './messages.js';

interface Session {
  id: string;
  /** [shard_id, num_shards] from IDENTIFY, as Discord takes it. */
  shard: [number, number];
  socket: WebSocket | null;
  seq: number;
  intents: number;
  log: { s: number; t: string; d: unknown }[];
}

export interface FakeGateway extends Dispatcher {
  /** Sends GUILD_CREATE for a guild added after READY. */
  announceGuild(guildId: string): void;
  /** Closes every socket with a resumable code, as Discord does when it moves a session. */
  dropConnections(): void;
  identifies(): number;
  /** The [shard_id, num_shards] of every IDENTIFY so far. */
  shards(): [number, number][];
  resumes(): number;
  close(): Promise<void>;
}

const MESSAGE_EVENTS = new Set(['MESSAGE_CREATE', 'MESSAGE_UPDATE', 'MESSAGE_DELETE']);

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  wsUrl: () => string;
  /** False: the app lacks the privileged Message Content intent, and asking for it closes with 4014. */
  allowMessageContent: boolean;
}

/**
 * Which shard receives a guild's events, as Discord documents it:
 * `shard_id = (guild_id >> 22) % num_shards`. DMs go to shard 0.
 */
export function shardOf(guildId: string | null, numShards: number): number {
  if (guildId === null) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(numShards));
}

/** The guild an event is about (GUILD_CREATE carries it as `id`), or null for DMs and the like. */
function guildOfEvent(t: string, d: Record<string, unknown>): string | null {
  if (t === 'GUILD_CREATE' || t === 'GUILD_UPDATE' || t === 'GUILD_DELETE') return typeof d.id === 'string' ? d.id : null;
  return typeof d.guild_id === 'string' ? d.guild_id : null;
}

export function createGateway(state: FakeState, server: Server, opts: GatewayOptions): FakeGateway {
  const wss = new WebSocketServer({ server });
  const sessions = new Map<string, Session>();
  let identifyCount = 0;
  const identifiedShards: [number, number][] = [];
  let resumeCount = 0;

  const send = (socket: WebSocket, payload: unknown): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  };

  /** What this session may see of an event: intents gate messages and message content. */
  function visible(session: Session, t: string, d: Record<string, unknown>): Record<string, unknown> | null {
    if (t === 'GUILD_CREATE' && !(session.intents & GatewayIntentBits.Guilds)) return null;
    if (!MESSAGE_EVENTS.has(t)) return d;
    const inGuild = typeof d.guild_id === 'string';
    const needed = inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    if (!(session.intents & needed)) return null;
    if (t === 'MESSAGE_DELETE' || session.intents & GatewayIntentBits.MessageContent || !inGuild) return d;
    const author = d.author as { id?: string } | undefined;
    const mentions = (d.mentions as { id: string }[] | undefined) ?? [];
    if (author?.id === state.bot.id || mentions.some((m) => m.id === state.bot.id)) return d;
    return { ...d, content: '', embeds: [], attachments: [], components: [] };
  }

  function emit(session: Session, t: string, d: Record<string, unknown>): void {
    if (t !== 'READY' && t !== 'RESUMED' && shardOf(guildOfEvent(t, d), session.shard[1]) !== session.shard[0]) return;
    const data = visible(session, t, d);
    if (!data) return;
    session.seq += 1;
    const frame = { op: GatewayOpcodes.Dispatch, t, s: session.seq, d: data };
    session.log.push({ s: session.seq, t, d: data });
    if (session.log.length > 1000) session.log.shift();
    if (session.socket) send(session.socket, frame);
  }

  function identify(socket: WebSocket, d: { token?: string; intents?: number; shard?: unknown }): void {
    if (d.token !== state.token && d.token !== `Bot ${state.token}`) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    if (!opts.allowMessageContent && Number(d.intents ?? 0) & GatewayIntentBits.MessageContent) {
      socket.close(4014, 'Disallowed intent(s).');
      return;
    }
    const shard = d.shard === undefined ? [0, 1] : d.shard;
    if (!Array.isArray(shard) || shard.length !== 2 || !shard.every(Number.isInteger) || shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) {
      socket.close(4010, 'Invalid shard.');
      return;
    }
    identifyCount += 1;
    identifiedShards.push([shard[0], shard[1]]);
    const session: Session = { id: snowflake(), shard: [shard[0], shard[1]], socket, seq: 0, intents: Number(d.intents ?? 0), log: [] };
    sessions.set(session.id, session);
    (socket as WebSocket & { sessionId?: string }).sessionId = session.id;
    emit(session, 'READY', {
      v: 10,
      user: { ...apiUser(state.bot), verified: true, mfa_enabled: false, bot: true },
      guilds: [...state.guilds.keys()].filter((id) => shardOf(id, session.shard[1]) === session.shard[0]).map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: opts.wsUrl(),
      shard: session.shard,
      application: { id: state.applicationId, flags: 0 },
      user_settings: {},
      relationships: [],
      private_channels: [],
      presences: [],
      guild_join_requests: [],
      auth: {},
      _trace: ['["fake-discord-gateway",{}]'],
    });
    for (const guildId of state.guilds.keys()) emit(session, 'GUILD_CREATE', guildPayload(guildId));
    state.changed();
  }

  function resume(socket: WebSocket, d: { token?: string; session_id?: string; seq?: number }): void {
    const session = d.session_id ? sessions.get(d.session_id) : undefined;
    if (!session || (d.token !== state.token && d.token !== `Bot ${state.token}`)) {
      send(socket, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    resumeCount += 1;
    session.socket = socket;
    (socket as WebSocket & { sessionId?: string }).sessionId = session.id;
    for (const entry of session.log) {
      if (entry.s > Number(d.seq ?? 0)) send(socket, { op: GatewayOpcodes.Dispatch, t: entry.t, s: entry.s, d: entry.d });
    }
    emit(session, 'RESUMED', {});
    state.changed();
  }

  function guildPayload(guildId: string): Record<string, unknown> {
    const guild = state.guilds.get(guildId)!;
    const channels = guild.channelIds.map((id) => state.channels.get(id)!).filter(Boolean);
    return guildCreatePayload(guild, channels, state.bot) as unknown as Record<string, unknown>;
  }

  wss.on('connection', (socket, req) => {
    const query = new URL(req.url ?? '/', 'ws://fake').searchParams;
    if (query.get('v') !== '10' || query.get('encoding') !== 'json') {
      socket.close(4012, 'Invalid API version or encoding.');
      return;
    }
    send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: opts.heartbeatIntervalMs, _trace: ['fake'] } });
    socket.on('message', (raw) => {
      let frame: { op?: number; d?: unknown };
      try {
        frame = JSON.parse(String(raw)) as { op?: number; d?: unknown };
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      if (frame.op === GatewayOpcodes.Heartbeat) send(socket, { op: GatewayOpcodes.HeartbeatAck });
      else if (frame.op === GatewayOpcodes.Identify) identify(socket, (frame.d ?? {}) as { token?: string });
      else if (frame.op === GatewayOpcodes.Resume) resume(socket, (frame.d ?? {}) as { token?: string });
    });
    socket.on('close', () => {
      const id = (socket as WebSocket & { sessionId?: string }).sessionId;
      const session = id ? sessions.get(id) : undefined;
      if (session?.socket === socket) session.socket = null;
    });
  });

  return {
    dispatch(t, d) {
      for (const session of sessions.values()) emit(session, t, d);
    },
    announceGuild(guildId) {
      for (const session of sessions.values()) emit(session, 'GUILD_CREATE', guildPayload(guildId));
    },
    dropConnections() {
      for (const session of sessions.values()) session.socket?.close(4000, 'Unknown error; reconnect.');
    },
    identifies: () => identifyCount,
    shards: () => [...identifiedShards],
    resumes: () => resumeCount,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
