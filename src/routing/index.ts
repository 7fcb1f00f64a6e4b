/**
 * Who answers a message: pure functions over the workspace state (DESIGN.md §3). The first rule
 * that yields someone wins; every answer carries the reason it was chosen.
 */
import type { ParticipationMode, RoutableTwin } from '../core/domain.js';
import type { RoutingEntry } from '../core/messages.js';
import { normalizeKey } from '../core/text.js';

export function effectiveMode(t: RoutableTwin): ParticipationMode {
  return t.channelMode ?? t.mode;
}

const canSpeak = (t: RoutableTwin) => effectiveMode(t) !== 'observer';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Twins addressed in the text: `@slug` anywhere, or the twin's full name as the first words
 * ("Paul Graham, what…"), or its first name alone when followed by a comma or colon and no other
 * twin here shares it. Observers are never addressed. Order: as they appear in the text.
 */
export function findAddressed(text: string, twins: RoutableTwin[]): RoutableTwin[] {
  const found = new Map<string, { twin: RoutableTwin; at: number }>();
  const lower = text.toLowerCase();
  for (const t of twins) {
    const m = new RegExp(`(^|[^\\w-])@${escapeRe(t.slug)}(?![\\w-])`).exec(lower);
    if (m) found.set(t.twinId, { twin: t, at: m.index });
  }
  const head = normalizeKey(text);
  const firstNames = new Map<string, number>();
  for (const t of twins) {
    const first = normalizeKey(t.name).split(' ')[0] ?? '';
    firstNames.set(first, (firstNames.get(first) ?? 0) + 1);
  }
  for (const t of twins) {
    if (found.has(t.twinId)) continue;
    const name = normalizeKey(t.name);
    const first = name.split(' ')[0] ?? '';
    const full = new RegExp(`^@?${escapeRe(name)}(?![\\w])`).test(head);
    const short = firstNames.get(first) === 1 && first.length > 1 && new RegExp(`^@?${escapeRe(first)}\\s*[,:]`).test(head);
    if (full || short) found.set(t.twinId, { twin: t, at: 0 });
  }
  return [...found.values()]
    .filter((f) => canSpeak(f.twin))
    .sort((a, b) => a.at - b.at)
    .map((f) => f.twin);
}

export interface RouteInput {
  text: string;
  /** The explicitly requested twin, already resolved against the catalog. */
  explicit: { twinId: string; slug: string; name: string; ref: string } | null;
  twins: RoutableTwin[];
  /** Cap for rule 3 (active twins answering unaddressed messages). */
  maxActive: number;
  /** Overall cap (e.g. /ask answers with one twin). */
  maxTwins: number | null;
  defaultTwin: { twinId: string | null; slug: string; name: string };
}

/** The twins that answer, in order, each with the rule and a one-line reason. */
export function route(input: RouteInput): RoutingEntry[] {
  const cap = (entries: RoutingEntry[]) => (input.maxTwins ? entries.slice(0, input.maxTwins) : entries);
  if (input.explicit) {
    const e = input.explicit;
    return [{ twinId: e.twinId, slug: e.slug, name: e.name, rule: 'explicit', reason: `requested explicitly as "${e.ref}"` }];
  }
  const addressed = findAddressed(input.text, input.twins);
  if (addressed.length > 0) {
    return cap(
      addressed.map((t) => ({
        twinId: t.twinId,
        slug: t.slug,
        name: t.name,
        rule: 'addressed' as const,
        reason: `addressed by name in the message (mode ${effectiveMode(t)}${t.channelMode ? ' in this channel' : ''})`,
      })),
    );
  }
  const active = input.twins
    .filter((t) => effectiveMode(t) === 'active')
    .sort((a, b) => Number(b.isFavorite) - Number(a.isFavorite) || b.addedAt.localeCompare(a.addedAt))
    .slice(0, input.maxActive);
  if (active.length > 0) {
    return cap(
      active.map((t) => ({
        twinId: t.twinId,
        slug: t.slug,
        name: t.name,
        rule: 'active' as const,
        reason: `active ${t.channelMode ? 'in this channel' : 'in the workspace'}${t.isFavorite ? ', favorite' : ''}${
          input.maxActive > 0 ? ` (up to ${input.maxActive} per message)` : ''
        }`,
      })),
    );
  }
  const silent = input.twins.filter((t) => !canSpeak(t)).length;
  return [
    {
      twinId: input.defaultTwin.twinId,
      slug: input.defaultTwin.slug,
      name: input.defaultTwin.name,
      rule: 'default',
      reason:
        input.twins.length === 0
          ? 'no twins in this workspace; default assistant'
          : `no active or addressed twin here${silent ? ` (${silent} observing)` : ''}; default assistant`,
    },
  ];
}

/** True when a plain platform message should be queued at all (adapters call this). */
export function wantsAnswer(text: string, twins: RoutableTwin[], mentionedBot: boolean): boolean {
  return mentionedBot || findAddressed(text, twins).length > 0 || twins.some((t) => effectiveMode(t) === 'active');
}
