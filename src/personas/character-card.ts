/**
 * Character Card V1, V2 (chara_card_v2) and V3 (chara_card_v3). What the service uses becomes the
 * twin; everything else stays in `extensions.chara_card` (and the card's own `extensions` at the
 * top of the twin's), so an export gives it back.
 */
import type { Twin } from '../core/domain.js';
import { checkPrompt, composePrompt, exampleLines, tagList, textField } from './text.js';
import { invalid, isObject, LIMITS, rest, type ImportedPersona, type JsonObject } from './types.js';

/** Card fields that become the twin; the rest is kept. */
const USED = ['name', 'description', 'personality', 'scenario', 'first_mes', 'mes_example', 'creator_notes', 'system_prompt', 'tags', 'extensions'];
/** Values an export writes when a twin has nothing there: not worth keeping at import. */
const DEFAULTS: JsonObject = { post_history_instructions: '', alternate_greetings: [], creator: '', character_version: '', group_only_greetings: [] };
/** Where the unused card fields are kept in a twin's extensions. */
export const CARD_KEY = 'chara_card';

function isDefault(key: string, value: unknown): boolean {
  const d = DEFAULTS[key];
  if (d === undefined) return false;
  return Array.isArray(d) ? Array.isArray(value) && value.length === 0 : value === d;
}

function resolveChar(text: string, name: string): string {
  return text.replace(/\{\{char\}\}|<bot>/gi, name).replace(/\{\{original\}\}/gi, '');
}

/** `mes_example` dialogues: split at <START>, the character's turns kept, speaker tags removed. */
export function parseMesExample(text: string, name: string): string[] {
  const lines: string[] = [];
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const charTag = new RegExp(`^\\s*(?:\\{\\{char\\}\\}|<bot>|${escaped})\\s*:\\s?`, 'i');
  const otherTag = /^\s*(?:\{\{user\}\}|<user>)\s*:/i;
  for (const block of text.split(/<START>/i)) {
    let current: string[] | null = null;
    for (const line of block.split('\n')) {
      if (charTag.test(line)) {
        if (current) lines.push(current.join('\n'));
        current = [line.replace(charTag, '')];
      } else if (otherTag.test(line)) {
        if (current) lines.push(current.join('\n'));
        current = null;
      } else if (current) current.push(line);
    }
    if (current) lines.push(current.join('\n'));
  }
  return lines.map((l) => resolveChar(l, name).trim()).filter(Boolean);
}

export function renderMesExample(examples: readonly string[]): string {
  return examples.map((e) => `<START>\n{{char}}: ${e}`).join('\n');
}

export function shorten(text: string, max: number): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

/** One card's fields (a V2/V3 `data` object, or a V1 card's top level) as a persona. */
export function fromCardData(data: JsonObject, ignore: readonly string[] = []): ImportedPersona {
  const name = textField(data['name'], 'name', LIMITS.name, 'card').trim();
  if (!name) throw invalid('card: has no name');
  const who = `card "${name.slice(0, 40)}"`;
  const part = (field: string) => resolveChar(textField(data[field], field, LIMITS.prompt, who), name);
  const prompt = checkPrompt(
    composePrompt([
      { heading: 'System prompt', text: part('system_prompt') },
      { heading: 'Description', text: part('description') },
      { heading: 'Personality', text: part('personality') },
    ]),
    who,
  );
  const scenario = resolveChar(textField(data['scenario'], 'scenario', LIMITS.scenario, who), name).trim();
  const greeting = resolveChar(textField(data['first_mes'], 'first_mes', LIMITS.greeting, who), name).trim();
  const notes = textField(data['creator_notes'], 'creator_notes', LIMITS.prompt, who);
  const ext = data['extensions'];
  if (ext !== undefined && ext !== null && !isObject(ext)) throw invalid(`${who}: extensions is not an object`);
  const kept: JsonObject = {};
  for (const [k, v] of Object.entries(rest(data, [...USED, ...ignore]) ?? {})) if (!isDefault(k, v)) kept[k] = v;
  return {
    name,
    description: notes.trim() ? shorten(notes, LIMITS.description) : null,
    prompt,
    examples: exampleLines(parseMesExample(textField(data['mes_example'], 'mes_example', LIMITS.prompt * 2, who), name), who),
    greeting: greeting || null,
    scenario: scenario || null,
    tags: tagList(data['tags'], who),
    avatarUrl: null,
    avatar: null,
    extensions: { ...(isObject(ext) ? ext : {}), ...(Object.keys(kept).length > 0 ? { [CARD_KEY]: kept } : {}) },
  };
}

/** A parsed JSON value that is a card: V3, V2 or V1; null when it is none of them. */
export function parseCard(value: unknown): { format: 'chara_card_v1' | 'chara_card_v2' | 'chara_card_v3'; persona: ImportedPersona } | null {
  if (!isObject(value)) return null;
  const spec = value['spec'];
  if (spec === 'chara_card_v3' || spec === 'chara_card_v2') {
    if (!isObject(value['data'])) throw invalid(`${spec}: "data" is not an object`);
    return { format: spec, persona: fromCardData(value['data']) };
  }
  if (typeof spec === 'string') throw invalid(`unknown card spec "${spec.slice(0, 40)}"`);
  const v1 = ['first_mes', 'mes_example', 'personality'].some((k) => typeof value[k] === 'string');
  if (typeof value['name'] === 'string' && v1) {
    return { format: 'chara_card_v1', persona: fromCardData(value) };
  }
  return null;
}

/** The card fields of a twin: what it uses, and what it kept from the file it came from. */
function cardData(twin: Twin): JsonObject {
  const { [CARD_KEY]: kept, ...others } = twin.extensions ?? {};
  return {
    ...DEFAULTS,
    ...(isObject(kept) ? kept : {}),
    name: twin.name,
    description: twin.persona.prompt,
    personality: '',
    scenario: twin.persona.scenario ?? '',
    first_mes: twin.persona.greeting ?? '',
    mes_example: renderMesExample(twin.persona.examples),
    creator_notes: twin.description,
    system_prompt: '',
    tags: twin.tags ?? [],
    extensions: others,
  };
}

export function toCardV2(twin: Twin): JsonObject {
  const { group_only_greetings: groupOnly, ...data } = cardData(twin);
  // V3-only fields with something in them are kept in a V2 card too (re-importing keeps them).
  const v3 = Array.isArray(groupOnly) && groupOnly.length > 0 ? { group_only_greetings: groupOnly } : {};
  return { spec: 'chara_card_v2', spec_version: '2.0', data: { ...data, ...v3 } };
}

export function toCardV3(twin: Twin): JsonObject {
  return { spec: 'chara_card_v3', spec_version: '3.0', data: cardData(twin) };
}
