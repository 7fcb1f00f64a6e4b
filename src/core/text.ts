/** Lowercase, accents removed, whitespace collapsed: how names are compared everywhere. */
export function normalizeKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function slugify(text: string): string {
  return normalizeKey(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** Words of a search query, normalized, for "every word somewhere, any order" matching. */
export function searchWords(query: string): string[] {
  return normalizeKey(query)
    .split(/[^a-z0-9+#.]+/)
    .filter((w) => w.length > 0)
    .slice(0, 12);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** "1 twin", "2 twins": a count with its noun, for every sentence a person reads. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
