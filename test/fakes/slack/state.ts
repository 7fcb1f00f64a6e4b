/**
 * What the fake Slack workspace remembers: channel and thread messages with their edit history,
 * ephemeral messages, `response_url` posts and assistant statuses. Tests read it to assert what a
 * user would see.
 */
import type { FakeHostedFile, FakeSharedFile, FakeUpload } from './files.js';

export interface FakeEdit {
  text: string;
  blocks: unknown[] | null;
  at: number;
  /** The method that produced this version (chat.postMessage, chat.update, chat.appendStream…). */
  via: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  threadTs: string | null;
  user: string;
  botId: string | null;
  text: string;
  blocks: unknown[] | null;
  username: string | null;
  iconUrl: string | null;
  /** `in_progress` while a native stream is open, `completed` after `chat.stopStream`. */
  streaming: 'in_progress' | 'completed' | null;
  deleted: boolean;
  /** Every version, the first one included. */
  edits: FakeEdit[];
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks: unknown[] | null;
  threadTs: string | null;
  ts: string;
}

export interface FakeResponsePost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeStatus {
  channel: string;
  threadTs: string;
  status: string;
  at: number;
}

/** A modal opened with `views.open` (what Slack shows the user). */
export interface FakeView {
  id: string;
  triggerId: string;
  user: string | null;
  view: Record<string, unknown>;
}

export interface FakeSlackState {
  /** Where upload URLs point (the fake's own base URL). */
  uploadBase: string;
  readonly uploads: Map<string, FakeUpload>;
  /** Files shared with files.completeUploadExternal, in order. */
  readonly files: FakeSharedFile[];
  /** Files people shared (served at url_private_download). */
  readonly hosted: Map<string, FakeHostedFile>;
  /** trigger_ids Slack handed out (slash commands, clicks): usable once, within 3 s. */
  readonly triggers: Map<string, { at: number; user: string; used: boolean }>;
  readonly views: FakeView[];
  readonly messages: FakeMessage[];
  readonly ephemerals: FakeEphemeral[];
  readonly responses: FakeResponsePost[];
  readonly statuses: FakeStatus[];
  nextTs(): string;
  find(channel: string, ts: string): FakeMessage | undefined;
  /** Replies in a thread (not its parent), oldest first, deleted ones left out. */
  thread(channel: string, threadTs: string): FakeMessage[];
  /** Messages posted under a display name (chat:write.customize `username`). */
  by(username: string): FakeMessage[];
  /** Seeds a message a human wrote, e.g. the parent of a thread. */
  addUserMessage(channel: string, user: string, text: string, threadTs?: string | null): FakeMessage;
  /** Resolves once `predicate` holds (checked on every state change and every 20 ms). */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  changed(): void;
}

export function createFakeSlackState(): FakeSlackState {
  const messages: FakeMessage[] = [];
  const ephemerals: FakeEphemeral[] = [];
  const responses: FakeResponsePost[] = [];
  const statuses: FakeStatus[] = [];
  const waiters = new Set<() => void>();
  let seq = 0;
  // Slack timestamps are seconds with a 6-digit suffix; they only have to be unique and ordered.
  const base = Math.floor(Date.now() / 1000);

  const state: FakeSlackState = {
    uploadBase: '',
    uploads: new Map(),
    files: [],
    hosted: new Map(),
    triggers: new Map(),
    views: [],
    messages,
    ephemerals,
    responses,
    statuses,
    nextTs() {
      seq += 1;
      return `${base + Math.floor(seq / 1_000_000)}.${String(seq % 1_000_000).padStart(6, '0')}`;
    },
    find(channel, ts) {
      return messages.find((m) => m.channel === channel && m.ts === ts);
    },
    thread(channel, threadTs) {
      return messages.filter((m) => m.channel === channel && m.threadTs === threadTs && m.ts !== threadTs && !m.deleted);
    },
    by(username) {
      return messages.filter((m) => m.username === username && !m.deleted);
    },
    addUserMessage(channel, user, text, threadTs = null) {
      const ts = state.nextTs();
      const msg: FakeMessage = {
        channel,
        ts,
        threadTs,
        user,
        botId: null,
        text,
        blocks: null,
        username: null,
        iconUrl: null,
        streaming: null,
        deleted: false,
        edits: [{ text, blocks: null, at: Date.now(), via: 'user' }],
      };
      messages.push(msg);
      state.changed();
      return msg;
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const value = predicate();
          if (value) {
            finish();
            resolve(value);
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`fake slack: condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        const poll = setInterval(check, 20);
        const finish = () => {
          clearTimeout(timer);
          clearInterval(poll);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    changed() {
      for (const w of [...waiters]) w();
    },
  };
  return state;
}
