/**
 * Drives a Bolt receiver the way Slack does: Events API envelopes (JSON), slash commands and
 * block_actions (form-encoded), each signed with v0 HMAC-SHA256 over `v0:{timestamp}:{body}`.
 * Can also send bad, stale or missing signatures and `X-Slack-Retry-Num` redeliveries.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { stringify } from 'node:querystring';
import type { FakeSlack } from './server.js';
import { fileObject } from './files.js';

export type SignatureMode = 'good' | 'bad' | 'stale' | 'missing';

export interface DeliveryOptions {
  signature?: SignatureMode;
  retryNum?: number;
  retryReason?: string;
}

export interface Delivery {
  status: number;
  text: string;
  /** The response body parsed as JSON, or null when it is empty or not JSON. */
  json: Record<string, unknown> | null;
}

export interface UserMessage {
  user: string;
  channel: string;
  text: string;
  threadTs?: string | undefined;
}

export interface SlackDriverOptions {
  /** The receiver endpoint, e.g. `http://127.0.0.1:1234/slack/events`. */
  url: string;
  signingSecret: string;
  fake: FakeSlack;
  apiAppId?: string;
}

export const rand = (n: number) => randomBytes(n).toString('hex').toUpperCase();

/** An Events API `event_callback` envelope as Slack sends it, over HTTP or Socket Mode. */
export function eventCallback(fake: FakeSlack, apiAppId: string, evt: Record<string, unknown>, eventId: string) {
  const teamId = fake.workspace.teamId;
  return {
    token: 'fake-verification-token',
    team_id: teamId,
    api_app_id: apiAppId,
    event: { event_ts: evt['ts'], ...evt },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: fake.workspace.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${rand(8)}`,
  };
}

export function signRequest(signingSecret: string, body: string, timestampSec: number): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export function createSlackDriver(options: SlackDriverOptions) {
  const { fake, signingSecret } = options;
  const teamId = fake.workspace.teamId;
  const apiAppId = options.apiAppId ?? 'A0FAKEAPP';

  async function post(body: string, contentType: string, opts: DeliveryOptions = {}): Promise<Delivery> {
    const mode = opts.signature ?? 'good';
    const now = Math.floor(Date.now() / 1000);
    const ts = mode === 'stale' ? now - 60 * 10 : now;
    const headers: Record<string, string> = { 'content-type': contentType };
    if (mode !== 'missing') {
      headers['x-slack-request-timestamp'] = String(ts);
      headers['x-slack-signature'] = mode === 'bad' ? signRequest(`${signingSecret}-wrong`, body, ts) : signRequest(signingSecret, body, ts);
    }
    if (opts.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(opts.retryNum);
      headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
    }
    const res = await fetch(options.url, { method: 'POST', headers, body });
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      json = null;
    }
    return { status: res.status, text, json };
  }

  /** Sends one Events API envelope; reuse `eventId` with `retryNum` to simulate a redelivery. */
  async function event(evt: Record<string, unknown>, opts: DeliveryOptions & { eventId?: string } = {}) {
    const eventId = opts.eventId ?? `Ev${rand(5)}`;
    const envelope = eventCallback(fake, apiAppId, evt, eventId);
    const delivery = await post(JSON.stringify(envelope), 'application/json', opts);
    return { eventId, delivery, envelope };
  }

  /** Records the human message in the fake (so threads list it) and returns its event fields. */
  function userMessage(type: string, m: UserMessage, extra: Record<string, unknown>) {
    const seeded = fake.state.addUserMessage(m.channel, m.user, m.text, m.threadTs ?? null);
    return {
      type,
      user: m.user,
      text: m.text,
      ts: seeded.ts,
      team: teamId,
      channel: m.channel,
      client_msg_id: `${rand(4)}-${rand(2)}`.toLowerCase(),
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      ...extra,
    };
  }

  return {
    post,
    event,
    /** `app_mention`; prefixes `<@BOT>` unless the text already mentions the bot. */
    async mention(m: UserMessage, opts: DeliveryOptions & { eventId?: string } = {}) {
      const tag = `<@${fake.workspace.botUserId}>`;
      const text = m.text.includes(tag) ? m.text : `${tag} ${m.text}`;
      const evt = userMessage('app_mention', { ...m, text }, {});
      return { ...(await event(evt, opts)), ts: String(evt.ts) };
    },
    /** `message.im`: a message in the app's DM. */
    async dm(m: UserMessage, opts: DeliveryOptions & { eventId?: string } = {}) {
      const evt = userMessage('message', m, { channel_type: 'im' });
      return { ...(await event(evt, opts)), ts: String(evt.ts) };
    },
    /** `message.im` with subtype `file_share`: files the person shared in the app's DM, hosted by the fake. */
    async dmFiles(m: UserMessage & { files: { name: string; mimetype: string; bytes: Buffer }[] }, opts: DeliveryOptions & { eventId?: string } = {}) {
      const files = m.files.map((f) => {
        const hosted = { id: `F${rand(5)}`, name: f.name, mimetype: f.mimetype, bytes: f.bytes, downloads: 0 };
        fake.state.hosted.set(hosted.id, hosted);
        return hosted;
      });
      const evt = userMessage('message', m, { channel_type: 'im', subtype: 'file_share', upload: false, display_as_bot: false, files: files.map((f) => fileObject(fake.state, f, m.user)) });
      return { ...(await event(evt, opts)), ts: String(evt.ts), files };
    },
    /** `message.channels`: any channel message (thread replies included). */
    async channelMessage(m: UserMessage, opts: DeliveryOptions & { eventId?: string } = {}) {
      const evt = userMessage('message', m, { channel_type: 'channel' });
      return { ...(await event(evt, opts)), ts: String(evt.ts) };
    },
    /** A bot's message (another app, or our own echo) in a channel. */
    async botMessage(channel: string, text: string, botId: string, threadTs?: string) {
      const ts = fake.state.nextTs();
      const evt = { type: 'message', subtype: 'bot_message', bot_id: botId, text, ts, channel, channel_type: 'channel', ...(threadTs ? { thread_ts: threadTs } : {}) };
      return { ...(await event(evt)), ts };
    },
    /** A slash command as Slack posts it (form-encoded), with a response_url served by the fake. */
    async command(c: { user: string; channel: string; text: string; command?: string; userName?: string; channelName?: string }, opts: DeliveryOptions = {}) {
      const responseUrl = fake.newResponseUrl();
      const triggerId = `${Date.now()}.${rand(4)}`;
      const form = {
        token: 'fake-verification-token',
        team_id: teamId,
        team_domain: 'fake',
        channel_id: c.channel,
        channel_name: c.channelName ?? (c.channel.startsWith('D') ? 'directmessage' : 'general'),
        user_id: c.user,
        user_name: c.userName ?? 'someone',
        command: c.command ?? '/twin',
        text: c.text,
        api_app_id: apiAppId,
        is_enterprise_install: 'false',
        response_url: responseUrl,
        trigger_id: triggerId,
      };
      fake.state.triggers.set(triggerId, { at: Date.now(), user: c.user, used: false });
      const delivery = await post(stringify(form), 'application/x-www-form-urlencoded', opts);
      return { delivery, responseUrl, responseId: responseUrl.split('/').pop() ?? '', triggerId };
    },
    /** A button click (`block_actions`), form-encoded as `payload=<json>`. */
    async blockAction(
      a: { user: string; channel: string; actionId: string; value: string; blockId?: string; messageTs?: string; isEphemeral?: boolean; label?: string },
      opts: DeliveryOptions = {},
    ) {
      const responseUrl = fake.newResponseUrl();
      // A click on a (non-ephemeral) message carries that message, as Slack sends it.
      const source = a.messageTs && !(a.isEphemeral ?? true) ? fake.state.find(a.channel, a.messageTs) : undefined;
      const message = source
        ? { type: 'message', ts: source.ts, text: source.text, ...(source.blocks ? { blocks: source.blocks } : {}), ...(source.botId ? { bot_id: source.botId } : { user: source.user }) }
        : undefined;
      const payload = {
        type: 'block_actions',
        user: { id: a.user, username: 'someone', name: 'someone', team_id: teamId },
        api_app_id: apiAppId,
        token: 'fake-verification-token',
        container: { type: 'message', message_ts: a.messageTs ?? fake.state.nextTs(), channel_id: a.channel, is_ephemeral: a.isEphemeral ?? true },
        trigger_id: `${Date.now()}.${rand(4)}`,
        team: { id: teamId, domain: 'fake' },
        enterprise: null,
        is_enterprise_install: false,
        channel: { id: a.channel, name: 'general' },
        ...(message ? { message } : {}),
        response_url: responseUrl,
        actions: [
          {
            action_id: a.actionId,
            block_id: a.blockId ?? rand(3),
            text: { type: 'plain_text', text: a.label ?? 'Add', emoji: true },
            value: a.value,
            type: 'button',
            action_ts: String(Date.now() / 1000),
          },
        ],
        state: { values: {} },
      };
      const delivery = await post(stringify({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded', opts);
      return { delivery, responseUrl, responseId: responseUrl.split('/').pop() ?? '' };
    },
    /**
     * The user pressed Submit on a modal the app opened (`views.open`): a `view_submission` with
     * `view.state.values[block_id][action_id]` for every input block, form-encoded as `payload`.
     * The app's acknowledgement body (`response_action`) is in `delivery.json`.
     */
    async viewSubmission(s: { user: string; viewId: string; values: Record<string, string> }, opts: DeliveryOptions = {}) {
      const opened = fake.state.views.find((v) => v.id === s.viewId);
      if (!opened) throw new Error(`fake slack: no open view ${s.viewId}`);
      const blocks = (opened.view.blocks ?? []) as { type: string; block_id?: string; element?: { type: string; action_id: string } }[];
      const values: Record<string, Record<string, unknown>> = {};
      for (const b of blocks) {
        if (b.type !== 'input' || !b.element || !b.block_id) continue;
        const value = s.values[b.element.action_id];
        values[b.block_id] = { [b.element.action_id]: { type: b.element.type, value: value === undefined || value === '' ? null : value } };
      }
      const payload = {
        type: 'view_submission',
        team: { id: teamId, domain: 'fake' },
        user: { id: s.user, username: 'someone', name: 'someone', team_id: teamId },
        api_app_id: apiAppId,
        token: 'fake-verification-token',
        trigger_id: `${Date.now()}.${rand(4)}`,
        view: { ...opened.view, team_id: teamId, state: { values } },
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      };
      return post(stringify({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded', opts);
    },
  };
}

export type SlackDriver = ReturnType<typeof createSlackDriver>;
