/** Roundtable turn prompts: roles, labels, the instruction, and windowing within the token budget. */
import { describe, expect, it } from 'vitest';
import type { StoredMessage, Twin } from '../../src/core/domain.js';
import type { ModelMessage } from '../../src/core/model.js';
import { buildTurnPrompt } from '../../src/roundtable/prompt.js';
import type { Participant, TranscriptEntry } from '../../src/roundtable/types.js';
import { estimateTokens, windowTranscript } from '../../src/roundtable/window.js';

const at = '2026-12-01T10:00:00.000Z';
function twin(id: string, name: string): Twin {
  return {
    id,
    slug: name.toLowerCase().replace(/\s+/g, '-'),
    name,
    description: 'd',
    category: 'Advisor',
    expertise: [],
    avatarUrl: null,
    demographic: null,
    persona: { prompt: `You are ${name}, a persona used in tests with a long enough prompt.`, examples: ['one', 'two'], isRealPerson: false },
    source: 'bundled',
    externalId: null,
    ownerCustomerId: null,
    createdAt: at,
    updatedAt: at,
  };
}
const steve = twin('t-steve', 'Steve Jobs');
const paul = twin('t-paul', 'Paul Graham');
const parts: Participant[] = [steve, paul].map((t) => ({ twinId: t.id, slug: t.slug, name: t.name }));
const turn = (t: Twin, content: string, n: number): TranscriptEntry => ({ kind: 'turn', turn: n, twinId: t.id, name: t.name, content });
const texts = (m: ModelMessage) => (Array.isArray(m.content) ? m.content.map((b) => (b.type === 'text' ? b.text : '')) : [m.content]);
const msg = (seq: number, role: 'user' | 'assistant', content: string, extra: Partial<StoredMessage> = {}): StoredMessage => ({
  id: `m${seq}`,
  channelId: 'c',
  threadId: null,
  role,
  authorId: 'u',
  authorName: role === 'user' ? 'Ana' : 'Paul Graham',
  twinId: role === 'assistant' ? paul.id : null,
  content,
  jobId: null,
  meta: {},
  createdAt: at,
  seq,
  ...extra,
});

const base = { platform: 'api', topic: 'Build billing?', participants: parts, turn: 3, maxTurns: 6, budgetTokens: 10_000 };

describe('buildTurnPrompt', () => {
  it("the twin's own turns are assistant turns; others are user turns labelled by name; then the instruction", () => {
    const { system, messages } = buildTurnPrompt({
      ...base,
      twin: steve,
      history: [msg(1, 'user', 'earlier question')],
      transcript: [turn(steve, 'Own it.', 1), { kind: 'person', author: 'Ana', content: 'Why?' }, turn(paul, 'Steve, no.', 2)],
    });
    expect(system).toContain('You are Steve Jobs');
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(texts(messages[0]!)).toEqual(['[Ana] earlier question', '[Roundtable topic] Build billing?']);
    expect(texts(messages[1]!)).toEqual(['Own it.']);
    const last = texts(messages[2]!);
    expect(last.slice(0, 2)).toEqual(['[Ana] Why?', '[Paul Graham (twin)] Steve, no.']);
    expect(last[2]).toMatch(/roundtable discussion on "Build billing\?" among Steve Jobs, Paul Graham/);
    expect(last[2]).toContain('It is your turn, Steve Jobs (turn 3 of 6)');
    expect(last[2]).toMatch(/address others by name/);
  });
  it("from the other twin's side the roles swap", () => {
    const { messages } = buildTurnPrompt({ ...base, twin: paul, history: [], transcript: [turn(steve, 'Own it.', 1), turn(paul, 'No.', 2)] });
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(texts(messages[0]!)).toEqual(['[Roundtable topic] Build billing?', '[Steve Jobs (twin)] Own it.']);
    expect(texts(messages[1]!)).toEqual(['No.']);
  });
  it('history of another twin is labelled as a twin; own history is assistant', () => {
    const { messages } = buildTurnPrompt({ ...base, twin: paul, history: [msg(1, 'assistant', 'old me')], transcript: [] });
    expect(messages[0]!.role).toBe('user');
    expect(messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'old me' }] });
  });
  it('windows a long transcript: newest turns whole, the oldest summarised, history dropped first', () => {
    const long = 'x'.repeat(400);
    const transcript = Array.from({ length: 20 }, (_, i) => turn(i % 2 ? paul : steve, `${i}:${long}`, i + 1));
    const budget = 5 * (estimateTokens(transcript[0]!.content) + 6);
    const { messages } = buildTurnPrompt({ ...base, twin: steve, budgetTokens: budget, history: [msg(1, 'user', 'old history')], transcript });
    const all = messages.flatMap(texts).join('\n');
    expect(all).not.toContain('old history');
    expect(all).toContain('15 earlier contributions are not shown: Steve Jobs spoke 8 times, Paul Graham spoke 7 times.');
    expect(all).toContain(`19:${long}`);
    expect(all).toContain(`15:${long}`);
    expect(all).not.toContain(`14:${long}`);
  });
});

describe('windowTranscript', () => {
  it('keeps everything within budget, and the newest entry even alone over it', () => {
    const t = [turn(steve, 'a', 1), turn(paul, 'b', 2)];
    expect(windowTranscript(t, 1000)).toMatchObject({ omitted: 0, summary: null, kept: t });
    const huge = [turn(steve, 'a', 1), turn(paul, 'y'.repeat(10_000), 2)];
    const w = windowTranscript(huge, 10);
    expect(w.kept).toEqual([huge[1]]);
    expect(w.summary).toBe('(1 earlier contribution is not shown: Steve Jobs spoke once.)');
  });
});
