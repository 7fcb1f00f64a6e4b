/**
 * From a reply's projection to the parts a platform shows, in one place: the adapter's style
 * says how a twin is named, how a placeholder, a status line, an empty reply and a failure look;
 * `splitMarkdown` cuts the body to the sink's limit.
 */
import type { ReplyView } from './projection.js';
import { splitMarkdown } from './split.js';

export interface ReplyStyle {
  /** Prefix of every part, e.g. the twin's name in bold when the bot speaks for it ('' if none). */
  header: string;
  /** What an unfinished reply without text shows; `status` is null while the twin just thinks. */
  placeholder(status: string | null): string;
  /** A line under the text while a tool runs; without it, statuses show only in the placeholder. */
  statusLine?: ((status: string) => string) | undefined;
  /** A finished reply with no text at all. */
  empty: string;
  failure(message: string): string;
}

export interface PartView {
  /** The raw markdown of this part: what a native stream appends to, prefix by prefix. */
  text: string;
  /** What a posted or edited message shows: header, text, status line or placeholder. */
  shown: string;
}

/** Room kept at the end of the last part so a status line never moves the cuts. */
export const STATUS_RESERVE = 100;
const MIN_BODY = 40;

export function composeParts(r: ReplyView, style: ReplyStyle, maxChars: number): PartView[] {
  const header = style.header;
  let body = r.text;
  if (r.error !== null) body = body.trim() === '' ? style.failure(r.error) : `${body.replace(/\s+$/, '')}\n\n${style.failure(r.error)}`;
  if (body.trim() === '') {
    if (r.final) return [{ text: style.empty, shown: header + style.empty }];
    return [{ text: '', shown: header + style.placeholder(r.status) }];
  }
  const reserve = style.statusLine ? STATUS_RESERVE : 0;
  const room = Math.max(MIN_BODY, maxChars - header.length - reserve);
  const parts = splitMarkdown(body, room).map((text) => ({ text, shown: header + text }));
  const last = parts[parts.length - 1];
  if (last && !r.final && r.status !== null && style.statusLine) {
    last.shown += `\n${style.statusLine(r.status).slice(0, STATUS_RESERVE - 1)}`;
  }
  return parts;
}
