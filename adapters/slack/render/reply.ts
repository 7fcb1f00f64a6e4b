/**
 * One twin's reply in a thread. Events only change the wanted state (text, final, status); a
 * single loop per reply brings Slack in line with it, so a slow or rate-limited Slack skips
 * intermediate versions instead of queueing them, and the last version always goes out.
 *
 * A reply is one or more messages (split at paragraph/line breaks). The open message grows by
 * native streaming (append only) where the team has it; anything an append cannot express — a
 * reset, a split moving, the end — stops the stream and uses chat.update.
 */
import type { Logger } from 'pino';
import type { CallResult, SlackApi } from './api.js';
import { splitMessage } from './split.js';

export interface ReplyTarget {
  teamId: string;
  channel: string;
  threadTs: string;
  /** Who asked: native streams outside DMs are addressed to a user. */
  userId: string;
}

export interface ReplyIdentity {
  username: string | null;
  iconUrl: string | null;
}

/** Per-team memory of whether native streaming works; shared by all replies of the adapter. */
export interface NativeStreaming {
  enabled(teamId: string): boolean;
  disable(teamId: string, reason: string): void;
}

export interface TwinReplyDeps {
  api: SlackApi;
  native: NativeStreaming;
  logger: Logger;
  maxChars: number;
  intervalMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface TwinReply {
  append(text: string): void;
  reset(): void;
  /** The reply is complete: land exactly this text. */
  finish(text: string): void;
  /** Shown in the placeholder while there is no text yet (e.g. "thinking…"). */
  setStatus(line: string): void;
  readonly text: string;
  readonly isFinal: boolean;
  /** Resolves once the final text is in Slack (or the reply gave up). */
  settled(): Promise<void>;
  /** Message timestamps, in order. */
  readonly timestamps: string[];
}

interface Part {
  ts: string;
  /** Streamed text, or the exact text of a posted/updated message. */
  shown: string;
  streaming: boolean;
}

type Step = 'ok' | 'ratelimited' | 'retry' | 'resplit' | 'fatal';
/** Consecutive failed passes before a reply gives up: network-ish errors, 429s, too-long refusals. */
const MAX_FAILURES = 6;
const MAX_RATE_LIMITED = 30;
const MAX_RESPLITS = 8;
const MIN_CHARS = 100;
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export function createTwinReply(target: ReplyTarget, identity: ReplyIdentity, deps: TwinReplyDeps): TwinReply {
  const { api, native, logger } = deps;
  const sleep = deps.sleep ?? realSleep;
  const parts: Part[] = [];
  let text = '';
  let final = false;
  let status = 'thinking…';
  let dirty = false;
  let running = false;
  let lastFlush = 0;
  let gaveUp = false;
  let waiters: (() => void)[] = [];

  const isSettled = () => gaveUp || (final && !dirty && !running);
  const placeholder = () => `_${status}_`;
  const display = (want: string) => want || placeholder();
  const author = {
    ...(identity.username ? { username: identity.username } : {}),
    ...(identity.iconUrl ? { icon_url: identity.iconUrl } : {}),
  };
  const blocks = (t: string) => (t ? [{ type: 'markdown', text: t }] : undefined);
  const call = (method: string, args: Record<string, unknown>) => api.call(target.teamId, method, { channel: target.channel, ...args });
  let maxChars = deps.maxChars;
  /** What to do after a refused call; `sent` is the text that was too long, if that was the trouble. */
  const failed = (r: CallResult & { ok: false }, sent = ''): Step => {
    if (r.error === 'msg_too_long' && sent.length > MIN_CHARS) {
      // Slack's limit is lower than configured: split smaller from here on.
      maxChars = Math.max(MIN_CHARS, Math.min(maxChars, Math.floor(sent.length * 0.6)));
      return 'resplit';
    }
    return r.kind === 'ratelimited' ? 'ratelimited' : r.kind === 'transient' ? 'retry' : 'fatal';
  };

  async function post(want: string): Promise<Step> {
    const shown = display(want);
    const r = await call('chat.postMessage', { thread_ts: target.threadTs, text: shown, blocks: blocks(want), unfurl_links: false, ...author });
    if (!r.ok) return failed(r, shown);
    parts.push({ ts: String(r.data.ts), shown, streaming: false });
    return 'ok';
  }

  async function create(want: string, closing: boolean): Promise<Step> {
    if (!closing && native.enabled(target.teamId)) {
      const r = await call('chat.startStream', {
        thread_ts: target.threadTs,
        ...(want ? { markdown_text: want } : {}),
        ...(target.channel.startsWith('D') ? {} : { recipient_team_id: target.teamId, recipient_user_id: target.userId }),
        ...author,
      });
      if (r.ok) {
        parts.push({ ts: String(r.data.ts), shown: want, streaming: true });
        return 'ok';
      }
      if (r.kind !== 'unavailable') return failed(r, want);
      native.disable(target.teamId, r.error);
    }
    return post(want);
  }

  async function stop(part: Part): Promise<Step> {
    const r = await call('chat.stopStream', { ts: part.ts });
    if (!r.ok && (r.kind === 'ratelimited' || r.kind === 'transient')) return failed(r);
    // Stopped, already over, or not stoppable: from here on the message is edited with chat.update.
    part.streaming = false;
    return 'ok';
  }

  async function sync(part: Part, want: string, closing: boolean): Promise<Step> {
    if (part.streaming && want !== part.shown) {
      if (want.startsWith(part.shown)) {
        const r = await call('chat.appendStream', { ts: part.ts, markdown_text: want.slice(part.shown.length) });
        if (r.ok) part.shown = want;
        else if (r.kind === 'unavailable' || r.kind === 'stream_closed') {
          if (r.kind === 'unavailable') native.disable(target.teamId, r.error);
          part.streaming = false;
        } else return failed(r, want);
      } else {
        const s = await stop(part);
        if (s !== 'ok') return s;
      }
    }
    if (part.streaming && closing) {
      const s = await stop(part);
      if (s !== 'ok') return s;
    }
    if (!part.streaming && part.shown !== display(want)) {
      const shown = display(want);
      const r = await call('chat.update', { ts: part.ts, text: shown, blocks: blocks(want) ?? [] });
      if (!r.ok) return failed(r, shown);
      part.shown = shown;
    }
    return 'ok';
  }

  async function reconcile(): Promise<Step> {
    const chunks = splitMessage(text, maxChars);
    if (chunks.length === 0) chunks.push(final ? '_(no answer)_' : '');
    for (let i = 0; i < chunks.length; i += 1) {
      const want = chunks[i] ?? '';
      const closing = final || i < chunks.length - 1;
      const part = parts[i];
      const step = part ? await sync(part, want, closing) : await create(want, closing);
      if (step !== 'ok') return step;
    }
    // After a reset the reply may be shorter than before: its extra messages go.
    if (final) {
      while (parts.length > chunks.length) {
        const extra = parts.pop();
        if (extra) await call('chat.delete', { ts: extra.ts });
      }
    }
    return 'ok';
  }

  async function loop(): Promise<void> {
    let failures = 0;
    let limited = 0;
    let resplits = 0;
    while (dirty && !gaveUp) {
      const wait = final ? 0 : lastFlush + deps.intervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      dirty = false;
      const step = await reconcile();
      lastFlush = Date.now();
      if (step === 'ok') {
        failures = 0;
        limited = 0;
        continue;
      }
      // Whatever failed is tried again with the newest text; a 429 already holds the gate shut.
      dirty = true;
      if (step === 'ratelimited') limited += 1;
      else if (step === 'resplit') resplits += 1;
      else failures += 1;
      if (step === 'fatal' || failures > MAX_FAILURES || limited > MAX_RATE_LIMITED || resplits > MAX_RESPLITS) {
        gaveUp = true;
        logger.warn({ channel: target.channel, threadTs: target.threadTs, twin: identity.username, step, failures, limited }, 'slack reply gave up');
      } else if (step === 'retry') await sleep(Math.min(250 * 2 ** failures, 5000));
    }
  }

  function kick(): void {
    dirty = true;
    if (running) return;
    running = true;
    void loop()
      .catch((err: unknown) => {
        gaveUp = true;
        logger.error({ err }, 'slack reply loop crashed');
      })
      .finally(() => {
        running = false;
        if (dirty && !gaveUp) kick();
        else if (isSettled()) {
          const ready = waiters;
          waiters = [];
          for (const w of ready) w();
        }
      });
  }

  return {
    append(more) {
      if (final || !more) return;
      text += more;
      kick();
    },
    reset() {
      text = '';
      final = false;
      kick();
    },
    finish(full) {
      text = full;
      final = true;
      kick();
    },
    setStatus(line) {
      // The first status also puts the placeholder up; later ones only matter while it shows.
      if (line === status && parts.length > 0) return;
      status = line;
      if (!text && !final) kick();
    },
    get text() {
      return text;
    },
    get isFinal() {
      return final;
    },
    settled: () => (isSettled() ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    get timestamps() {
      return parts.map((p) => p.ts);
    },
  };
}
