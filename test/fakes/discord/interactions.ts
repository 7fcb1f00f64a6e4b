/**
 * Interaction responses: the callback (once, within 3 s, like Discord), then `@original` edits
 * and follow-ups through the interaction token. A test gets a handle that resolves once the bot
 * acknowledged, and can wait for later edits.
 */
import { apiUser } from './payloads.js';
import { type FakeInteraction, type FakeMessage, type FakeState, type InteractionCallback, waitForState } from './model.js';
import { FakeApiError, createMessage, editMessage, findMessage, messageRoute, type Dispatcher, type MessageBody } from './messages.js';

export interface RouteResult {
  status: number;
  body: unknown;
}

const ACK_DEADLINE_MS = 3000;
const TOKEN_LIFETIME_MS = 15 * 60_000;
const EPHEMERAL = 64;

export interface InteractionHandle {
  id: string;
  token: string;
  /** The first (and only) callback the bot sent. */
  callback: InteractionCallback;
  /** True when the response is only visible to the user who acted. */
  ephemeral: boolean;
  original(): FakeMessage | null;
  followups(): FakeMessage[];
  /** Original plus follow-ups, in order. */
  messages(): FakeMessage[];
  waitForOriginal(check: (message: FakeMessage) => boolean, timeoutMs?: number): Promise<FakeMessage>;
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
}

function checkChoices(data: Record<string, unknown> | undefined): void {
  const choices = data?.choices;
  if (!Array.isArray(choices)) throw new FakeApiError(400, 50035, 'Invalid Form Body');
  const bad = choices.length > 25 || choices.some((c: { name?: unknown; value?: unknown }) =>
    typeof c.name !== 'string' || c.name.length < 1 || c.name.length > 100 || String(c.value).length > 100);
  if (bad) {
    throw new FakeApiError(400, 50035, 'Invalid Form Body', {
      data: { choices: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 0 and 25 in length.' }] } },
    });
  }
}

/** A MODAL callback: custom_id, a title of 1–45, and 1–5 Labels (or action rows) of text inputs. */
function checkModal(data: Record<string, unknown> | undefined): void {
  const title = data?.title;
  const rows = data?.components;
  const bad =
    typeof data?.custom_id !== 'string' ||
    typeof title !== 'string' || title.length < 1 || title.length > 45 ||
    !Array.isArray(rows) || rows.length < 1 || rows.length > 5 ||
    rows.some((r: { type?: number; label?: unknown; component?: { type?: number; custom_id?: unknown; max_length?: number } }) =>
      r.type === 18
        ? typeof r.label !== 'string' || r.label.length > 45 || r.component?.type !== 4 || typeof r.component.custom_id !== 'string' || (r.component.max_length ?? 0) > 4000
        : r.type !== 1);
  if (bad) throw new FakeApiError(400, 50035, 'Invalid Form Body', { data: { _errors: [{ code: 'MODAL_INVALID', message: 'Invalid modal' }] } });
}

export function handleCallback(
  state: FakeState,
  gateway: Dispatcher,
  id: string,
  token: string,
  body: unknown,
  query: URLSearchParams,
): RouteResult {
  const interaction = state.interactions.get(id);
  if (!interaction || interaction.token !== token || Date.now() - interaction.createdAt > ACK_DEADLINE_MS) {
    throw new FakeApiError(404, 10062, 'Unknown interaction');
  }
  if (interaction.callbacks.length > 0) throw new FakeApiError(400, 40060, 'Interaction has already been acknowledged.');
  const { type, data: json, files } = (body ?? {}) as { type?: number; data?: Record<string, unknown>; files?: unknown[] };
  // A multipart callback carries its files beside payload_json; they belong to the message.
  const data = files && files.length > 0 ? { ...json, files } : json;
  const author = apiUser(state.bot);
  const common = { channelId: interaction.channelId, author, webhookId: state.applicationId, interactionId: interaction.id };
  let message: FakeMessage | null = null;
  switch (type) {
    case 4:
      message = createMessage(state, gateway, { ...common, body: (data ?? {}) as MessageBody });
      interaction.originalId = message.id;
      break;
    case 5:
      message = createMessage(state, gateway, { ...common, loading: true, body: { flags: Number(data?.flags ?? 0) } });
      interaction.originalId = message.id;
      break;
    case 6:
      interaction.originalId = interaction.sourceMessageId;
      break;
    case 7: {
      if (!interaction.sourceMessageId) throw new FakeApiError(400, 40004, 'Interaction has no message to update');
      message = editMessage(state, gateway, findMessage(state, null, interaction.sourceMessageId), (data ?? {}) as MessageBody);
      interaction.originalId = message.id;
      break;
    }
    case 8:
      checkChoices(data);
      break;
    case 9:
      checkModal(data);
      break;
    default:
      throw new FakeApiError(400, 50035, 'Invalid Form Body', { type: { _errors: [{ code: 'BASE_TYPE_CHOICES' }] } });
  }
  interaction.callbacks.push({ type, data, at: Date.now() });
  state.changed();
  if (query.get('with_response') !== 'true') return { status: 204, body: undefined };
  return {
    status: 200,
    body: {
      interaction: {
        id: interaction.id,
        type: interaction.type,
        response_message_id: message?.id,
        response_message_loading: type === 5,
        response_message_ephemeral: message ? (message.flags & EPHEMERAL) !== 0 : false,
      },
      resource: { type, ...(message ? { message: message.payload } : {}) },
    },
  };
}

export function interactionWebhook(
  state: FakeState,
  gateway: Dispatcher,
  req: { token: string; messageId: string | undefined; method: string; body: MessageBody },
): RouteResult {
  const interaction = state.interactionsByToken.get(req.token);
  if (!interaction || Date.now() - interaction.createdAt > TOKEN_LIFETIME_MS) {
    throw new FakeApiError(401, 50027, 'Invalid Webhook Token');
  }
  if (req.messageId === undefined) {
    if (req.method !== 'POST') throw new FakeApiError(405, 0, '405: Method Not Allowed');
    if (interaction.callbacks.length === 0) throw new FakeApiError(404, 10015, 'Unknown Webhook');
    const message = createMessage(state, gateway, {
      channelId: interaction.channelId,
      author: apiUser(state.bot),
      webhookId: state.applicationId,
      interactionId: interaction.id,
      body: req.body,
    });
    interaction.followupIds.push(message.id);
    return { status: 200, body: message.payload };
  }
  const target = req.messageId === '@original' ? interaction.originalId : req.messageId;
  const owned = target !== null && (target === interaction.originalId || interaction.followupIds.includes(target));
  if (!owned) throw new FakeApiError(404, 10008, 'Unknown Message');
  const message = findMessage(state, null, target);
  return messageRoute(state, gateway, req.method, message, req.body);
}

/** Records the interaction, dispatches it, and resolves once the bot acknowledged it in time. */
export async function dispatchInteraction(
  state: FakeState,
  gateway: Dispatcher,
  payload: Record<string, unknown>,
  sourceMessageId: string | null = null,
): Promise<InteractionHandle> {
  const interaction: FakeInteraction = {
    id: String(payload.id),
    token: String(payload.token),
    type: Number(payload.type),
    channelId: String(payload.channel_id),
    guildId: (payload.guild_id as string | undefined) ?? null,
    createdAt: Date.now(),
    callbacks: [],
    originalId: null,
    followupIds: [],
    sourceMessageId,
  };
  state.interactions.set(interaction.id, interaction);
  state.interactionsByToken.set(interaction.token, interaction);
  gateway.dispatch('INTERACTION_CREATE', payload);
  const callback = await waitForState(state, () => interaction.callbacks[0], ACK_DEADLINE_MS).catch(() => {
    throw new Error(`fake discord: interaction ${interaction.id} was not acknowledged within 3 s`);
  });
  const get = (id: string | null): FakeMessage | null => (id ? (state.messages.get(id) ?? null) : null);
  const handle: InteractionHandle = {
    id: interaction.id,
    token: interaction.token,
    callback,
    ephemeral: (Number(callback.data?.flags ?? 0) & EPHEMERAL) !== 0,
    original: () => get(interaction.originalId),
    followups: () => interaction.followupIds.map(get).filter((m): m is FakeMessage => m !== null && !m.deleted),
    messages: () => [handle.original(), ...handle.followups()].filter((m): m is FakeMessage => m !== null && !m.deleted),
    waitForOriginal: (check, timeoutMs = 5000) =>
      waitForState(state, () => {
        const m = handle.original();
        return m && check(m) ? m : null;
      }, timeoutMs),
    waitFor: (check, timeoutMs = 5000) => waitForState(state, check, timeoutMs),
  };
  return handle;
}
