/**
 * What each twin's reply should show, folded from the job's stream events. Pure: the writer
 * decides when to send it. One reply per twin; job-wide events (twin null) touch all of them.
 */
import type { ReplyRecord, StreamEvent, TwinRef } from '../../src/core/messages.js';
import { truncate } from '../../src/core/text.js';
import { splitMessage } from './split.js';

export interface ReplyView {
  key: string;
  twin: TwinRef | null;
  text: string;
  /** Short line shown under the text while a tool runs. */
  status: string | null;
  final: boolean;
  error: string | null;
  /** When the first text of the current attempt arrived (ms), for first-visible latency. */
  firstTextAt: number | null;
}

export type JobView = Map<string, ReplyView>;

/** Room kept at the end of every chunk so a status line never moves the cuts. */
const STATUS_RESERVE = 100;

export const replyKey = (twin: TwinRef | null): string => twin?.id ?? 'default';

function reply(view: JobView, twin: TwinRef | null): ReplyView {
  const key = replyKey(twin);
  let r = view.get(key);
  if (!r) {
    r = { key, twin, text: '', status: null, final: false, error: null, firstTextAt: null };
    view.set(key, r);
  }
  return r;
}

function landRecord(view: JobView, record: ReplyRecord, twin: TwinRef | null): string {
  const ref = twin ?? (record.twinId ? { id: record.twinId, slug: record.personality, name: record.twinName, avatarUrl: null } : null);
  const r = reply(view, ref);
  if (!r.final) {
    r.text = record.reply;
    r.status = null;
    r.final = true;
  }
  return r.key;
}

/** Applies one event; returns the keys of the replies it changed. */
export function applyEvent(view: JobView, event: StreamEvent, now: number): string[] {
  const all = (): ReplyView[] => [...view.values()];
  switch (event.event) {
    case 'reset': {
      const targets = event.twin ? [reply(view, event.twin)] : all();
      for (const r of targets) Object.assign(r, { text: '', status: null, final: false, error: null, firstTextAt: null });
      return targets.map((r) => r.key);
    }
    case 'status': {
      if (!event.twin) return [];
      const r = reply(view, event.twin);
      r.status = event.data.status === 'tool' ? `Using ${event.data.tool ?? 'a tool'}…` : null;
      return [r.key];
    }
    case 'tool_start': {
      const r = reply(view, event.twin);
      r.status = `Using ${event.data.tool}…`;
      return [r.key];
    }
    case 'tool_complete': {
      const r = reply(view, event.twin);
      r.status = null;
      return [r.key];
    }
    case 'text_delta': {
      const r = reply(view, event.twin);
      if (r.final) return [];
      r.text += event.data.content;
      r.firstTextAt ??= now;
      return [r.key];
    }
    case 'twin_done':
      return [landRecord(view, event.data, event.twin)];
    case 'done': {
      const keys = event.data.replies.map((rec) => landRecord(view, rec, null));
      for (const r of all()) {
        if (!r.final) {
          r.final = true;
          r.status = null;
          keys.push(r.key);
        }
      }
      return keys;
    }
    case 'error': {
      if (event.twin) {
        // One twin failed while others may still be answering: only its reply ends, with the sentence.
        const r = reply(view, event.twin);
        Object.assign(r, { error: event.data.message, final: true, status: null });
        return [r.key];
      }
      // Job-level and terminal: the unfinished replies show the sentence, the others keep theirs.
      const targets = all().filter((r) => !r.final);
      if (view.size === 0) targets.push(reply(view, null));
      for (const r of targets) r.error = event.data.message;
      for (const r of all()) Object.assign(r, { final: true, status: null });
      return all().map((r) => r.key);
    }
    default:
      return [];
  }
}

/** Anything worth a message yet? Before the first text, typing shows that work is under way. */
export function isVisible(r: ReplyView): boolean {
  return r.text !== '' || r.status !== null || r.final || r.error !== null;
}

/**
 * The messages a reply renders to. `header` is the bold twin name when the bot speaks for the
 * twin (empty under a webhook identity); every chunk repeats it so each message says who speaks.
 */
export function composeChunks(r: ReplyView, header: string, maxLength: number): string[] {
  const room = maxLength - header.length;
  if (r.error !== null) return [header + truncate(`⚠️ ${r.error}`, room)];
  let text = r.text;
  if (text.trim() === '' && r.final) text = '*(no reply)*';
  const chunks = text.trim() === '' ? [''] : splitMessage(text, room - STATUS_RESERVE);
  const out = chunks.map((c) => header + c);
  if (!r.final && (r.status !== null || chunks[chunks.length - 1] === '')) {
    const line = `-# ${truncate(r.status ?? 'thinking…', STATUS_RESERVE - 8)}`;
    const last = out.length - 1;
    out[last] = chunks[last] === '' ? header + line : `${out[last]}\n${line}`;
  }
  return out;
}
