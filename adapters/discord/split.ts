/**
 * Splits a long reply into Discord-sized messages. Cuts prefer paragraph breaks, then line
 * breaks outside code, then line breaks inside a code block (closing the fence in one message and
 * reopening it with its language in the next), and only as a last resort a space or a hard cut.
 * Nothing is dropped: apart from the added fences and whitespace at the cuts, the chunks joined
 * are the original text.
 *
 * The cut for a chunk depends only on the text up to the limit, so while a reply streams, the
 * messages before the last one stop changing as soon as the text has moved past them.
 */

const FENCE_RE = /^\s*(`{3,}|~{3,})(.*)$/;
const FENCE_ONLY_RE = /^\s*(`{3,}|~{3,})[^\n]*\n\s*$/;

interface Candidate {
  /** Index in the text where the next chunk starts. */
  at: number;
  /** Fence line still open at the cut ("```ts"), or null. */
  open: string | null;
  /** The fence's marker ("```", "~~~~") that closes it. */
  marker: string;
  paragraph: boolean;
}

/** Line starts up to `limit`, with the fence state in force at each. */
function candidates(text: string, limit: number): Candidate[] {
  const out: Candidate[] = [];
  let open: string | null = null;
  let openMarker = '';
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end);
    const fence = FENCE_RE.exec(line);
    if (fence) {
      if (open === null) {
        open = line.trim();
        openMarker = fence[1]!;
      } else if (fence[1]!.startsWith(openMarker[0]!) && fence[1]!.length >= openMarker.length && fence[2]!.trim() === '') {
        open = null;
      }
    }
    if (nl === -1) break;
    const next = nl + 1;
    const cost = open === null ? 0 : 1 + openMarker.length;
    if (nl + cost > limit) break;
    out.push({ at: next, open, marker: openMarker, paragraph: open === null && line.trim() === '' });
    pos = next;
  }
  return out;
}

/** Last resort inside one very long line: a space, else a hard cut that keeps surrogate pairs whole. */
function hardCut(text: string, max: number): number {
  const space = text.lastIndexOf(' ', max);
  if (space > max / 2) return space + 1;
  let cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return Math.max(1, cut);
}

function pickCut(text: string, limit: number): Candidate {
  // A cut right after a (re)opened fence line would emit an empty code block and never progress.
  const all = candidates(text, limit).filter((c) => !FENCE_ONLY_RE.test(text.slice(0, c.at)));
  // A cut in the first third makes a stub message; take it only when nothing better exists.
  const late = (c: Candidate): boolean => c.at > limit / 3;
  const best =
    all.filter((c) => c.paragraph && late(c)).pop() ??
    all.filter((c) => c.open === null && late(c)).pop() ??
    all.filter(late).pop() ??
    all.pop();
  if (best) return best;
  // No line break fits: cut inside the line, keeping room to close a fence opened before it.
  const state = candidates(text, text.length).filter((c) => c.at <= limit).pop();
  const open = state?.open ?? null;
  const marker = state?.marker ?? '';
  return { at: hardCut(text, limit - (open ? 1 + marker.length : 0)), open, marker, paragraph: false };
}

export function splitMessage(text: string, limit: number): string[] {
  if (limit < 20) throw new RangeError('split limit too small');
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = pickCut(rest, limit);
    let head = rest.slice(0, cut.at).replace(/\s+$/, '');
    let tail = rest.slice(cut.at);
    if (cut.open !== null) {
      head += `\n${cut.marker}`;
      tail = `${cut.open}\n${tail}`;
    } else {
      tail = tail.replace(/^\s*\n/, '');
    }
    if (head.trim() === '') {
      // Only whitespace before the cut: drop it rather than emit an empty message.
      rest = tail;
      continue;
    }
    chunks.push(head);
    rest = tail;
  }
  if (rest.trim() !== '' || chunks.length === 0) chunks.push(rest);
  return chunks;
}
