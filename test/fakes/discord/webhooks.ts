/**
 * Channel webhooks: created by the bot with Manage Webhooks, executed with a per-message name and
 * avatar (how a twin speaks under its own identity), and editable through their token.
 */
import type { APIUser, APIWebhook } from 'discord.js';
import { snowflake, type FakeChannel, type FakeState, type FakeWebhook } from './model.js';
import { apiUser } from './payloads.js';
import { FakeApiError, createMessage, findMessage, messageRoute, type Dispatcher, type MessageBody } from './messages.js';
import type { RouteResult } from './interactions.js';

export function createWebhook(state: FakeState, channel: FakeChannel, name: string): FakeWebhook {
  if (!channel.guildId || channel.type !== 0) throw new FakeApiError(400, 50024, 'Cannot execute action on this channel type');
  const hook: FakeWebhook = {
    id: snowflake(),
    token: `wh-${snowflake()}-${Math.random().toString(36).slice(2)}`,
    channelId: channel.id,
    guildId: channel.guildId,
    name,
    creatorId: state.bot.id,
    applicationId: state.applicationId,
  };
  state.webhooks.set(hook.id, hook);
  state.changed();
  return hook;
}

export function webhookPayload(state: FakeState, hook: FakeWebhook): APIWebhook {
  const creator = state.users.get(hook.creatorId);
  return {
    id: hook.id,
    type: 1,
    guild_id: hook.guildId,
    channel_id: hook.channelId,
    ...(creator ? { user: apiUser(creator) } : {}),
    name: hook.name,
    avatar: null,
    token: hook.token,
    application_id: hook.applicationId,
  };
}

function webhookAuthor(hook: FakeWebhook, body: MessageBody): APIUser {
  return {
    id: hook.id,
    username: body.username ?? hook.name,
    discriminator: '0000',
    global_name: null,
    avatar: null,
    bot: true,
  };
}

export function channelWebhook(
  state: FakeState,
  gateway: Dispatcher,
  req: { id: string; token: string; messageId: string | undefined; method: string; body: MessageBody; wait: boolean },
): RouteResult {
  const hook = state.webhooks.get(req.id);
  if (!hook || hook.token !== req.token) throw new FakeApiError(404, 10015, 'Unknown Webhook');
  if (req.messageId === undefined) {
    if (req.method === 'GET') return { status: 200, body: webhookPayload(state, hook) };
    if (req.method !== 'POST') throw new FakeApiError(405, 0, '405: Method Not Allowed');
    const message = createMessage(state, gateway, {
      channelId: hook.channelId,
      author: webhookAuthor(hook, req.body),
      body: req.body,
      webhookId: hook.id,
    });
    return req.wait ? { status: 200, body: message.payload } : { status: 204, body: undefined };
  }
  const message = findMessage(state, hook.channelId, req.messageId);
  if (message.webhookId !== hook.id) throw new FakeApiError(404, 10008, 'Unknown Message');
  return messageRoute(state, gateway, req.method, message, req.body);
}
