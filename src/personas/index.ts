/**
 * Persona files in and out: Character Card V1/V2/V3 (JSON or PNG), elizaOS characters,
 * PluralKit and Tupperbox exports. Every failure is an AppError('IMPORT_INVALID') with the reason;
 * nothing else is thrown for any input (a property test holds this).
 */
import type { Twin } from '../core/domain.js';
import { isAppError } from '../core/errors.js';
import { generatedCardImage } from './card-image.js';
import { parseCard, toCardV2, toCardV3 } from './character-card.js';
import { fromEliza, looksLikeEliza, toEliza } from './eliza.js';
import { parseSystemExport } from './plural.js';
import { imageOnly, isPng, pngTexts, readPngChunks, textChunk, withTexts } from './png.js';
import { decodeUtf8, parseHostileJson } from './safe-json.js';
import { invalid, isObject, LIMITS, type ImportResult } from './types.js';

export { LIMITS, type ImportedPersona, type ImportResult } from './types.js';

export const EXPORT_FORMATS = ['ccv2', 'ccv3', 'eliza', 'png'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

function fromJson(value: unknown): ImportResult {
  if (Array.isArray(value)) throw invalid('the file is a JSON list, not a persona');
  if (!isObject(value)) throw invalid('the file is not a JSON object');
  const card = parseCard(value);
  if (card) return { format: card.format, personas: [card.persona], skipped: [] };
  const system = parseSystemExport(value);
  if (system) return system;
  if (looksLikeEliza(value)) return { format: 'eliza', personas: [fromEliza(value)], skipped: [] };
  throw invalid('not a recognised persona format (Character Card V1/V2/V3, elizaOS character, PluralKit or Tupperbox export)');
}

function strictBase64(text: string, keyword: string): Buffer {
  const b64 = text.replace(/\s+/g, '');
  if (b64.length === 0 || b64.length % 4 === 1 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
    throw invalid(`PNG ${keyword} chunk is not valid base64`);
  }
  return Buffer.from(b64, 'base64');
}

function fromPng(bytes: Buffer): ImportResult {
  const chunks = readPngChunks(bytes);
  const texts = pngTexts(chunks);
  const keyword = texts.has('ccv3') ? 'ccv3' : texts.has('chara') ? 'chara' : null;
  if (!keyword) throw invalid('PNG has no character card (no tEXt chunk named chara or ccv3)');
  const json = parseHostileJson(decodeUtf8(strictBase64(texts.get(keyword)!, keyword), `the ${keyword} chunk`), `the ${keyword} chunk`);
  const card = parseCard(json);
  if (!card) throw invalid(`the ${keyword} chunk is not a character card`);
  return { format: card.format, personas: [{ ...card.persona, avatar: imageOnly(chunks) }], skipped: [] };
}

/** Parses a persona file; `contentType` is the request's (PNGs are also recognised by signature). */
export function importPersonaFile(file: { contentType: string; bytes: Buffer }): ImportResult {
  try {
    if (file.bytes.length > LIMITS.fileBytes) throw invalid(`the file is over ${LIMITS.fileBytes / (1024 * 1024)} MB`);
    if (file.bytes.length === 0) throw invalid('the file is empty');
    if (file.contentType.startsWith('image/png') || isPng(file.bytes)) return fromPng(file.bytes);
    return fromJson(parseHostileJson(decodeUtf8(file.bytes)));
  } catch (err) {
    if (isAppError(err)) throw err;
    // Any other failure inside the parsers is still about the file, never a crash.
    throw invalid(`the file could not be read (${err instanceof Error ? err.message.slice(0, 200) : 'unknown error'})`);
  }
}

export interface ExportedFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

/** A twin as a file; `avatar` is its stored PNG avatar, if any. */
export function exportTwin(twin: Twin, format: ExportFormat, avatar: Buffer | null): ExportedFile {
  const json = (value: unknown): ExportedFile => ({
    filename: `${twin.slug}.json`,
    contentType: 'application/json; charset=utf-8',
    body: Buffer.from(JSON.stringify(value, null, 2)),
  });
  switch (format) {
    case 'ccv2':
      return json(toCardV2(twin));
    case 'ccv3':
      return json(toCardV3(twin));
    case 'eliza':
      return json(toEliza(twin));
    case 'png': {
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
      const image = avatar && isPng(avatar) ? avatar : generatedCardImage(twin.name);
      return {
        filename: `${twin.slug}.png`,
        contentType: 'image/png',
        body: withTexts(image, [textChunk('chara', b64(toCardV2(twin))), textChunk('ccv3', b64(toCardV3(twin)))]),
      };
    }
  }
}
