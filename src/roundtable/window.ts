import type { TranscriptEntry } from './types.js';

/** A cheap, provider-neutral estimate (about four characters a token, plus the label). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4) + 4;
}

export interface Windowed<T> {
  kept: T[];
  omitted: number;
  /** One line saying what was left out, or null when nothing was. */
  summary: string | null;
}

/**
 * Newest items whole, as many as fit in `budget` tokens; the oldest are dropped. The newest one is
 * always kept, even alone over the budget: a turn must see what it answers.
 */
export function windowNewest<T>(items: T[], budget: number, size: (item: T) => number): { kept: T[]; omitted: number; used: number } {
  let used = 0;
  let start = items.length;
  while (start > 0) {
    const cost = size(items[start - 1]!);
    if (start < items.length && used + cost > budget) break;
    used += cost;
    start--;
  }
  return { kept: items.slice(start), omitted: start, used };
}

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/** The transcript within the token budget, with a one-line summary of the dropped beginning. */
export function windowTranscript(entries: TranscriptEntry[], budget: number): Windowed<TranscriptEntry> & { used: number } {
  const { kept, omitted, used } = windowNewest(entries, budget, (e) => estimateTokens(e.content) + 6);
  if (omitted === 0) return { kept, omitted, used, summary: null };
  const counts = new Map<string, number>();
  for (const e of entries.slice(0, omitted)) {
    const who = e.kind === 'turn' ? e.name : e.author;
    counts.set(who, (counts.get(who) ?? 0) + 1);
  }
  const who = [...counts].map(([name, n]) => `${name} spoke ${times(n)}`).join(', ');
  return { kept, omitted, used, summary: `(${omitted} earlier contribution${omitted === 1 ? ' is' : 's are'} not shown: ${who}.)` };
}
