import { deflateSync, inflateSync } from 'node:zlib';
import { invalid, LIMITS } from './types.js';

/** PNG's CRC-32 (ISO 3309, polynomial 0xEDB88320); Node 20's zlib has no crc32. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(...parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) c = CRC_TABLE[(c ^ part[i]!) & 0xff]! ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngChunk {
  type: string;
  data: Buffer;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.buffer, bytes.byteOffset, 8).equals(PNG_SIGNATURE);
}

/**
 * Every chunk up to IEND, each length checked against what the file holds before it is read,
 * each CRC verified. A PNG is hostile input here: the reason names the chunk that failed.
 */
export function readPngChunks(bytes: Buffer): PngChunk[] {
  if (!isPng(bytes)) throw invalid('not a PNG file (bad signature)');
  const chunks: PngChunk[] = [];
  let at = 8;
  for (;;) {
    if (chunks.length >= LIMITS.pngChunks) throw invalid(`PNG has more than ${LIMITS.pngChunks} chunks`);
    if (at + 8 > bytes.length) throw invalid('PNG is truncated (no IEND chunk)');
    const length = bytes.readUInt32BE(at);
    const typeBytes = bytes.subarray(at + 4, at + 8);
    const type = typeBytes.toString('latin1');
    if (!/^[A-Za-z]{4}$/.test(type)) throw invalid(`PNG chunk at byte ${at} has an invalid type`);
    if (length > 0x7fffffff || at + 12 + length > bytes.length) {
      throw invalid(`PNG chunk ${type} declares ${length} bytes but the file has only ${Math.max(0, bytes.length - at - 12)} left (truncated)`);
    }
    const data = bytes.subarray(at + 8, at + 8 + length);
    const stored = bytes.readUInt32BE(at + 8 + length);
    if (crc32(typeBytes, data) !== stored) throw invalid(`PNG chunk ${type} has a wrong CRC`);
    chunks.push({ type, data });
    at += 12 + length;
    if (type === 'IEND') return chunks;
  }
}

export function writePng(chunks: PngChunk[]): Buffer {
  const parts: Buffer[] = [PNG_SIGNATURE];
  for (const c of chunks) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(c.data.length, 0);
    head.write(c.type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(head.subarray(4), c.data), 0);
    parts.push(head, c.data, crc);
  }
  return Buffer.concat(parts);
}

const TEXT_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt']);

function inflateBounded(data: Buffer, keyword: string): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: LIMITS.fileBytes });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw invalid(`PNG ${keyword} chunk inflates beyond ${LIMITS.fileBytes} bytes`);
    }
    throw invalid(`PNG ${keyword} chunk is not valid compressed data`);
  }
}

/** Text chunks by keyword (tEXt; zTXt and iTXt inflated under the file size limit). */
export function pngTexts(chunks: PngChunk[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of chunks) {
    if (!TEXT_CHUNKS.has(c.type)) continue;
    const nul = c.data.indexOf(0);
    if (nul < 1 || nul > 79) continue;
    const keyword = c.data.subarray(0, nul).toString('latin1');
    const body = c.data.subarray(nul + 1);
    if (c.type === 'tEXt') out.set(keyword, body.toString('latin1'));
    else if (c.type === 'zTXt') {
      if (body[0] !== 0) throw invalid(`PNG zTXt ${keyword} uses an unknown compression method`);
      out.set(keyword, inflateBounded(body.subarray(1), keyword).toString('latin1'));
    } else {
      // iTXt: flag, method, language\0, translated keyword\0, text (UTF-8)
      const compressed = body[0] === 1;
      const lang = body.indexOf(0, 2);
      const translated = lang < 0 ? -1 : body.indexOf(0, lang + 1);
      if (translated < 0) throw invalid(`PNG iTXt ${keyword} is malformed`);
      const text = body.subarray(translated + 1);
      out.set(keyword, (compressed ? inflateBounded(text, keyword) : text).toString('utf8'));
    }
  }
  return out;
}

export function textChunk(keyword: string, text: string): PngChunk {
  return { type: 'tEXt', data: Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]) };
}

/**
 * The image alone: a PNG with its header and pixels and none of its text chunks (a card's
 * JSON is not stored twice). Refuses PNGs without a sane IHDR or any IDAT.
 */
export function imageOnly(chunks: PngChunk[]): Buffer {
  const ihdr = chunks[0];
  if (!ihdr || ihdr.type !== 'IHDR' || ihdr.data.length !== 13) throw invalid('PNG has no valid IHDR chunk');
  const width = ihdr.data.readUInt32BE(0);
  const height = ihdr.data.readUInt32BE(4);
  if (width === 0 || height === 0 || width > 8192 || height > 8192) throw invalid(`PNG image size ${width}x${height} is not allowed`);
  if (!chunks.some((c) => c.type === 'IDAT')) throw invalid('PNG has no image data');
  return writePng(chunks.filter((c) => !TEXT_CHUNKS.has(c.type)));
}

/** A PNG carrying the given text chunks (replacing any of the same keywords), before IEND. */
export function withTexts(png: Buffer, texts: PngChunk[]): Buffer {
  const chunks = readPngChunks(png).filter((c) => !TEXT_CHUNKS.has(c.type));
  const end = chunks.findIndex((c) => c.type === 'IEND');
  chunks.splice(end, 0, ...texts);
  return writePng(chunks);
}

/** An RGB PNG of `width`×`height` drawn by `pixel(x, y) -> [r, g, b]`. */
export function encodeRgb(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const o = y * row + 1 + x * 3;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return writePng([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: deflateSync(raw) },
    { type: 'IEND', data: Buffer.alloc(0) },
  ]);
}
