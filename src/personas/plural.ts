/**
 * PluralKit (`{"version", "members": […]}`) and Tupperbox (`{"tuppers": […]}`) exports: one twin
 * per member. Avatars stay URLs (never fetched here); a member that cannot become a twin is
 * skipped with the reason, the others are imported.
 */
import { isAppError } from '../core/errors.js';
import { composePrompt, checkPrompt, httpsUrl, textField } from './text.js';
import { invalid, isObject, LIMITS, rest, type ImportResult, type JsonObject } from './types.js';

type Kind = 'pluralkit' | 'tupperbox';

function member(m: JsonObject, kind: Kind, index: number) {
  const label = typeof m['name'] === 'string' && m['name'].trim() ? m['name'].trim().slice(0, 80) : `member ${index + 1}`;
  const who = `${kind} ${label}`;
  const display = kind === 'pluralkit' ? m['display_name'] : m['nick'];
  const name = (textField(display, 'display name', LIMITS.name, who).trim() || textField(m['name'], 'name', LIMITS.name, who).trim());
  if (!name) return { skipped: { name: label, reason: 'no name' } };
  const description = textField(m['description'], 'description', LIMITS.prompt, who);
  if (!description.trim()) return { skipped: { name, reason: 'no description' } };
  const pronouns = kind === 'pluralkit' ? textField(m['pronouns'], 'pronouns', 100, who) : '';
  const prompt = checkPrompt(
    composePrompt([
      { heading: 'About', text: description },
      { heading: 'Pronouns', text: pronouns },
    ]),
    who,
  );
  const avatar = kind === 'pluralkit' ? (m['webhook_avatar_url'] ?? m['avatar_url']) : m['avatar_url'];
  return {
    persona: {
      name,
      description: null,
      prompt,
      examples: [],
      greeting: null,
      scenario: null,
      tags: [],
      avatarUrl: httpsUrl(avatar),
      avatar: null,
      extensions: { [kind]: rest(m, ['description']) ?? {} },
    },
  };
}

export function parseSystemExport(value: JsonObject): ImportResult | null {
  const kind: Kind | null = Array.isArray(value['members']) && 'version' in value ? 'pluralkit' : Array.isArray(value['tuppers']) ? 'tupperbox' : null;
  if (!kind) return null;
  const list = (kind === 'pluralkit' ? value['members'] : value['tuppers']) as unknown[];
  if (list.length > LIMITS.members) throw invalid(`${kind} export has ${list.length} members, over the limit of ${LIMITS.members}`);
  const result: ImportResult = { format: kind, personas: [], skipped: [] };
  list.forEach((m, i) => {
    if (!isObject(m)) {
      result.skipped.push({ name: `member ${i + 1}`, reason: 'not an object' });
      return;
    }
    try {
      const r = member(m, kind, i);
      if ('skipped' in r && r.skipped) result.skipped.push(r.skipped);
      else if (r.persona) result.personas.push(r.persona);
    } catch (err) {
      if (!isAppError(err)) throw err;
      result.skipped.push({ name: typeof m['name'] === 'string' ? m['name'].slice(0, 80) : `member ${i + 1}`, reason: err.message });
    }
  });
  if (result.personas.length === 0) throw invalid(`${kind} export has no member that can become a twin`);
  return result;
}
