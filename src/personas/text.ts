import { invalid, LIMITS } from './types.js';

// C0 controls other than tab, line feed and carriage return, and DEL.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A text field of a persona file: a string (or absent), no control characters, within `max`. */
export function textField(value: unknown, field: string, max: number, who: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalid(`${who}: ${field} is not text`);
  if (CONTROL.test(value)) throw invalid(`${who}: ${field} contains control characters`);
  const text = value.replace(/\r\n?/g, '\n');
  if (text.length > max) throw invalid(`${who}: ${field} is ${text.length} characters, over the limit of ${max}`);
  return text;
}

export function stringList(value: unknown, field: string, who: string, limits: { count: number; each: number }): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list)) throw invalid(`${who}: ${field} is not a list`);
  const out: string[] = [];
  for (const item of list) {
    const t = textField(item, field, limits.each, who).trim();
    if (t && !out.includes(t)) out.push(t);
  }
  if (out.length > limits.count) throw invalid(`${who}: ${field} has ${out.length} entries, over the limit of ${limits.count}`);
  return out;
}

export function tagList(value: unknown, who: string): string[] {
  return stringList(value, 'tags', who, { count: LIMITS.tags, each: LIMITS.tag });
}

/** Sections under their own headings when there are several; one part alone stays as it is. */
export function composePrompt(parts: { heading: string; text: string }[]): string {
  const present = parts.map((p) => ({ ...p, text: p.text.trim() })).filter((p) => p.text !== '');
  if (present.length === 1) return present[0]!.text;
  return present.map((p) => `## ${p.heading}\n${p.text}`).join('\n\n');
}

export function checkPrompt(prompt: string, who: string): string {
  if (prompt.trim() === '') throw invalid(`${who}: has no persona text (description, personality, system prompt)`);
  if (prompt.length > LIMITS.prompt) throw invalid(`${who}: the persona prompt is ${prompt.length} characters, over the limit of ${LIMITS.prompt}`);
  return prompt;
}

/** Lines in the twin's voice: at most the contract's count, each within its length. */
export function exampleLines(lines: string[], who: string): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const t = line.trim();
    if (!t) continue;
    if (t.length > LIMITS.example) throw invalid(`${who}: an example line is ${t.length} characters, over the limit of ${LIMITS.example}`);
    if (out.length < LIMITS.examples) out.push(t);
  }
  return out;
}

export function httpsUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2_000) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
