import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs, createRedactor } from '../../src/catalog/mind-reasoner/errors.js';
import { categoryOf, mindToRemoteTwin } from '../../src/catalog/mind-reasoner/mapping.js';
import { mindPageSchema, normalizeMind, simulateResponseSchema, wireMindSchema } from '../../src/catalog/mind-reasoner/schemas.js';
import { scenarioMessage, splitWords } from '../../src/model/mind-reasoner.js';
import { fakeMind } from '../fakes/mindreasoner/server.js';

const mind = (wire: unknown) => normalizeMind(wireMindSchema.parse(wire));

describe('mind reasoner wire shapes', () => {
  it('reads the documented mind and its training state', () => {
    const m = mind(fakeMind('m1', 'Ada Lovelace'));
    expect(m).toMatchObject({ id: 'm1', name: 'Ada Lovelace', slug: 'ada-lovelace', trained: true });
    expect(m.imageUrl).toBe('https://example.com/m1.png');
  });

  it('tells untrained from unknown', () => {
    const pending = fakeMind('m2', 'B', {
      digitalTwins: [{ id: 't', mindAssessments: [{ status: 'processing' }] }],
    });
    expect(mind(pending).trained).toBe(false);
    expect(mind({ id: 'm3', name: 'C' }).trained).toBeNull();
    expect(mind({ id: 'm4', name: 'D', digitalTwins: [{ id: 't' }] }).trained).toBeNull();
  });

  it('accepts tags as objects or strings and several description fields', () => {
    const m = mind({ id: 'x', name: 'X', bio: ' Builds rockets. ', tags: [{ id: '1', name: 'Engineer' }, 'space', 'space'] });
    expect(m.description).toBe('Builds rockets.');
    expect(m.labels).toEqual(['Engineer', 'space']);
  });

  it('accepts the list as {minds}, {data} or a bare array, with cursors', () => {
    expect(mindPageSchema.parse([{ id: 'a' }])).toMatchObject({ items: [{ id: 'a' }], hasMore: false });
    expect(mindPageSchema.parse({ data: [] })).toMatchObject({ items: [], hasMore: false });
    expect(mindPageSchema.parse({ minds: [], nextCursor: 'c2' })).toMatchObject({ nextCursor: 'c2', hasMore: true });
    expect(mindPageSchema.parse({ minds: [], pagination: { hasMore: true } })).toMatchObject({ nextCursor: null, hasMore: true });
    expect(mindPageSchema.safeParse({ results: [] }).success).toBe(false);
  });

  it('keeps confidence only when it is a real number', () => {
    expect(simulateResponseSchema.parse({ message: 'hi', confidence: 0.4 }).confidence).toBe(0.4);
    expect(simulateResponseSchema.parse({ message: 'hi', confidence: 'high' }).confidence).toBeNull();
    expect(simulateResponseSchema.parse({ message: 'hi' })).toMatchObject({ confidence: null, analysis: null });
    expect(simulateResponseSchema.safeParse({ confidence: 1 }).success).toBe(false);
  });
});

describe('mind to catalog twin', () => {
  it('uses a known category and keeps other labels as expertise', () => {
    expect(categoryOf(['leader', 'scientist'])).toBe('Scientist');
    expect(categoryOf(['leader'])).toBe('Expert');
    const twin = mindToRemoteTwin(mind({ id: 'm', name: 'Grace', description: 'Compiler pioneer.', tags: ['Engineer', 'COBOL'], expertise: ['compilers'] }));
    expect(twin).toMatchObject({ externalId: 'm', category: 'Engineer', expertise: ['compilers', 'COBOL'], description: 'Compiler pioneer.' });
    expect(twin.personaPrompt).toContain('AI persona of Grace');
    expect(twin.personaPrompt).toContain('Compiler pioneer.');
  });

  it('writes a plain description and drops non-http avatars when the mind has neither', () => {
    const twin = mindToRemoteTwin(mind({ id: 'm', name: 'Sam', imageUrl: 'javascript:alert(1)' }));
    expect(twin.description).toContain("Sam's own conversations");
    expect(twin.avatarUrl).toBeNull();
    expect(twin.category).toBe('Expert');
    expect((twin.personaPrompt ?? '').length).toBeGreaterThan(40);
  });
});

describe('helpers', () => {
  it('parses Retry-After as seconds, a date, a body field or a reset time', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs('7', null, null, now)).toBe(7000);
    expect(parseRetryAfterMs('Wed, 01 Jan 2025 00:00:03 GMT', null, null, now)).toBe(3000);
    expect(parseRetryAfterMs(null, 2, null, now)).toBe(2000);
    expect(parseRetryAfterMs(null, null, String(now / 1000 + 5), now)).toBe(5000);
    expect(parseRetryAfterMs(null, null, null, now)).toBeUndefined();
  });

  it('redacts the key and bearer tokens', () => {
    const redact = createRedactor('sekrit');
    expect(redact('key sekrit and Authorization: Bearer abc.def')).toBe('key [redacted] and Authorization: Bearer [redacted]');
  });

  it('splits on word boundaries without losing characters', () => {
    const text = 'One two  three\nfour five six seven.';
    const chunks = splitWords(text, 2);
    expect(chunks.join('')).toBe(text);
    expect(chunks).toHaveLength(4);
    expect(splitWords('', 3)).toEqual([]);
  });

  it('quotes earlier turns ahead of the new message, within a budget', () => {
    const messages = [
      { role: 'user' as const, content: 'first question' },
      { role: 'assistant' as const, content: [{ type: 'text' as const, text: 'first answer' }] },
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'part one' }, { type: 'text' as const, text: 'part two' }] },
    ];
    expect(scenarioMessage(messages, 'Ada', 6, 1000)).toBe(
      'Conversation so far:\nUser: first question\nAda: first answer\n\nNew message:\npart one\npart two',
    );
    expect(scenarioMessage(messages, 'Ada', 6, 20)).toBe('Conversation so far:\nAda: first answer\n\nNew message:\npart one\npart two');
    expect(scenarioMessage(messages, 'Ada', 0, 1000)).toBe('part one\npart two');
    expect(scenarioMessage([{ role: 'assistant', content: 'x' }], 'Ada', 6, 1000)).toBeNull();
  });
});
