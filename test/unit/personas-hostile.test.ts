/**
 * Imported files are hostile: every bad file is a 400 IMPORT_INVALID with the reason, never a
 * crash, and a property test holds that for random bytes and mutated valid cards.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { importPersonaFile } from '../../src/personas/index.js';
import { crc32, readPngChunks, textChunk, writePng, type PngChunk } from '../../src/personas/png.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/personas/${name}`, import.meta.url));
const CARD = JSON.parse(fixture('ccv2-seraphina.json').toString()) as { data: Record<string, unknown> };
const PNG = fixture('card-v2.png');

function reason(contentType: string, bytes: Buffer): string {
  try {
    importPersonaFile({ contentType, bytes });
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('IMPORT_INVALID');
    expect((err as AppError).status).toBe(400);
    return (err as AppError).message;
  }
  throw new Error('imported a hostile file');
}

const json = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const withData = (patch: Record<string, unknown>) => json({ ...CARD, data: { ...CARD.data, ...patch } });
const pngWith = (chunks: PngChunk[]) => {
  const original = readPngChunks(PNG).filter((c) => c.type !== 'tEXt');
  return writePng([...original.slice(0, -1), ...chunks, original[original.length - 1]!]);
};

describe('hostile files → IMPORT_INVALID with the reason', () => {
  it('a file over 8 MB, before it is parsed', () => {
    expect(reason('application/json', Buffer.alloc(8 * 1024 * 1024 + 1, 0x20))).toMatch(/over 8 MB/);
  });

  it('a PNG chunk with a wrong CRC', () => {
    const bad = Buffer.from(PNG);
    bad[43] = bad[43]! ^ 0xff; // a data byte of the chunk after IHDR
    expect(reason('image/png', bad)).toMatch(/wrong CRC/);
  });

  it('a truncated chunk', () => {
    expect(reason('image/png', PNG.subarray(0, PNG.length - 200))).toMatch(/truncated/);
  });

  it('a chunk declaring 100 MB', () => {
    const bad = Buffer.from(PNG);
    bad.writeUInt32BE(100 * 1024 * 1024, 8 + 25); // the chunk after IHDR
    expect(reason('image/png', bad)).toMatch(/declares 104857600 bytes/);
  });

  it('a compressed chunk that inflates past the limit (zip bomb)', () => {
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x41));
    const ztxt: PngChunk = { type: 'zTXt', data: Buffer.concat([Buffer.from('chara\0'), Buffer.from([0]), bomb]) };
    expect(bomb.length).toBeLessThan(200_000);
    expect(reason('image/png', pngWith([ztxt]))).toMatch(/inflates beyond/);
  });

  it('broken base64 in the card chunk', () => {
    expect(reason('image/png', pngWith([textChunk('chara', 'eyJuYW1lIjo!!!not-base64')]))).toMatch(/not valid base64/);
  });

  it('a PNG without a card chunk', () => {
    expect(reason('image/png', pngWith([]))).toMatch(/no character card/);
  });

  it('broken JSON in a card chunk', () => {
    expect(reason('image/png', pngWith([textChunk('chara', Buffer.from('{"spec": "chara_card_v2", ').toString('base64'))]))).toMatch(/not valid JSON/);
  });

  it('deeply nested JSON', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(reason('application/json', json(`{"name":"x","bio":"y","k":${deep}}`))).toMatch(/deeper than 64/);
  });

  it('__proto__ keys', () => {
    expect(reason('application/json', json('{"spec":"chara_card_v2","data":{"name":"X","description":"d","__proto__":{"polluted":true}}}'))).toMatch(/__proto__/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('control characters', () => {
    expect(reason('application/json', withData({ name: 'Sera\u0000phina' }))).toMatch(/control characters/);
    expect(reason('application/json', withData({ first_mes: 'hi\u001b[31m' }))).toMatch(/first_mes contains control characters/);
  });

  it('prompt text over the limit', () => {
    expect(reason('application/json', withData({ description: 'x'.repeat(20_001), personality: '' }))).toMatch(/over the limit of 20000/);
  });

  it('not a persona format, a list, more than 200 members, invalid UTF-8', () => {
    expect(reason('application/json', json({ hello: 'world' }))).toMatch(/not a recognised persona format/);
    expect(reason('application/json', json([1, 2]))).toMatch(/JSON list/);
    const members = Array.from({ length: 201 }, (_, i) => ({ name: `m${i}`, description: 'd' }));
    expect(reason('application/json', json({ version: 2, members }))).toMatch(/201 members, over the limit of 200/);
    expect(reason('application/json', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toMatch(/not UTF-8/);
  });

  it('our CRC-32 agrees with the check value of the standard', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

function onlyCodedErrors(contentType: string, bytes: Buffer): void {
  try {
    importPersonaFile({ contentType, bytes });
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'IMPORT_INVALID') throw err;
  }
}

describe('fuzz: nothing but IMPORT_INVALID, whatever the bytes', () => {
  it('random bytes, as JSON and as PNG', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom('application/json', 'image/png'), (bytes, type) => {
        onlyCodedErrors(type, Buffer.from(bytes));
        onlyCodedErrors(type, Buffer.concat([PNG.subarray(0, 8), Buffer.from(bytes)]));
      }),
      { numRuns: 300 },
    );
  });

  it('valid cards with bytes flipped, cut or inserted', () => {
    const json = fixture('ccv2-seraphina.json');
    fc.assert(
      fc.property(
        fc.constantFrom(PNG, json),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (base, flips, cut) => {
          const b = Buffer.from(base);
          for (const [at, v] of flips) b[at % b.length] = v;
          onlyCodedErrors(base === PNG ? 'image/png' : 'application/json', b);
          onlyCodedErrors('image/png', b.subarray(0, cut % b.length));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('mutated card JSON values (any JSON in any field)', () => {
    const keys = Object.keys(CARD.data);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 4 }), (key, value) => {
        onlyCodedErrors('application/json', withData({ [key]: value }));
        const chunk = textChunk('chara', withData({ [key]: value }).toString('base64'));
        onlyCodedErrors('image/png', pngWith([chunk]));
      }),
      { numRuns: 200 },
    );
  });
});
