/**
 * The projection of a job's stream events onto each twin's reply: current text, status line,
 * done or failed, reset on a retried attempt. Pure and platform-free; writers decide when and
 * how it reaches a platform. One reply per twin; job-wide events (twin null) touch all of them.
 */
import type { ReplyRecord, StreamEvent, TwinRef } from '../core/messages.js';

export interface ReplyView {
  key: string;
  twin: TwinRef | null;
  text: string;
  /** Short line while a tool runs ("Using web_search…"); null while the twin just thinks. */
  status: string | null;
  final: boolean;
  /** The human sentence of a failure, shown with (or instead of) the text. */
  error: string | null;
  /** When the first text of the current attempt arrived (ms), for first-visible latency. */
  firstTextAt: number | null;
}

export type JobView = Map<string, ReplyView>;

export const replyKey = (twin: TwinRef | null): string => twin?.id ?? 'default';

const toolStatus = (tool: string | undefined): string => `Using ${tool ?? 'a tool'}…`;

function reply(view: JobView, twin: TwinRef | null): ReplyView {
  const key = replyKey(twin);
  let r = view.get(key);
  if (!r) {
    r = { key, twin, text: '', status: null, final: false, error: null, firstTextAt: null };
    view.set(key, r);
  }
  return r;
}

function land(view: JobView, record: ReplyRecord, twin: TwinRef | null): string {
  const ref = twin ?? (record.twinId ? { id: record.twinId, slug: record.personality, name: record.twinName, avatarUrl: null } : null);
  const r = reply(view, ref);
  if (!r.final) Object.assign(r, { text: record.reply, status: null, final: true });
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
      if (!event.twin || event.data.status === 'queued') return [];
      const r = reply(view, event.twin);
      r.status = event.data.status === 'tool' ? toolStatus(event.data.tool) : null;
      return [r.key];
    }
    case 'tool_start':
    case 'tool_call': {
      const r = reply(view, event.twin);
      if (r.final) return [];
      r.status = toolStatus(event.data.tool);
      return [r.key];
    }
    case 'tool_result':
    case 'tool_complete': {
      const r = view.get(replyKey(event.twin));
      if (!r || r.final) return [];
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
      return [land(view, event.data, event.twin)];
    case 'done': {
      const keys = event.data.replies.map((rec) => land(view, rec, null));
      // A job with one unnamed reply (the default assistant) may carry only `reply`.
      if (event.data.replies.length === 0 && view.size === 0 && event.data.reply) {
        const r = reply(view, null);
        Object.assign(r, { text: event.data.reply, final: true });
        keys.push(r.key);
      }
      for (const r of all()) {
        if (!r.final) {
          Object.assign(r, { final: true, status: null });
          keys.push(r.key);
        }
      }
      return keys;
    }
    case 'error': {
      if (event.twin) {
        // One twin failed while others may still be answering: only its reply ends.
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

/** Anything worth a message yet? Before the first text, a typing indicator says work is under way. */
export function isVisible(r: ReplyView): boolean {
  return r.text !== '' || r.status !== null || r.final || r.error !== null;
}
