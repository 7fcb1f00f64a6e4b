/** Roundtable speaker selection (api/roundtables.md "Choosing who speaks next"): pure functions. */
import { describe, expect, it } from 'vitest';
import type { ModelEvent, ModelProvider, ModelRequest } from '../../src/core/model.js';
import { addressedIn } from '../../src/roundtable/address.js';
import { addressed, chooseByModel, moderatorRequest, parseModerator, roundRobin, selectSpeaker } from '../../src/roundtable/select.js';
import { transcriptOf, type Participant, type TranscriptEntry } from '../../src/roundtable/types.js';

const steve: Participant = { twinId: 't-steve', slug: 'steve-jobs', name: 'Steve Jobs' };
const paul: Participant = { twinId: 't-paul', slug: 'paul-graham', name: 'Paul Graham' };
const ada: Participant = { twinId: 't-ada', slug: 'ada-lovelace', name: 'Ada Lovelace' };
const all = [steve, paul, ada];

const turn = (p: Participant, content: string, n = 1): TranscriptEntry => ({ kind: 'turn', turn: n, twinId: p.twinId, name: p.name, content });
const person = (author: string, content: string): TranscriptEntry => ({ kind: 'person', author, content });
const picked = (s: ReturnType<typeof roundRobin>) => (s.kind === 'twin' ? s.twinId : 'nobody');

describe('addressedIn', () => {
  it('finds @slug anywhere, in order of first mention', () => {
    expect(addressedIn('I agree with @paul-graham, but @steve-jobs?', all).map((p) => p.slug)).toEqual(['paul-graham', 'steve-jobs']);
  });
  it('finds a full or first name at the start of a sentence', () => {
    expect(addressedIn('Paul, what do you think?', all)).toEqual([paul]);
    expect(addressedIn('Good point. Ada Lovelace: would you agree?', all)).toEqual([ada]);
    expect(addressedIn('That is wrong!\n"Steve — really?"', all)).toEqual([steve]);
  });
  it('ignores a name mid-sentence or inside another word', () => {
    expect(addressedIn('I think Paul is right.', all)).toEqual([]);
    expect(addressedIn('Paulina disagrees. Steven does too. Adamant, I am.', all)).toEqual([]);
    expect(addressedIn('email me at x@paul-grahamish.com', all)).toEqual([]);
  });
  it('is accent- and case-insensitive', () => {
    const zoe: Participant = { twinId: 't-z', slug: 'zoe-sky', name: 'Zoë Sky' };
    expect(addressedIn('zoe, your turn', [zoe])).toEqual([zoe]);
  });
  it('does not use a first name two participants share', () => {
    const paul2: Participant = { twinId: 't-p2', slug: 'paul-rand', name: 'Paul Rand' };
    expect(addressedIn('Paul, go on.', [paul, paul2])).toEqual([]);
    expect(addressedIn('Paul Rand, go on.', [paul, paul2])).toEqual([paul2]);
  });
});

describe('round_robin', () => {
  it('follows the order of twins, over and over, starting with the first', () => {
    const seen: string[] = [];
    const transcript: TranscriptEntry[] = [];
    for (let i = 0; i < 6; i++) {
      const s = roundRobin(all, transcript);
      expect(s.reason).toBe('round robin');
      const p = all.find((x) => x.twinId === picked(s))!;
      seen.push(p.slug);
      transcript.push(turn(p, 'something'));
    }
    expect(seen).toEqual(['steve-jobs', 'paul-graham', 'ada-lovelace', 'steve-jobs', 'paul-graham', 'ada-lovelace']);
  });
});

describe('addressed', () => {
  it('picks the twin the last turn addressed, with the reason', () => {
    const s = addressed(all, [turn(steve, 'Well. Ada, you built the first program; tell them.')]);
    expect(s).toEqual({ kind: 'twin', twinId: ada.twinId, reason: 'addressed by Steve Jobs' });
  });
  it("a person's message after the last turn wins over the turn's address", () => {
    const s = addressed(all, [turn(steve, 'Ada, go on.'), person('Ana', '@paul-graham what about fundraising?')]);
    expect(s).toEqual({ kind: 'twin', twinId: paul.twinId, reason: 'addressed by Ana' });
  });
  it('never picks the last speaker, even when addressed', () => {
    const s = addressed(all, [turn(paul, 'x'), turn(steve, 'y'), person('Ana', 'Steve, say more.')]);
    expect(picked(s)).not.toBe(steve.twinId);
    expect(s).toEqual({ kind: 'twin', twinId: paul.twinId, reason: 'round robin' });
  });
  it('falls back to round robin when nobody is addressed', () => {
    expect(addressed(all, [turn(paul, 'I think Steve is right.')])).toEqual({ kind: 'twin', twinId: ada.twinId, reason: 'round robin' });
    expect(selectSpeaker('addressed', all, [])).toEqual({ kind: 'twin', twinId: steve.twinId, reason: 'round robin' });
  });
  it('only looks at what was said since the last turn', () => {
    const s = addressed(all, [person('Ana', 'Ada, start.'), turn(ada, 'Happy to.'), turn(steve, 'Indeed.')]);
    expect(s.reason).toBe('round robin');
  });
});

describe('model (moderator)', () => {
  it('asks with the candidates minus the last speaker, and a schema', () => {
    const req = moderatorRequest({ topic: 'billing', participants: all, transcript: [turn(steve, 'Build it.')] });
    const schema = req.outputSchema!.schema as { properties: { next: { enum: string[] } } };
    expect(schema.properties.next.enum).toEqual(['paul-graham', 'ada-lovelace', 'nobody']);
    expect(JSON.stringify(req.messages)).toContain('[Steve Jobs (twin)] Build it.');
    expect(req.maxTokens).toBeLessThanOrEqual(200);
  });
  it('validates the answer: a twin, nobody, or round robin on anything else', () => {
    const t = [turn(steve, 'Build it.')];
    expect(parseModerator('{"next":"ada-lovelace","reason":"she has not spoken"}', all, t)).toEqual({
      kind: 'twin',
      twinId: ada.twinId,
      reason: 'chosen by the moderator: she has not spoken',
    });
    expect(parseModerator('Sure! {"next": "nobody", "reason": "all said"}', all, t)).toEqual({ kind: 'nobody', reason: 'the moderator: all said' });
    for (const bad of ['not json', '{"next": 3}', '{"next":"steve-jobs","reason":"again"}', '{"next":"elvis","reason":""}', '{broken']) {
      expect(parseModerator(bad, all, t)).toEqual({ kind: 'twin', twinId: paul.twinId, reason: 'round robin (the moderator named no twin)' });
    }
  });
  it('goes through the model provider port; a failing call falls back to round robin', async () => {
    const seen: ModelRequest[] = [];
    const provider = (text: string | Error): ModelProvider => ({
      name: 'scripted',
      supportsStructuredOutput: true,
      async *stream(req: ModelRequest): AsyncGenerator<ModelEvent> {
        seen.push(req);
        if (text instanceof Error) throw text;
        yield { type: 'text_delta', text };
      },
    });
    const input = { topic: 't', participants: all, transcript: [turn(steve, 'x')] };
    expect(await chooseByModel(input, provider('{"next":"paul-graham","reason":"money"}'))).toMatchObject({ twinId: paul.twinId });
    expect(seen[0]!.outputSchema).toBeDefined();
    expect(await chooseByModel(input, provider(new Error('down')))).toEqual({
      kind: 'twin',
      twinId: paul.twinId,
      reason: 'round robin (the moderator could not be asked)',
    });
  });
});

describe('transcriptOf', () => {
  it('orders finished turns with people between them; unfinished turns are left out', () => {
    const at = '2026-12-01T10:00:00.000Z';
    const t = transcriptOf(
      [
        { turn: 2, twinId: paul.twinId, name: paul.name, reply: 'B', reason: 'r', startedAt: at, finishedAt: at },
        { turn: 1, twinId: steve.twinId, name: steve.name, reply: 'A', reason: 'r', startedAt: at, finishedAt: at },
        { turn: 3, twinId: ada.twinId, name: ada.name, reply: null, reason: 'r', startedAt: at, finishedAt: null },
      ],
      [
        { id: 'm1', authorId: 'u', author: 'Ana', content: 'during 2', afterTurn: 2, at },
        { id: 'm0', authorId: 'u', author: 'Ana', content: 'during 1', afterTurn: 1, at },
      ],
    );
    expect(t.map((e) => e.content)).toEqual(['A', 'during 1', 'B', 'during 2']);
  });
});
