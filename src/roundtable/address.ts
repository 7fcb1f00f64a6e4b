import { normalizeKey } from '../core/text.js';
import type { Participant } from './types.js';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// What a name must not be followed by to count as a whole word ("Paul" in "Paulina" is not Paul).
const WORD_END = '(?![\\p{L}\\p{N}_-])';
// A sentence starts at the beginning, after . ! ? or a line break, optionally behind quotes or dashes.
const SENTENCE_START = '(?:^|[.!?\\n]\\s*|\\n)\\s*["“‘(*_-]*\\s*';

/**
 * The participants a text addresses, in the order they are first addressed: by `@slug` anywhere,
 * or by name (full name, or first name when no other participant shares it) at the start of a
 * sentence. A name inside another word or mid-sentence is not an address.
 */
export function addressedIn(text: string, participants: Participant[]): Participant[] {
  const plain = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const hits: { at: number; p: Participant }[] = [];
  const firstNames = new Map<string, number>();
  for (const p of participants) {
    const first = normalizeKey(p.name).split(' ')[0] ?? '';
    firstNames.set(first, (firstNames.get(first) ?? 0) + 1);
  }
  for (const p of participants) {
    const at: number[] = [];
    const slug = new RegExp(`(?:^|[^\\p{L}\\p{N}_-])@${escape(p.slug)}${WORD_END}`, 'giu');
    for (const m of plain.matchAll(slug)) at.push(m.index ?? 0);
    const full = normalizeKey(p.name);
    const first = full.split(' ')[0] ?? '';
    const names = [full];
    if (first !== full && firstNames.get(first) === 1 && first.length >= 2) names.push(first);
    for (const n of names) {
      const re = new RegExp(`${SENTENCE_START}${n.split(' ').map(escape).join('\\s+')}${WORD_END}`, 'giu');
      for (const m of plain.matchAll(re)) at.push(m.index ?? 0);
    }
    if (at.length > 0) hits.push({ at: Math.min(...at), p });
  }
  return hits.sort((a, b) => a.at - b.at).map((h) => h.p);
}
