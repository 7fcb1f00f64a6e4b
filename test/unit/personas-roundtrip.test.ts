/**
 * Every format of api/twins.md over real-shaped files: what the twin takes from each, and that
 * import → export → import gives back the same name, prompt, greeting, examples, tags and
 * extensions (unknown `extensions` keys and unused card fields included), in every export format.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draftFromImport } from '../../src/catalog/twin-input.js';
import type { Twin } from '../../src/core/domain.js';
import { EXPORT_FORMATS, exportTwin, importPersonaFile, type ImportedPersona } from '../../src/personas/index.js';
import { pngTexts, readPngChunks } from '../../src/personas/png.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/personas/${name}`, import.meta.url));
const importJson = (name: string) => importPersonaFile({ contentType: 'application/json', bytes: fixture(name) });

function asTwin(p: ImportedPersona, slug = 'imported'): Twin {
  const d = draftFromImport(p, slug);
  return {
    id: '3f2c9a64-7d0e-4c51-9b0a-1e2f3a4b5c6d',
    slug,
    name: d.name,
    description: d.description,
    category: d.category,
    expertise: d.expertise,
    avatarUrl: d.avatarUrl,
    demographic: null,
    persona: { ...d.persona, isRealPerson: false },
    source: 'custom',
    externalId: null,
    ownerCustomerId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
    tags: d.tags,
    extensions: d.extensions,
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
  };
}

const kept = (p: ImportedPersona) => ({
  name: p.name,
  prompt: p.prompt,
  greeting: p.greeting,
  scenario: p.scenario,
  examples: p.examples,
  tags: p.tags,
  extensions: p.extensions,
});

function reimport(twin: Twin, format: (typeof EXPORT_FORMATS)[number], avatar: Buffer | null = null): ImportedPersona {
  const file = exportTwin(twin, format, avatar);
  const result = importPersonaFile({ contentType: file.contentType, bytes: file.body });
  expect(result.personas).toHaveLength(1);
  return result.personas[0]!;
}

const SINGLE = ['ccv2-seraphina.json', 'ccv3-ada.json', 'ccv1-tavern.json', 'eliza-current.json', 'eliza-legacy.json'];

describe('import mapping', () => {
  it('Character Card V2: prompt under headings, greeting, examples split at <START>, unused fields kept', () => {
    const r = importJson('ccv2-seraphina.json');
    expect(r.format).toBe('chara_card_v2');
    const p = r.personas[0]!;
    expect(p.name).toBe('Seraphina');
    expect(p.prompt).toContain('## Description\nSeraphina is a guardian of the Eldoria forest');
    expect(p.prompt).toContain('## Personality\nCaring, protective');
    expect(p.greeting).toMatch(/^\*You wake to the smell of pine/);
    expect(p.scenario).toBe("{{user}} wakes up in Seraphina's glade after being attacked by shadow beasts.");
    expect(p.examples).toEqual([
      'In my glade, deep in Eldoria. Nothing follows you past the old oaks.',
      'Because the forest asked me to. *She smiles.* And because you looked like you needed tea.',
    ]);
    expect(p.description).toBe('A gentle healer card. Works best with first-person roleplay.');
    expect(p.tags).toEqual(['fantasy', 'healer', 'female']);
    expect(p.extensions['chub']).toEqual({ full_path: 'example-creator/seraphina', id: 123456, expressions: null });
    expect(p.extensions['depth_prompt']).toEqual({ prompt: '{{char}} speaks softly.', depth: 4, role: 'system' });
    const card = p.extensions['chara_card'] as Record<string, unknown>;
    expect(Object.keys(card).sort()).toEqual(['alternate_greetings', 'character_book', 'character_version', 'creator', 'post_history_instructions']);
    expect((card['character_book'] as { entries: unknown[] }).entries).toHaveLength(1);
  });

  it('Character Card V3: V3 fields (assets, nickname, group_only_greetings, dates) are kept', () => {
    const r = importJson('ccv3-ada.json');
    expect(r.format).toBe('chara_card_v3');
    const p = r.personas[0]!;
    expect(p.prompt).toMatch(/^You are Ada, a data analyst/);
    expect(p.examples).toEqual(['Up against what? Show me the denominator.', 'That chart starts its y-axis at 40.']);
    const card = p.extensions['chara_card'] as Record<string, unknown>;
    expect(card['assets']).toHaveLength(2);
    expect(card['nickname']).toBe('Ada');
    expect(card['group_only_greetings']).toEqual(['Ada looks up from her spreadsheet at the group.']);
    expect(card['creation_date']).toBe(1764580000);
    expect(p.extensions['x_unknown_app']).toEqual({ nested: { deeper: [1, 2, { k: 'v' }] } });
  });

  it('Character Card V1: top-level fields, named speaker lines, TavernAI extras kept', () => {
    const p = importJson('ccv1-tavern.json').personas[0]!;
    expect(p.name).toBe('Captain Mara');
    expect(p.examples).toEqual(["Because it's never once been wrong, and I'd like to keep it that way.", 'Now go stow your bag.']);
    expect(p.extensions['chara_card']).toMatchObject({ creatorcomment: expect.any(String), talkativeness: '0.6', fav: true });
  });

  it('elizaOS (current): system and bio become the prompt, the character lines the examples', () => {
    const r = importJson('eliza-current.json');
    expect(r.format).toBe('eliza');
    const p = r.personas[0]!;
    expect(p.prompt).toContain('## System prompt\nRespond to all messages');
    expect(p.prompt).toContain('## Bio\nEliza is a helpful AI assistant');
    expect(p.examples).toEqual(["Of course. What's on your mind?", 'An omelette: it teaches heat, timing and patience in five minutes.']);
    expect(Object.keys(p.extensions['eliza'] as object).sort()).toEqual(['adjectives', 'knowledge', 'plugins', 'postExamples', 'settings', 'style', 'templates', 'topics', 'username']);
  });

  it('elizaOS (legacy): lore joins the prompt, `user` speakers, clients and modelProvider kept', () => {
    const p = importJson('eliza-legacy.json').personas[0]!;
    expect(p.prompt).toContain('## Lore\nClaims to have invented');
    expect(p.examples).toEqual(['Tremendous. The best day. Many people are saying so.']);
    expect(p.extensions['eliza']).toMatchObject({ clients: ['discord', 'twitter'], modelProvider: 'anthropic' });
  });

  it('PluralKit: one twin per member, https avatars as URLs, members without a description skipped', () => {
    const r = importJson('pluralkit.json');
    expect(r.format).toBe('pluralkit');
    expect(r.personas.map((p) => p.name)).toEqual(['Iris Keeper', 'Tom']);
    expect(r.personas[0]!.avatarUrl).toBe('https://cdn.example.com/iris.png');
    expect(r.personas[1]!.avatarUrl).toBeNull(); // http:// is not kept
    expect(r.personas[0]!.prompt).toContain('## Pronouns\nshe/her');
    expect(r.personas[0]!.extensions['pluralkit']).toMatchObject({ id: 'aaaaa', proxy_tags: [{ prefix: 'i:', suffix: null }] });
    expect(r.skipped).toEqual([{ name: 'Quiet', reason: 'no description' }]);
  });

  it('Tupperbox: one twin per tupper, nameless ones skipped', () => {
    const r = importJson('tupperbox.json');
    expect(r.format).toBe('tupperbox');
    expect(r.personas.map((p) => p.name)).toEqual(['Doctor Quill']);
    expect(r.personas[0]!.avatarUrl).toBe('https://cdn.example.com/quill.png');
    expect(r.skipped).toEqual([{ name: 'member 2', reason: 'no name' }]);
  });

  it('PNG cards (written by another encoder): ccv3 preferred over chara, the image kept as the avatar', () => {
    const v3 = importPersonaFile({ contentType: 'image/png', bytes: fixture('card-v3.png') });
    expect(v3.format).toBe('chara_card_v3');
    expect(v3.personas[0]!.name).toBe('Ada the Analyst');
    const v2 = importPersonaFile({ contentType: 'image/png', bytes: fixture('card-v2.png') });
    expect(v2.format).toBe('chara_card_v2');
    const avatar = v2.personas[0]!.avatar!;
    const chunks = readPngChunks(avatar);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'tIME', 'IDAT', 'IEND']);
    expect(pngTexts(chunks).size).toBe(0);
  });
});

describe('round trip: import → export → import', () => {
  const cases = [...SINGLE.map((f) => ({ file: f, index: 0 })), { file: 'pluralkit.json', index: 0 }, { file: 'tupperbox.json', index: 0 }];
  for (const { file, index } of cases) {
    for (const format of EXPORT_FORMATS) {
      it(`${file} survives ${format}`, () => {
        const first = importJson(file).personas[index]!;
        const twin = asTwin(first);
        const again = reimport(twin, format);
        expect(kept(again)).toEqual(kept(first));
        // And once more: exports of re-imported twins are stable.
        expect(kept(reimport(asTwin(again), format))).toEqual(kept(first));
      });
    }
  }

  it('a PNG export carries both chunks and the stored avatar image', () => {
    const imported = importPersonaFile({ contentType: 'image/png', bytes: fixture('card-v2.png') }).personas[0]!;
    const file = exportTwin(asTwin(imported, 'seraphina'), 'png', imported.avatar);
    expect(file.filename).toBe('seraphina.png');
    const chunks = readPngChunks(file.body);
    const texts = pngTexts(chunks);
    expect(JSON.parse(Buffer.from(texts.get('chara')!, 'base64').toString('utf8'))).toMatchObject({ spec: 'chara_card_v2' });
    expect(JSON.parse(Buffer.from(texts.get('ccv3')!, 'base64').toString('utf8'))).toMatchObject({ spec: 'chara_card_v3', spec_version: '3.0' });
    expect(chunks.find((c) => c.type === 'IDAT')!.data).toEqual(readPngChunks(imported.avatar!).find((c) => c.type === 'IDAT')!.data);
    expect(kept(reimport(asTwin(imported), 'png', imported.avatar))).toEqual(kept(imported));
  });

  it('a twin without an avatar exports a generated card image', () => {
    const twin = asTwin(importJson('ccv3-ada.json').personas[0]!, 'ada');
    const file = exportTwin(twin, 'png', null);
    const ihdr = readPngChunks(file.body)[0]!;
    expect(ihdr.type).toBe('IHDR');
    expect([ihdr.data.readUInt32BE(0), ihdr.data.readUInt32BE(4)]).toEqual([400, 600]);
  });

  it('exports follow the specs: V2 and V3 required fields, elizaOS name/bio/messageExamples', () => {
    const twin = asTwin(importJson('ccv2-seraphina.json').personas[0]!);
    const v2 = JSON.parse(exportTwin(twin, 'ccv2', null).body.toString()) as { data: Record<string, unknown> };
    for (const k of ['name', 'description', 'personality', 'scenario', 'first_mes', 'mes_example', 'creator_notes', 'system_prompt', 'post_history_instructions', 'alternate_greetings', 'tags', 'creator', 'character_version', 'extensions']) {
      expect(v2.data).toHaveProperty(k);
    }
    expect(v2.data['character_book']).toMatchObject({ name: 'Eldoria' });
    const v3 = JSON.parse(exportTwin(twin, 'ccv3', null).body.toString()) as { data: Record<string, unknown> };
    expect(v3.data['group_only_greetings']).toEqual([]);
    const eliza = JSON.parse(exportTwin(twin, 'eliza', null).body.toString()) as Record<string, unknown>;
    expect(eliza['name']).toBe('Seraphina');
    expect(typeof eliza['bio']).toBe('string');
    expect(eliza['messageExamples']).toEqual(twin.persona.examples.map((text) => [{ name: 'Seraphina', content: { text } }]));
  });
});
