/**
 * State of the fake Discord: what a test can look at after the adapter talked to it. Kept apart
 * from the wire code so REST, gateway and test helpers all read and write the same records.
 */
import { EventEmitter } from 'node:events';
import type { APIEmbed, APIUser } from 'discord.js';
import type { FakeFile } from './messages.js';

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A real-looking snowflake: timestamp in the high bits, so discord.js derives sane dates. */
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

export interface FakeUser {
  id: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  /** 0 guild text, 1 DM, 11 public thread. */
  type: 0 | 1 | 11;
  name: string | null;
  guildId: string | null;
  parentId: string | null;
  recipient: FakeUser | null;
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  everyonePermissions: bigint;
  botPermissions: bigint;
  botRoleId: string;
  channelIds: string[];
  members: Map<string, FakeUser>;
}

export interface FakeMessage {
  id: string;
  channelId: string;
  /** Sent as `channel_type` in message events; discord.js needs it to build uncached DM channels. */
  channelType: 0 | 1 | 11;
  guildId: string | null;
  author: APIUser;
  /** Webhook executions may override the avatar per message. */
  avatarUrl: string | null;
  webhookId: string | null;
  /** Set on interaction responses (original and follow-ups). */
  interactionId: string | null;
  content: string;
  embeds: APIEmbed[];
  components: unknown[];
  /** Files attached by a multipart request (an interaction reply with a file, …). */
  files: FakeFile[];
  flags: number;
  /** Every content the message had, oldest first: [0] is what was posted. */
  history: string[];
  edits: number;
  deleted: boolean;
  replyTo: string | null;
  createdAt: number;
  editedAt: number | null;
  /** The MESSAGE_CREATE payload, kept so a test can redeliver it. */
  payload: Record<string, unknown>;
}

export interface FakeWebhook {
  id: string;
  token: string;
  channelId: string;
  guildId: string;
  name: string;
  creatorId: string;
  applicationId: string | null;
}

export interface InteractionCallback {
  type: number;
  data: Record<string, unknown> | undefined;
  at: number;
}

export interface FakeInteraction {
  id: string;
  token: string;
  type: number;
  channelId: string;
  guildId: string | null;
  createdAt: number;
  callbacks: InteractionCallback[];
  originalId: string | null;
  followupIds: string[];
  /** The message a component was clicked on. */
  sourceMessageId: string | null;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  /** Route with ids replaced, e.g. `PATCH /channels/:id/messages/:id`. */
  route: string;
  status: number;
  at: number;
  body: unknown;
}

export interface FakeState {
  readonly bot: FakeUser;
  readonly applicationId: string;
  readonly token: string;
  users: Map<string, FakeUser>;
  guilds: Map<string, FakeGuild>;
  channels: Map<string, FakeChannel>;
  messages: Map<string, FakeMessage>;
  webhooks: Map<string, FakeWebhook>;
  interactions: Map<string, FakeInteraction>;
  interactionsByToken: Map<string, FakeInteraction>;
  commands: { global: unknown[]; guild: Map<string, unknown[]> };
  requests: RequestLogEntry[];
  rateLimited: number;
  events: EventEmitter;
  changed(): void;
}

export function createState(input: { bot: FakeUser; applicationId: string; token: string }): FakeState {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const state: FakeState = {
    ...input,
    users: new Map([[input.bot.id, input.bot]]),
    guilds: new Map(),
    channels: new Map(),
    messages: new Map(),
    webhooks: new Map(),
    interactions: new Map(),
    interactionsByToken: new Map(),
    commands: { global: [], guild: new Map() },
    requests: [],
    rateLimited: 0,
    events,
    changed: () => events.emit('change'),
  };
  return state;
}

/** Resolves with the first truthy value of `check`, re-evaluated on every state change. */
export function waitForState<T>(state: FakeState, check: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const run = (): boolean => {
      const value = check();
      if (!value) return false;
      cleanup();
      resolve(value);
      return true;
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`fake discord: condition not met within ${timeoutMs} ms`));
    }, timeoutMs);
    const poll = setInterval(run, 50);
    const cleanup = (): void => {
      clearTimeout(timer);
      clearInterval(poll);
      state.events.off('change', run);
    };
    state.events.on('change', run);
    run();
  });
}

export function channelMessages(state: FakeState, channelId: string, includeDeleted = false): FakeMessage[] {
  return [...state.messages.values()]
    .filter((m) => m.channelId === channelId && (includeDeleted || !m.deleted))
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}
