/**
 * The Web API methods the fake implements, with Slack's response shapes and error names.
 * Arguments arrive already decoded (form fields, with `blocks`/`chunks` JSON-parsed).
 */
import type { FakeMessage, FakeSlackState } from './state.js';
import { VIEW_METHODS } from './views.js';

export interface FakeWorkspace {
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  /** Longest `text` chat.postMessage/chat.update accept before `msg_too_long`. */
  maxTextChars: number;
  /** Idle time after which a native stream is no longer in streaming state. */
  streamIdleMs: number;
  /** Channels the bot is not a member of: posting there answers `not_in_channel`. */
  notInChannel: Set<string>;
  /** Which threads count as assistant threads for `assistant.threads.setStatus`. */
  isAssistantThread: (channel: string, threadTs: string) => boolean;
}

export type Args = Record<string, unknown>;
export type Result = Record<string, unknown> & { ok: boolean };
type Method = (args: Args, ws: FakeWorkspace, state: FakeSlackState) => Result;

const fail = (error: string, extra: Record<string, unknown> = {}): Result => ({ ok: false, error, ...extra });
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const arr = (v: unknown): unknown[] | null => (Array.isArray(v) ? v : null);

/** Text of `markdown_text` plus any `markdown_text` chunks, in order. */
function streamText(args: Args): string {
  let text = str(args.markdown_text) ?? '';
  for (const c of arr(args.chunks) ?? []) {
    const chunk = c as { type?: unknown; text?: unknown };
    if (chunk.type === 'markdown_text' && typeof chunk.text === 'string') text += chunk.text;
  }
  return text;
}

function messageJson(m: FakeMessage, ws: FakeWorkspace): Record<string, unknown> {
  return {
    type: 'message',
    subtype: 'bot_message',
    text: m.text,
    user: ws.botUserId,
    bot_id: ws.botId,
    ts: m.ts,
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.username ? { username: m.username } : {}),
    ...(m.iconUrl ? { icons: { image_48: m.iconUrl } } : {}),
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.streaming ? { streaming_state: m.streaming } : {}),
  };
}

function post(args: Args, ws: FakeWorkspace, state: FakeSlackState, via: string, text: string, streaming: FakeMessage['streaming']): FakeMessage {
  const blocks = arr(args.blocks);
  const msg: FakeMessage = {
    channel: String(args.channel),
    ts: state.nextTs(),
    threadTs: str(args.thread_ts),
    user: ws.botUserId,
    botId: ws.botId,
    text,
    blocks,
    username: str(args.username),
    iconUrl: str(args.icon_url),
    streaming,
    deleted: false,
    edits: [{ text, blocks, at: Date.now(), via }],
  };
  state.messages.push(msg);
  return msg;
}

/** A stream idle past the workspace's limit has left the streaming state (what it showed stays). */
function expire(msg: FakeMessage, ws: FakeWorkspace): void {
  if (msg.streaming !== 'in_progress') return;
  const last = msg.edits[msg.edits.length - 1]?.at ?? 0;
  if (Date.now() - last > ws.streamIdleMs) msg.streaming = 'completed';
}

function editable(args: Args, state: FakeSlackState, ws: FakeWorkspace): FakeMessage | Result {
  const channel = str(args.channel);
  const ts = str(args.ts);
  if (!channel) return fail('channel_not_found');
  if (!ts) return fail('invalid_arguments');
  const msg = state.find(channel, ts);
  if (!msg || msg.deleted) return fail('message_not_found');
  expire(msg, ws);
  return msg;
}

const isResult = (v: FakeMessage | Result): v is Result => 'ok' in v;

export const METHODS: Record<string, Method> = {
  ...VIEW_METHODS,
  'auth.test': (_args, ws) => ({
    ok: true,
    url: `https://${ws.teamName.toLowerCase().replace(/\W+/g, '')}.slack.com/`,
    team: ws.teamName,
    user: 'twinbridge',
    team_id: ws.teamId,
    user_id: ws.botUserId,
    bot_id: ws.botId,
    is_enterprise_install: false,
  }),

  'chat.postMessage': (args, ws, state) => {
    const channel = str(args.channel);
    if (!channel) return fail('channel_not_found');
    if (ws.notInChannel.has(channel)) return fail('not_in_channel');
    const text = str(args.text) ?? '';
    if (!text && !arr(args.blocks)) return fail('no_text');
    if (text.length > ws.maxTextChars) return fail('msg_too_long');
    const msg = post(args, ws, state, 'chat.postMessage', text, null);
    return { ok: true, channel, ts: msg.ts, message: messageJson(msg, ws) };
  },

  'chat.update': (args, ws, state) => {
    const found = editable(args, state, ws);
    if (isResult(found)) return found;
    if (found.user !== ws.botUserId) return fail('cant_update_message');
    const text = str(args.text) ?? '';
    if (text.length > ws.maxTextChars) return fail('msg_too_long');
    if (found.streaming === 'in_progress') return fail('message_in_streaming_state');
    found.text = text;
    found.blocks = arr(args.blocks);
    found.edits.push({ text, blocks: found.blocks, at: Date.now(), via: 'chat.update' });
    return { ok: true, channel: found.channel, ts: found.ts, text, message: messageJson(found, ws) };
  },

  'chat.delete': (args, ws, state) => {
    const found = editable(args, state, ws);
    if (isResult(found)) return found;
    if (found.user !== ws.botUserId) return fail('cant_delete_message');
    found.deleted = true;
    return { ok: true, channel: found.channel, ts: found.ts };
  },

  'chat.postEphemeral': (args, ws, state) => {
    const channel = str(args.channel);
    const user = str(args.user);
    if (!channel) return fail('channel_not_found');
    if (!user) return fail('user_not_in_channel');
    const text = str(args.text) ?? '';
    if (!text && !arr(args.blocks)) return fail('no_text');
    const ts = state.nextTs();
    state.ephemerals.push({ channel, user, text, blocks: arr(args.blocks), threadTs: str(args.thread_ts), ts });
    void ws;
    return { ok: true, message_ts: ts };
  },

  'chat.startStream': (args, ws, state) => {
    const channel = str(args.channel);
    if (!channel) return fail('channel_not_found');
    if (!str(args.thread_ts)) return fail('invalid_arguments', { response_metadata: { messages: ['thread_ts is required'] } });
    if (ws.notInChannel.has(channel)) return fail('not_in_channel');
    // Outside a DM Slack needs to know whom the stream is for.
    if (!channel.startsWith('D') && (!str(args.recipient_user_id) || !str(args.recipient_team_id))) {
      return fail('invalid_arguments', { response_metadata: { messages: ['recipient_user_id and recipient_team_id are required'] } });
    }
    const initial = streamText(args);
    if (initial.length > ws.maxTextChars) return fail('msg_too_long');
    const msg = post(args, ws, state, 'chat.startStream', initial, 'in_progress');
    return { ok: true, channel, ts: msg.ts };
  },

  'chat.appendStream': (args, ws, state) => {
    const found = editable(args, state, ws);
    if (isResult(found)) return found;
    if (found.streaming !== 'in_progress') return fail('message_not_in_streaming_state');
    const text = streamText(args);
    if (!text) return fail('invalid_arguments');
    if (found.text.length + text.length > ws.maxTextChars) return fail('msg_too_long');
    found.text += text;
    found.edits.push({ text: found.text, blocks: found.blocks, at: Date.now(), via: 'chat.appendStream' });
    void ws;
    return { ok: true, channel: found.channel, ts: found.ts };
  },

  'chat.stopStream': (args, ws, state) => {
    const found = editable(args, state, ws);
    if (isResult(found)) return found;
    if (found.streaming !== 'in_progress') return fail('message_not_in_streaming_state');
    const rest = streamText(args);
    if (found.text.length + rest.length > ws.maxTextChars) return fail('msg_too_long');
    found.text += rest;
    found.streaming = 'completed';
    const blocks = arr(args.blocks);
    if (blocks) found.blocks = blocks;
    found.edits.push({ text: found.text, blocks: found.blocks, at: Date.now(), via: 'chat.stopStream' });
    return { ok: true, channel: found.channel, ts: found.ts, message: messageJson(found, ws) };
  },

  'assistant.threads.setStatus': (args, ws, state) => {
    const channel = str(args.channel_id);
    const threadTs = str(args.thread_ts);
    if (!channel || !threadTs || typeof args.status !== 'string') return fail('invalid_arguments');
    if (!ws.isAssistantThread(channel, threadTs)) return fail('not_allowed');
    state.statuses.push({ channel, threadTs, status: args.status, at: Date.now() });
    return { ok: true };
  },
};
