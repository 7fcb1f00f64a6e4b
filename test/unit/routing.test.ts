/** Routing (DESIGN.md §3): who answers a message, as pure functions over the workspace state. */
import { describe, expect, it } from 'vitest';
import type { ParticipationMode, RoutableTwin } from '../../src/core/domain.js';
import { slugify } from '../../src/core/text.js';
import { effectiveMode, findAddressed, route, wantsAnswer, type RouteInput } from '../../src/routing/index.js';

let clock = 0;
function twin(name: string, mode: ParticipationMode, extra: Partial<RoutableTwin> = {}): RoutableTwin {
  const slug = slugify(name);
  clock += 1;
  return {
    twinId: `id-${slug}`,
    slug,
    name,
    isFavorite: false,
    mode,
    channelMode: null,
    addedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, clock)).toISOString(),
    ...extra,
  };
}

const DEFAULT = { twinId: null, slug: 'assistant', name: 'Assistant' };

function input(text: string, twins: RoutableTwin[], extra: Partial<RouteInput> = {}): RouteInput {
  return { text, explicit: null, twins, maxActive: 1, maxTwins: null, defaultTwin: DEFAULT, ...extra };
}
const who = (entries: { slug: string }[]) => entries.map((e) => e.slug);

describe('effectiveMode', () => {
  it('is the channel override when there is one, else the workspace mode', () => {
    expect(effectiveMode(twin('A B', 'active'))).toBe('active');
    expect(effectiveMode(twin('A B', 'active', { channelMode: 'observer' }))).toBe('observer');
    expect(effectiveMode(twin('A B', 'observer', { channelMode: 'on-demand' }))).toBe('on-demand');
  });
});

describe('rule 1: explicit', () => {
  it('wins over everything, whatever the modes', () => {
    const steve = twin('Steve Jobs', 'active', { isFavorite: true });
    const paul = twin('Paul Graham', 'on-demand');
    const entries = route(
      input('@paul-graham what do you think?', [steve, paul], {
        explicit: { twinId: 'id-elon', slug: 'elon-musk', name: 'Elon Musk', ref: 'Elon' },
      }),
    );
    expect(entries).toEqual([{ twinId: 'id-elon', slug: 'elon-musk', name: 'Elon Musk', rule: 'explicit', reason: expect.stringContaining('"Elon"') }]);
  });
});

describe('rule 2: addressed', () => {
  const steve = twin('Steve Jobs', 'active');
  const paul = twin('Paul Graham', 'on-demand');
  const ada = twin('Ada Lovelace', 'observer');
  const elon = twin('Elon Musk', 'active');
  const all = [steve, paul, ada, elon];

  it('finds @slug anywhere in the text, in order of appearance', () => {
    expect(who(findAddressed('what do @elon-musk and @paul-graham think?', all))).toEqual(['elon-musk', 'paul-graham']);
    expect(who(findAddressed('(@paul-graham) hi', all))).toEqual(['paul-graham']);
    expect(who(findAddressed('HEY @PAUL-GRAHAM', all))).toEqual(['paul-graham']);
  });

  it('does not match a slug inside a longer word, an e-mail or a longer slug', () => {
    expect(findAddressed('mail me at me@paul-graham.com', all)).toEqual([]);
    expect(findAddressed('@paul-grahamx hi', all)).toEqual([]);
    expect(findAddressed('@paul-graham-fan club', all)).toEqual([]);
    expect(findAddressed('@paul', all)).toEqual([]);
  });

  it('finds the full name as the first words, case- and accent-insensitively', () => {
    expect(who(findAddressed('Paul Graham, should I raise?', all))).toEqual(['paul-graham']);
    expect(who(findAddressed('paul graham should I raise?', all))).toEqual(['paul-graham']);
    expect(who(findAddressed('@Paul Graham should I raise?', all))).toEqual(['paul-graham']);
    const zoe = twin('Zoë Émile', 'on-demand');
    expect(who(findAddressed('zoe emile: hello', [zoe]))).toEqual(['zoe-emile']);
    // Not when the name is not at the start, or only a prefix of a word.
    expect(findAddressed('I read Paul Graham yesterday', all)).toEqual([]);
    expect(findAddressed('Paul Grahamish essays', all)).toEqual([]);
  });

  it('accepts a unique first name followed by a comma or colon', () => {
    expect(who(findAddressed('Paul, should I raise?', all))).toEqual(['paul-graham']);
    expect(who(findAddressed('paul: should I raise?', all))).toEqual(['paul-graham']);
    expect(findAddressed('Paul should I raise?', all)).toEqual([]);
    const paulKlee = twin('Paul Klee', 'active');
    expect(findAddressed('Paul, should I raise?', [...all, paulKlee])).toEqual([]);
  });

  it('never addresses an observer, also not in a channel that made it one', () => {
    expect(findAddressed('@ada-lovelace what is an algorithm?', all)).toEqual([]);
    expect(findAddressed('Ada Lovelace, what is an algorithm?', all)).toEqual([]);
    const silenced = twin('Grace Hopper', 'active', { channelMode: 'observer' });
    expect(findAddressed('@grace-hopper hi', [silenced])).toEqual([]);
    const unmuted = twin('Marie Curie', 'observer', { channelMode: 'on-demand' });
    expect(who(findAddressed('@marie-curie hi', [unmuted]))).toEqual(['marie-curie']);
  });

  it('routes to the addressed twins (on-demand and active), capped only by maxTwins', () => {
    const entries = route(input('@paul-graham and @elon-musk: thoughts?', all));
    expect(who(entries)).toEqual(['paul-graham', 'elon-musk']);
    expect(entries.every((e) => e.rule === 'addressed')).toBe(true);
    expect(entries[0]!.reason).toContain('on-demand');
    expect(who(route(input('@paul-graham and @elon-musk: thoughts?', all, { maxTwins: 1 })))).toEqual(['paul-graham']);
  });

  it('falls through to the active twins when only an observer was addressed', () => {
    const entries = route(input('@ada-lovelace hi', all));
    expect(entries[0]!.rule).toBe('active');
  });
});

describe('rule 3: active', () => {
  it('picks active twins, favorites first then the most recently added, capped per channel', () => {
    const oldFav = twin('Old Fav', 'active', { isFavorite: true });
    const old = twin('Old One', 'active');
    const newer = twin('Newer One', 'active');
    const newest = twin('Newest One', 'active');
    const onDemand = twin('On Demand', 'on-demand', { isFavorite: true });
    const observer = twin('Observer One', 'observer', { isFavorite: true });
    const twins = [old, oldFav, newest, onDemand, observer, newer];
    expect(who(route(input('hello', twins, { maxActive: 1 })))).toEqual(['old-fav']);
    expect(who(route(input('hello', twins, { maxActive: 3 })))).toEqual(['old-fav', 'newest-one', 'newer-one']);
    expect(who(route(input('hello', twins, { maxActive: 10 })))).toEqual(['old-fav', 'newest-one', 'newer-one', 'old-one']);
    expect(who(route(input('hello', twins, { maxActive: 10, maxTwins: 2 })))).toEqual(['old-fav', 'newest-one']);
    const entries = route(input('hello', twins, { maxActive: 2 }));
    expect(entries.every((e) => e.rule === 'active')).toBe(true);
    expect(entries[0]!.reason).toContain('favorite');
  });

  it('never lets on-demand or observer twins answer unaddressed', () => {
    const twins = [twin('On Demand', 'on-demand', { isFavorite: true }), twin('Watcher', 'observer', { isFavorite: true })];
    const entries = route(input('hello everyone', twins, { maxActive: 5 }));
    expect(entries).toEqual([{ ...DEFAULT, rule: 'default', reason: expect.stringContaining('1 observing') }]);
  });

  it('applies per-channel overrides both ways', () => {
    const quiet = twin('Quiet Here', 'active', { isFavorite: true, channelMode: 'observer' });
    const loud = twin('Loud Here', 'on-demand', { channelMode: 'active' });
    const entries = route(input('hello', [quiet, loud], { maxActive: 5 }));
    expect(who(entries)).toEqual(['loud-here']);
    expect(entries[0]!.reason).toContain('in this channel');
  });
});

describe('rule 4: default', () => {
  it('answers with the default personality when the workspace is empty', () => {
    const entries = route(input('hello', []));
    expect(entries).toEqual([{ twinId: null, slug: 'assistant', name: 'Assistant', rule: 'default', reason: expect.stringContaining('no twins') }]);
  });

  it('uses a catalog twin as the default when one is configured', () => {
    const entries = route(input('hello', [twin('Only Watching', 'observer')], { defaultTwin: { twinId: 'id-x', slug: 'x', name: 'X' } }));
    expect(entries).toMatchObject([{ twinId: 'id-x', slug: 'x', rule: 'default' }]);
  });
});

describe('wantsAnswer', () => {
  const onDemand = twin('Paul Graham', 'on-demand');
  const watcher = twin('Ada Lovelace', 'observer');
  it('is true when the bot was mentioned, a twin addressed, or any twin active', () => {
    expect(wantsAnswer('hello', [onDemand, watcher], true)).toBe(true);
    expect(wantsAnswer('@paul-graham hello', [onDemand, watcher], false)).toBe(true);
    expect(wantsAnswer('hello', [onDemand, twin('Active One', 'active')], false)).toBe(true);
  });
  it('is false for chatter among on-demand and observer twins', () => {
    expect(wantsAnswer('hello', [onDemand, watcher], false)).toBe(false);
    expect(wantsAnswer('@ada-lovelace hello', [onDemand, watcher], false)).toBe(false);
    expect(wantsAnswer('hello', [], false)).toBe(false);
  });
});
