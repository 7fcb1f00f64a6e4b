/**
 * Message operations shared by REST routes, interaction responses and test helpers. They check
 * bodies the way Discord does (length, emptiness, webhook names) so an adapter bug surfaces as the
 * same 400 it would get in production, and they echo MESSAGE_CREATE/UPDATE to the gateway.
 */
import type { APIEmbed, APIUser } from 'discord.js';
import { snowflake, type FakeMessage, type FakeState } from './model.js';
import { messagePayload } from './payloads.js';

export class FakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }
  body(): Record<string, unknown> {
    return { message: this.message, code: this.code, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

export interface Dispatcher {
  dispatch(event: string, data: Record<string, unknown>): void;
}

const MESSAGE_FLAG_EPHEMERAL = 64;
const MESSAGE_FLAG_LOADING = 128;

function tooLong(field: string, max: number): FakeApiError {
  return new FakeApiError(400, 50035, 'Invalid Form Body', {
    [field]: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }] },
  });
}

export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: unknown[];
  flags?: number;
  username?: string;
  avatar_url?: string;
  message_reference?: { message_id?: string };
  /** Files of a multipart/form-data body (`files[n]` parts), as the fake received them. */
  files?: FakeFile[];
}

export interface FakeFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** Validates a create/edit body like Discord; `creating` also refuses an empty message. */
export function checkBody(body: MessageBody, creating: boolean): void {
  if (typeof body.content === 'string' && body.content.length > 2000) throw tooLong('content', 2000);
  if ((body.embeds?.length ?? 0) > 10) throw tooLong('embeds', 10);
  // Discord ignores `username` on edits (discord.js sends the webhook's name there anyway).
  if (creating && body.username !== undefined) {
    if (body.username.length < 1 || body.username.length > 80) throw tooLong('username', 80);
    if (/discord|clyde/i.test(body.username)) {
      throw new FakeApiError(400, 50035, 'Invalid Form Body', {
        username: { _errors: [{ code: 'USERNAME_INVALID_CONTAINS', message: 'Username cannot contain "discord"' }] },
      });
    }
  }
  const empty = !body.content && !body.embeds?.length && !body.components?.length && !body.files?.length;
  if (creating && empty) throw new FakeApiError(400, 50006, 'Cannot send an empty message');
}

export interface CreateInput {
  channelId: string;
  author: APIUser;
  body: MessageBody;
  webhookId?: string | null;
  interactionId?: string | null;
  /** Deferred interaction responses start as a loading placeholder. */
  loading?: boolean;
  /** Test-authored messages carry their own payload extras (mentions, member, attachments). */
  extra?: Record<string, unknown>;
  id?: string;
}

export function createMessage(state: FakeState, gateway: Dispatcher, input: CreateInput): FakeMessage {
  const channel = state.channels.get(input.channelId);
  if (!channel) throw new FakeApiError(404, 10003, 'Unknown Channel');
  if (!input.loading) checkBody(input.body, true);
  const flags = (input.body.flags ?? 0) | (input.loading ? MESSAGE_FLAG_LOADING : 0);
  const message: FakeMessage = {
    id: input.id ?? snowflake(),
    channelId: channel.id,
    channelType: channel.type,
    guildId: channel.guildId,
    author: input.author,
    avatarUrl: input.body.avatar_url ?? null,
    webhookId: input.webhookId ?? null,
    interactionId: input.interactionId ?? null,
    content: input.body.content ?? '',
    embeds: input.body.embeds ?? [],
    components: input.body.components ?? [],
    files: input.body.files ?? [],
    flags,
    history: [input.body.content ?? ''],
    edits: 0,
    deleted: false,
    replyTo: input.body.message_reference?.message_id ?? null,
    createdAt: Date.now(),
    editedAt: null,
    payload: {},
  };
  message.payload = messagePayload(message, input.extra ?? {});
  state.messages.set(message.id, message);
  if (!(flags & MESSAGE_FLAG_EPHEMERAL) && !input.loading) gateway.dispatch('MESSAGE_CREATE', message.payload);
  state.changed();
  return message;
}

export function editMessage(state: FakeState, gateway: Dispatcher, message: FakeMessage, body: MessageBody): FakeMessage {
  if (message.deleted) throw new FakeApiError(404, 10008, 'Unknown Message');
  checkBody(body, false);
  const wasLoading = (message.flags & MESSAGE_FLAG_LOADING) !== 0;
  const content = body.content ?? message.content;
  const embeds = body.embeds ?? message.embeds;
  const components = body.components ?? message.components;
  if (!content && !embeds.length && !components.length && !body.files?.length && !message.files.length) {
    throw new FakeApiError(400, 50006, 'Cannot send an empty message');
  }
  message.content = content;
  message.embeds = embeds;
  message.components = components;
  if (body.files) message.files = body.files;
  message.flags &= ~MESSAGE_FLAG_LOADING;
  if (wasLoading) {
    message.history = [message.content];
  } else {
    message.history.push(message.content);
    message.edits += 1;
    message.editedAt = Date.now();
  }
  message.payload = messagePayload(message);
  if (!(message.flags & MESSAGE_FLAG_EPHEMERAL)) {
    gateway.dispatch(wasLoading ? 'MESSAGE_CREATE' : 'MESSAGE_UPDATE', message.payload);
  }
  state.changed();
  return message;
}

export function deleteMessage(state: FakeState, gateway: Dispatcher, message: FakeMessage): void {
  if (message.deleted) throw new FakeApiError(404, 10008, 'Unknown Message');
  message.deleted = true;
  gateway.dispatch('MESSAGE_DELETE', {
    id: message.id,
    channel_id: message.channelId,
    ...(message.guildId ? { guild_id: message.guildId } : {}),
  });
  state.changed();
}

export function findMessage(state: FakeState, channelId: string | null, messageId: string): FakeMessage {
  const message = state.messages.get(messageId);
  if (!message || message.deleted || (channelId !== null && message.channelId !== channelId)) {
    throw new FakeApiError(404, 10008, 'Unknown Message');
  }
  return message;
}

/** GET / PATCH / DELETE of one message, as the interaction and webhook message routes share it. */
export function messageRoute(
  state: FakeState,
  gateway: Dispatcher,
  method: string,
  message: FakeMessage,
  body: MessageBody,
): { status: number; body: unknown } {
  switch (method) {
    case 'GET':
      return { status: 200, body: message.payload };
    case 'PATCH':
      return { status: 200, body: editMessage(state, gateway, message, body).payload };
    case 'DELETE':
      deleteMessage(state, gateway, message);
      return { status: 204, body: undefined };
    default:
      throw new FakeApiError(405, 0, '405: Method Not Allowed');
  }
}
