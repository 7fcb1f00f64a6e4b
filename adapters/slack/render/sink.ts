/**
 * A twin's reply in a Slack thread, as a render-core sink: messages under the twin's name and
 * icon (chat:write.customize), grown by native streaming (chat.startStream / appendStream /
 * stopStream) where the team has it, else by chat.update. A stream Slack ended on its side
 * (idle expiry: `message_not_in_streaming_state`) continues by chat.update.
 */
import type { TwinRef } from '../../../src/core/messages.js';
import type { Failure, NativeStream, ReplySink, ReplyStyle } from '../../../src/render/index.js';
import { classify, type SlackApi } from './api.js';

export interface ReplyTarget {
  teamId: string;
  channel: string;
  threadTs: string;
  /** Who asked: native streams outside DMs are addressed to a user. */
  userId: string;
}

/** Per-team memory of whether native streaming works; shared by all replies of the adapter. */
export interface NativeStreaming {
  enabled(teamId: string): boolean;
  disable(teamId: string, reason: string): void;
}

export const slackStyle: ReplyStyle = {
  header: '',
  // "_thinking…_", "_using web_search…_": a quiet line in italics until the text arrives.
  placeholder: (status) => `_${status ? status.charAt(0).toLowerCase() + status.slice(1) : 'thinking…'}_`,
  empty: '_(no answer)_',
  failure: (message) => `:warning: ${message}`,
};

const httpUrl = (u: string | null | undefined): string | null => (u && /^https?:\/\//.test(u) ? u : null);

export function classifySlack(err: unknown): Failure {
  const c = classify(err);
  if (c.error === 'msg_too_long') return { kind: 'too_long', code: c.error };
  if (c.error === 'message_not_found') return { kind: 'gone', code: c.error };
  switch (c.kind) {
    case 'ratelimited':
      return { kind: 'ratelimited', code: c.error, retryAfterMs: c.retryAfterMs };
    case 'unavailable':
      return { kind: 'unavailable', code: c.error };
    case 'stream_closed':
      return { kind: 'stream_closed', code: c.error };
    case 'transient':
      return { kind: 'retry', code: c.error };
    default:
      return { kind: 'fatal', code: c.error };
  }
}

export function slackSink(
  target: ReplyTarget,
  twin: TwinRef | null,
  deps: { api: SlackApi; native: NativeStreaming; maxChars: number; intervalMs: number },
): ReplySink {
  const { api, native } = deps;
  const author = {
    ...(twin?.name ? { username: twin.name } : {}),
    ...(httpUrl(twin?.avatarUrl) ? { icon_url: httpUrl(twin?.avatarUrl) } : {}),
  };
  const send = (method: string, args: Record<string, unknown>) => api.send(target.teamId, method, { channel: target.channel, ...args });
  const blocks = (t: string) => [{ type: 'markdown', text: t }];

  const stream: NativeStream = {
    available: () => native.enabled(target.teamId),
    disable: (reason) => native.disable(target.teamId, reason),
    async start(text) {
      const r = await send('chat.startStream', {
        thread_ts: target.threadTs,
        ...(text ? { markdown_text: text } : {}),
        ...(target.channel.startsWith('D') ? {} : { recipient_team_id: target.teamId, recipient_user_id: target.userId }),
        ...author,
      });
      return String(r.ts);
    },
    async append(id, delta) {
      await send('chat.appendStream', { ts: id, markdown_text: delta });
    },
    async stop(id) {
      try {
        await send('chat.stopStream', { ts: id });
      } catch (err) {
        const f = classifySlack(err);
        // Stopped, already over, or not stoppable: from here on the message is edited with chat.update.
        if (f.kind === 'ratelimited' || f.kind === 'retry') throw err;
      }
    },
  };

  return {
    budgetKey: target.teamId,
    limits: { maxChars: deps.maxChars, editIntervalMs: deps.intervalMs },
    style: slackStyle,
    async post(content) {
      const r = await send('chat.postMessage', { thread_ts: target.threadTs, text: content, blocks: blocks(content), unfurl_links: false, ...author });
      return String(r.ts);
    },
    async edit(id, content) {
      await send('chat.update', { ts: id, text: content, blocks: blocks(content) });
    },
    async remove(id) {
      await send('chat.delete', { ts: id });
    },
    stream,
    classify: classifySlack,
  };
}
