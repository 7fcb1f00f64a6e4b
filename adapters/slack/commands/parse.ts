/**
 * `/twin …` text → a command. Pure: resolving twin names against the catalog happens later, so
 * twin references stay as the words the user typed (names may have several words).
 */
import type { ParticipationMode } from '../../../src/core/domain.js';

/** Where a mode applies: the whole workspace, or one channel (`null` = the current one). */
export type ModeScope = { kind: 'workspace' } | { kind: 'channel'; channelId: string | null };

export type TwinCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'why' }
  | { kind: 'browse'; query: string | null }
  | { kind: 'add'; ref: string; mode: ParticipationMode | null; favorite: boolean }
  | { kind: 'remove'; ref: string }
  /** `mode: null` clears a channel override. */
  | { kind: 'mode'; ref: string; mode: ParticipationMode | null; scope: ModeScope }
  /** `value: null` toggles. */
  | { kind: 'favorite'; ref: string; value: boolean | null }
  | { kind: 'ask'; splits: { ref: string; message: string }[] }
  /** `twins: null` = the workspace's defaults; `turns: null` = the default budget. */
  | { kind: 'discuss'; topic: string; twins: string[] | null; turns: number | null }
  | { kind: 'stop' }
  | { kind: 'create' }
  | { kind: 'usage'; message: string };

export const USAGE: Record<string, string> = {
  browse: '/twin browse [category or search]',
  add: '/twin add <twin> [active|observer|on-demand] [favorite]',
  remove: '/twin remove <twin>',
  mode: '/twin mode <twin> <active|observer|on-demand|default> [channel]',
  favorite: '/twin favorite <twin>',
  list: '/twin list',
  ask: '/twin ask <twin> <message>',
  why: '/twin why',
  discuss: '/twin discuss <topic> [with <name>, <name>…] [turns <n>]',
  stop: '/twin stop',
  create: '/twin create',
  help: '/twin help',
};

const MODE_WORDS: Record<string, ParticipationMode> = {
  active: 'active',
  observer: 'observer',
  observe: 'observer',
  'on-demand': 'on-demand',
  ondemand: 'on-demand',
  on_demand: 'on-demand',
  demand: 'on-demand',
};
const CLEAR_WORDS = new Set(['default', 'clear', 'reset', 'inherit']);
const FAVORITE_WORDS = new Set(['favorite', 'favourite', 'fav', 'star', '⭐', ':star:']);
const HERE_WORDS = new Set(['channel', 'here', 'this-channel']);
const CHANNEL_REF = /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/;
/** Longest twin name tried when `/twin ask` has no separator (words). */
const MAX_NAME_WORDS = 4;

/**
 * `<topic> [with <name>, <name>…] [turns <n>]`: options trail the topic; the last ` with ` starts
 * the twins (quote the topic when it says "with" itself).
 */
export function parseDiscuss(rest: string): TwinCommand {
  let text = rest.trim();
  let turns: number | null = null;
  const turnsMatch = /(?:^|\s)turns[\s:=]+(\S+)\s*$/i.exec(text);
  if (turnsMatch) {
    turns = /^\d+$/.test(turnsMatch[1]!) ? Number(turnsMatch[1]) : Number.NaN;
    text = text.slice(0, turnsMatch.index).trim();
  }
  let topic = text;
  let twins: string[] | null = null;
  const quoted = /^["“]([^"”]+)["”]\s*(.*)$/s.exec(text);
  const tail = quoted ? quoted[2]! : text;
  const withAt = tail.toLowerCase().lastIndexOf('with ');
  if (withAt !== -1 && (withAt === 0 || /\s/.test(tail[withAt - 1]!))) {
    twins = tail.slice(withAt + 5).split(/,|\band\b|&/).map((s) => unquote(s)).filter(Boolean);
    topic = quoted ? quoted[1]! : tail.slice(0, withAt);
  } else if (quoted) topic = quoted[1]!;
  topic = topic.trim();
  if (!topic) return usage('discuss');
  if (turns !== null && (!Number.isInteger(turns) || turns < 1 || turns > 20)) {
    return { kind: 'usage', message: '`turns` must be a whole number from 1 to 20.' };
  }
  return { kind: 'discuss', topic, twins: twins && twins.length > 0 ? twins : null, turns };
}

/** Slack escapes &, < and > in command text. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function parseMode(word: string | undefined): ParticipationMode | null {
  return word === undefined ? null : (MODE_WORDS[word.toLowerCase()] ?? null);
}

const usage = (name: string): TwinCommand => ({ kind: 'usage', message: `Usage: \`${USAGE[name] ?? USAGE.help}\`` });

function unquote(ref: string): string {
  const m = /^["“”'](.*)["“”']$/.exec(ref.trim());
  return (m?.[1] ?? ref).trim();
}

/** Ways to read `<twin> <message>`: an explicit quote or colon wins, else longest name first. */
export function askSplits(rest: string): { ref: string; message: string }[] {
  const quoted = /^["“]([^"”]+)["”]\s*(.*)$/s.exec(rest);
  if (quoted) return quoted[2] ? [{ ref: quoted[1]!.trim(), message: quoted[2].trim() }] : [];
  const colon = /^([^:\n]{1,80}?):\s*(.+)$/s.exec(rest);
  if (colon && colon[1]!.trim().split(/\s+/).length <= MAX_NAME_WORDS) {
    return [{ ref: colon[1]!.trim(), message: colon[2]!.trim() }];
  }
  const words = rest.split(/\s+/).filter(Boolean);
  const splits: { ref: string; message: string }[] = [];
  for (let n = Math.min(MAX_NAME_WORDS, words.length - 1); n >= 1; n -= 1) {
    // The name sits on the first line; the message keeps its own line breaks.
    const m = new RegExp(`^\\s*((?:\\S+[ \\t]+){${n - 1}}\\S+)\\s+([\\s\\S]+)$`).exec(rest);
    if (m) splits.push({ ref: m[1]!.split(/\s+/).join(' '), message: m[2]!.trim() });
  }
  return splits;
}

export function parseCommand(raw: string): TwinCommand {
  const text = unescapeSlack(raw).trim();
  const [head = '', ...words] = text.split(/\s+/).filter(Boolean);
  const rest = text.slice(head.length).trim();
  switch (head.toLowerCase()) {
    case '':
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'list':
    case 'ls':
      return { kind: 'list' };
    case 'why':
      return { kind: 'why' };
    case 'browse':
    case 'catalog':
    case 'search':
      return { kind: 'browse', query: rest ? rest : null };
    case 'add': {
      let favorite = false;
      let mode: ParticipationMode | null = null;
      // Options trail the name, in any order.
      while (words.length > 1) {
        const last = words[words.length - 1]!.toLowerCase();
        if (FAVORITE_WORDS.has(last) && !favorite) favorite = true;
        else if (parseMode(last) && !mode) mode = parseMode(last);
        else break;
        words.pop();
      }
      const ref = unquote(words.join(' '));
      return ref ? { kind: 'add', ref, mode, favorite } : usage('add');
    }
    case 'remove':
    case 'rm':
    case 'delete': {
      const ref = unquote(rest);
      return ref ? { kind: 'remove', ref } : usage('remove');
    }
    case 'favorite':
    case 'favourite':
    case 'fav':
    case 'unfavorite':
    case 'unfavourite': {
      const ref = unquote(rest);
      if (!ref) return usage('favorite');
      return { kind: 'favorite', ref, value: head.toLowerCase().startsWith('un') ? false : null };
    }
    case 'mode': {
      let scope: ModeScope = { kind: 'workspace' };
      const last = words[words.length - 1] ?? '';
      const channelRef = CHANNEL_REF.exec(last);
      if (channelRef || HERE_WORDS.has(last.toLowerCase())) {
        scope = { kind: 'channel', channelId: channelRef?.[1] ?? null };
        words.pop();
      }
      const modeWord = words.pop()?.toLowerCase();
      const ref = unquote(words.join(' '));
      if (!ref || !modeWord) return usage('mode');
      if (CLEAR_WORDS.has(modeWord)) {
        if (scope.kind === 'workspace') {
          return { kind: 'usage', message: 'Only a channel override can be cleared: `/twin mode <twin> default channel`.' };
        }
        return { kind: 'mode', ref, mode: null, scope };
      }
      const mode = parseMode(modeWord);
      if (!mode) return { kind: 'usage', message: `“${modeWord}” is not a mode. Use active, observer or on-demand.` };
      return { kind: 'mode', ref, mode, scope };
    }
    case 'discuss':
    case 'roundtable':
      return parseDiscuss(rest);
    case 'stop':
      return { kind: 'stop' };
    case 'create':
    case 'new':
      return { kind: 'create' };
    case 'ask': {
      const splits = askSplits(rest);
      return splits.length > 0 ? { kind: 'ask', splits } : usage('ask');
    }
    default:
      return { kind: 'usage', message: `I don't know “${head}”. Try \`/twin help\`.` };
  }
}
