/**
 * Splits a reply into Slack-sized messages. Cuts prefer a paragraph break, then a line break, and
 * never fall inside a fenced code block; only a code block longer than a whole message is cut
 * inside, and then each piece is closed and reopened with the same fence so both still render.
 * Greedy from the start, so while a reply grows the earlier pieces stay put.
 */

const FENCE = /^\s*(```|~~~)/;
/** A paragraph break this early would leave a stub; a line break further on is better. */
const MIN_PARAGRAPH_FILL = 0.3;

interface Boundary {
  /** Index of the '\n' that ends a line. */
  at: number;
  /** True when the line after it is blank. */
  paragraph: boolean;
}

interface Scan {
  outside: Boundary[];
  /** Boundaries inside the code block open at the limit, after its opening line. */
  inside: Boundary[];
  /** The opening line of the code block still open at the limit, if any. */
  openFence: string | null;
}

function scan(text: string, limit: number): Scan {
  const outside: Boundary[] = [];
  let inside: Boundary[] = [];
  let openFence: string | null = null;
  let pos = 0;
  while (pos <= limit) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end);
    const isFence = FENCE.test(line);
    const opens: boolean = isFence && openFence === null;
    if (isFence) {
      openFence = opens ? line.trim() : null;
      inside = [];
    }
    if (nl === -1 || end > limit) break;
    const nextNl = text.indexOf('\n', nl + 1);
    const next = text.slice(nl + 1, nextNl === -1 ? text.length : nextNl);
    const boundary = { at: end, paragraph: next.trim() === '' };
    // Cutting right after an opening fence would leave an empty block and make no progress.
    if (end > 0 && !opens) (openFence === null ? outside : inside).push(boundary);
    pos = nl + 1;
  }
  return { outside, inside, openFence };
}

/** Where to cut `text` (longer than `limit`): the head, and the text the next piece starts with. */
function cut(text: string, limit: number): [string, string] {
  const { outside, inside, openFence } = scan(text, limit);
  const paragraphs = outside.filter((b) => b.paragraph);
  const lastParagraph = paragraphs[paragraphs.length - 1];
  const lastLine = outside[outside.length - 1];
  const choice =
    lastParagraph && lastParagraph.at >= limit * MIN_PARAGRAPH_FILL ? lastParagraph : (lastLine ?? lastParagraph);
  if (choice) return [text.slice(0, choice.at), text.slice(choice.at + 1)];

  if (openFence !== null) {
    // The piece starts inside an over-long code block: close it here, reopen it next time.
    const close = '\n```';
    const inner = inside.filter((b) => b.at + close.length <= limit);
    const at = inner[inner.length - 1]?.at ?? safeIndex(text, limit - close.length);
    const rest = inner.length > 0 ? text.slice(at + 1) : text.slice(at);
    return [text.slice(0, at) + close, `${openFence}\n${rest}`];
  }

  // One line longer than a message: break at a space if there is one.
  const space = text.lastIndexOf(' ', limit);
  if (space > limit * MIN_PARAGRAPH_FILL) return [text.slice(0, space), text.slice(space + 1)];
  const at = safeIndex(text, limit);
  return [text.slice(0, at), text.slice(at)];
}

/** Moves a hard cut off the middle of a surrogate pair, so no emoji is broken in two. */
function safeIndex(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/** Pieces of at most `limit` characters each; an empty text gives no pieces. */
export function splitMessage(text: string, limit: number): string[] {
  if (limit < 40) throw new RangeError('splitMessage: limit must be at least 40 characters');
  const pieces: string[] = [];
  let rest = text.replace(/\s+$/, '');
  while (rest.length > limit) {
    const [head, tail] = cut(rest, limit);
    const trimmed = head.replace(/\s+$/, '');
    if (trimmed) pieces.push(trimmed);
    rest = tail.replace(/^\s*\n/, '');
  }
  if (rest.trim()) pieces.push(rest);
  return pieces;
}
