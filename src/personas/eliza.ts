/**
 * elizaOS characters, current (`messageExamples` with `name`) and legacy (`user`, `lore`,
 * `clients`, `modelProvider`). `system`, `bio` and `lore` become the prompt; the rest is kept in
 * `extensions.eliza`. What a twin has and a character has not (greeting, scenario, tags, other
 * extensions) travels in a `twinbridge` key of the exported file.
 */
import type { Twin } from '../core/domain.js';
import { checkPrompt, composePrompt, exampleLines, tagList, textField } from './text.js';
import { invalid, isObject, LIMITS, rest, type ImportedPersona, type JsonObject } from './types.js';

export const ELIZA_KEY = 'eliza';
const USED = ['name', 'system', 'bio', 'lore', 'messageExamples', 'twinbridge'];
const SIGNS = ['bio', 'system', 'lore', 'messageExamples', 'style', 'topics', 'adjectives'];

export function looksLikeEliza(value: JsonObject): boolean {
  return typeof value['name'] === 'string' && SIGNS.some((k) => k in value);
}

function lines(value: unknown, field: string, who: string): string {
  if (Array.isArray(value)) return value.map((v, i) => textField(v, `${field}[${i}]`, LIMITS.prompt, who)).join('\n');
  return textField(value, field, LIMITS.prompt, who);
}

const USER_PLACEHOLDER = /^\{\{user\d*\}\}$/i;

function examplesOf(value: unknown, who: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`${who}: messageExamples is not a list`);
  const out: string[] = [];
  for (const convo of value) {
    if (!Array.isArray(convo)) throw invalid(`${who}: messageExamples holds something that is not a conversation`);
    for (const m of convo) {
      if (!isObject(m)) continue;
      const speaker = typeof m['name'] === 'string' ? m['name'] : typeof m['user'] === 'string' ? m['user'] : '';
      if (USER_PLACEHOLDER.test(speaker.trim())) continue;
      const content = m['content'];
      const text = isObject(content) ? textField(content['text'], 'messageExamples text', LIMITS.prompt, who) : '';
      if (text.trim()) out.push(text);
    }
  }
  return out;
}

export function fromEliza(value: JsonObject): ImportedPersona {
  const name = textField(value['name'], 'name', LIMITS.name, 'character').trim();
  if (!name) throw invalid('character: has no name');
  const who = `character "${name.slice(0, 40)}"`;
  const prompt = checkPrompt(
    composePrompt([
      { heading: 'System prompt', text: textField(value['system'], 'system', LIMITS.prompt, who) },
      { heading: 'Bio', text: lines(value['bio'], 'bio', who) },
      { heading: 'Lore', text: lines(value['lore'], 'lore', who) },
    ]),
    who,
  );
  const carrier = isObject(value['twinbridge']) ? value['twinbridge'] : {};
  const carried = carrier['extensions'];
  if (carried !== undefined && !isObject(carried)) throw invalid(`${who}: twinbridge.extensions is not an object`);
  const kept = rest(value, USED);
  const greeting = textField(carrier['greeting'], 'twinbridge.greeting', LIMITS.greeting, who).trim();
  const scenario = textField(carrier['scenario'], 'twinbridge.scenario', LIMITS.scenario, who).trim();
  const description = textField(carrier['description'], 'twinbridge.description', LIMITS.description, who).trim();
  return {
    name,
    description: description || null,
    prompt,
    examples: exampleLines(examplesOf(value['messageExamples'], who), who),
    greeting: greeting || null,
    scenario: scenario || null,
    tags: tagList(carrier['tags'], who),
    avatarUrl: null,
    avatar: null,
    extensions: { ...(isObject(carried) ? carried : {}), ...(kept ? { [ELIZA_KEY]: kept } : {}) },
  };
}

export function toEliza(twin: Twin): JsonObject {
  const { [ELIZA_KEY]: kept, ...others } = twin.extensions ?? {};
  return {
    ...(isObject(kept) ? kept : {}),
    name: twin.name,
    bio: twin.persona.prompt,
    messageExamples: twin.persona.examples.map((text) => [{ name: twin.name, content: { text } }]),
    twinbridge: {
      description: twin.description,
      greeting: twin.persona.greeting ?? null,
      scenario: twin.persona.scenario ?? null,
      tags: twin.tags ?? [],
      extensions: others,
    },
  };
}
