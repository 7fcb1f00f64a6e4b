import { jsonTextDepth } from '../core/json-bounds.js';
import { invalid, LIMITS } from './types.js';

/**
 * JSON from a hostile file: nesting is measured on the text before parsing (a recursive parse of
 * 100,000 brackets is the attack), and `__proto__` keys are refused rather than trusted to every
 * later spread and merge.
 */
export function parseHostileJson(text: string, what = 'the file'): unknown {
  if (jsonTextDepth(text, LIMITS.jsonDepth) > LIMITS.jsonDepth) {
    throw invalid(`${what} nests JSON deeper than ${LIMITS.jsonDepth} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v: unknown) => {
      if (key === '__proto__') {
        throw invalid(`${what} has a "${key}" key`);
      }
      return v;
    });
  } catch (err) {
    if (err instanceof Error && 'code' in err) throw err;
    throw invalid(`${what} is not valid JSON (${err instanceof Error ? err.message.slice(0, 200) : 'parse error'})`);
  }
  return value;
}

/** UTF-8 text of a file: a BOM is dropped, invalid UTF-8 refused. */
export function decodeUtf8(bytes: Uint8Array, what = 'the file'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalid(`${what} is not UTF-8 text`);
  }
}
