/**
 * Splits long markdown into platform-sized parts with one set of rules. A cut prefers, in
 * order: a paragraph break, a line break outside code, a line break inside a code block (the
 * block is closed in one part and reopened with its fence line in the next), a sentence end,
 * any line break, a space, and only then a hard cut (never inside a surrogate pair, never making
 * a fence out of half a line). Only whitespace is dropped at a cut, and only fences are added.
 *
 * A part's cut depends only on the text up to the limit, so while a reply streams, the parts
 * before the last one stop changing once the text has moved past them.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** What could read as a fence if a cut left it at the start (or end) of a line. */
const FENCE_START = /^ {0,3}(`{3}|~{3})/;
/** A cut in the first 30% of the room makes a stub part; taken only when nothing better exists. */
const LATE = 0.3;
const SENTENCE_END = /[.!?][)"'\]»”’]*(?=\s)/g;

interface Fence {
  /** The opening line, trimmed ("```ts"), which reopens the block in the next part. */
  line: string;
  /** The fence run ("```", "~~~~") that closes it. */
  marker: string;
}

interface Line {
  start: number;
  /** Index of the '\n' ending the line, or the text's length for the last line. */
  end: number;
  blank: boolean;
  /** This line opens a code block. */
  opens: boolean;
  /** Code block open before / after this line. */
  before: Fence | null;
  after: Fence | null;
}

/** One part: `reopen + text.slice(start, end) + close`. Between parts lies only whitespace. */
export interface SplitPiece {
  start: number;
  end: number;
  reopen: string;
  close: string;
}

function scanLines(text: string): Line[] {
  const lines: Line[] = [];
  let open: Fence | null = null;
  let pos = 0;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const s = text.slice(pos, end);
    const before: Fence | null = open;
    let opens = false;
    const m = FENCE.exec(s);
    if (m) {
      const run = m[1]!;
      const rest = m[2]!;
      if (open === null) {
        // A backtick fence's info string may not contain backticks (CommonMark).
        if (!(run[0] === '`' && rest.includes('`'))) {
          open = { line: s.trim(), marker: run };
          opens = true;
        }
      } else if (run[0] === open.marker[0] && run.length >= open.marker.length && rest.trim() === '') {
        open = null;
      }
    }
    lines.push({ start: pos, end, blank: s.trim() === '', opens, before, after: open });
    if (nl === -1) return lines;
    pos = nl + 1;
  }
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/** End of `text[from, to)` without trailing whitespace. */
function trimEnd(text: string, from: number, to: number): number {
  let e = to;
  while (e > from && isSpace(text[e - 1])) e -= 1;
  return e;
}

/** Skips leading whitespace up to and including its last line break (indentation stays). */
function skipLeading(text: string, from: number): number {
  let j = from;
  while (j < text.length && isSpace(text[j])) j += 1;
  if (j === text.length) return j;
  const nl = text.lastIndexOf('\n', j - 1);
  return nl >= from ? nl + 1 : from;
}

export function planSplit(text: string, limit: number): SplitPiece[] {
  if (limit < 40) throw new RangeError('splitMarkdown: limit must be at least 40 characters');
  const lines = scanLines(text);
  const lineAt = (i: number): number => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid]!.start <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const isLineStart = (i: number): boolean => i === 0 || text[i - 1] === '\n';
  /** A mid-line cut must not leave half a line that reads as a fence on either side. */
  const safeCut = (end: number, next: number): boolean => {
    const l = lines[lineAt(Math.max(0, end - 1))]!;
    const headLine = text.slice(l.start, end);
    const nextLine = text.slice(next, lines[lineAt(next)]!.end);
    return !(FENCE_START.test(headLine) && end < l.end) && !(FENCE_START.test(nextLine) && !isLineStart(next));
  };

  const pieces: SplitPiece[] = [];
  const textEnd = trimEnd(text, 0, text.length);
  let pos = skipLeading(text, 0);
  while (pos < textEnd) {
    const first = lineAt(pos);
    const firstLine = lines[first]!;
    // Mid-line in an opening fence line (a hard cut went there): the rest is inside the block.
    let fence = firstLine.opens && !isLineStart(pos) ? firstLine.after : firstLine.before;
    // A fence line too long to repeat is reopened without its info string.
    let reopen = !fence ? '' : fence.line.length + 1 <= limit / 2 ? `${fence.line}\n` : `${fence.marker}\n`;
    const dropFence = reopen.length > limit / 2;
    if (dropFence) {
      fence = null;
      reopen = '';
    }
    const room = limit - reopen.length;
    if (textEnd - pos <= room) {
      pieces.push({ start: pos, end: textEnd, reopen, close: '' });
      break;
    }
    const late = (end: number): boolean => end - pos >= room * LATE;

    type Cut = { end: number; next: number; close: string; kind: 'paragraph' | 'line' | 'code' };
    const cuts: Cut[] = [];
    for (let k = first; k < lines.length - 1; k += 1) {
      const l = lines[k]!;
      if (l.start - pos > limit) break;
      // After an opening fence the part would end in an empty block; before a closing fence the
      // next part would start with one.
      if (l.opens || (l.after && lines[k + 1]!.before && !lines[k + 1]!.after)) continue;
      const end = trimEnd(text, pos, l.end);
      if (end <= pos) continue;
      const close = l.after && !dropFence ? `\n${l.after.marker}` : '';
      if (reopen.length + (end - pos) + close.length > limit) continue;
      const paragraph = !l.after && (l.blank || lines[k + 1]!.blank);
      cuts.push({ end, next: l.end + 1, close, kind: l.after ? 'code' : paragraph ? 'paragraph' : 'line' });
    }
    const lastOf = (pick: (c: Cut) => boolean): Cut | undefined => cuts.filter(pick).pop();
    let cut: Cut | undefined =
      lastOf((c) => c.kind === 'paragraph' && late(c.end)) ??
      lastOf((c) => c.kind !== 'code' && late(c.end)) ??
      lastOf((c) => late(c.end));

    // The line that crosses the limit: a sentence end, a space, or a hard cut inside it.
    const crossing = lines[lineAt(Math.min(textEnd - 1, pos + room))]!;
    const inCode = dropFence ? null : crossing.opens ? crossing.after : crossing.before;
    const lineFrom = Math.max(pos, crossing.start);
    if (!cut && !inCode && !crossing.opens) {
      const region = text.slice(lineFrom, pos + room);
      let best = -1;
      for (const m of region.matchAll(SENTENCE_END)) {
        const end = lineFrom + m.index + m[0].length;
        if (late(end) && safeCut(end, end + 1)) best = end;
      }
      if (best > 0) cut = { end: best, next: skipSpaces(text, best), close: '', kind: 'line' };
    }
    cut ??= cuts.pop();
    if (!cut) {
      const close = inCode ? `\n${inCode.marker}` : '';
      const max = pos + room - close.length;
      const space = text.lastIndexOf(' ', max);
      if (space >= lineFrom && space - pos > room / 2 && trimEnd(text, pos, space) > pos && safeCut(trimEnd(text, pos, space), space + 1)) {
        cut = { end: trimEnd(text, pos, space), next: space + 1, close, kind: 'line' };
      } else {
        let at = max;
        for (let tries = 0; tries < 8 && at - 1 > pos; tries += 1) {
          const code = text.charCodeAt(at - 1);
          const splitsPair = code >= 0xd800 && code <= 0xdbff;
          // Inside an over-long opening fence line the cut is closed like any cut in code.
          if (!splitsPair && (crossing.opens || safeCut(at, at))) break;
          at -= 1;
        }
        cut = { end: Math.max(pos + 1, at), next: Math.max(pos + 1, at), close, kind: 'line' };
      }
    }
    pieces.push({ start: pos, end: cut.end, reopen, close: cut.close });
    pos = skipLeading(text, cut.next);
  }
  return pieces;
}

function skipSpaces(text: string, from: number): number {
  let j = from;
  while (text[j] === ' ' || text[j] === '\t') j += 1;
  return j;
}

export function renderPiece(text: string, p: SplitPiece): string {
  return p.reopen + text.slice(p.start, p.end) + p.close;
}

/** Parts of at most `limit` characters each; an empty (or blank) text gives no parts. */
export function splitMarkdown(text: string, limit: number): string[] {
  return planSplit(text, limit).map((p) => renderPiece(text, p));
}
