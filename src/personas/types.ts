import { AppError } from '../core/errors.js';

/** Limits of api/twins.md, checked before anything is created. */
export const LIMITS = {
  fileBytes: 8 * 1024 * 1024,
  members: 200,
  name: 80,
  prompt: 20_000,
  examples: 20,
  example: 500,
  greeting: 2_000,
  scenario: 2_000,
  description: 500,
  tags: 20,
  tag: 60,
  /** JSON nesting a persona file may use (character books nest a few levels, never dozens). */
  jsonDepth: 64,
  pngChunks: 10_000,
} as const;

/** One twin as a file describes it, before it gets an id, a slug and an owner. */
export interface ImportedPersona {
  name: string;
  /** The file's own short description; null derives one from the prompt. */
  description: string | null;
  prompt: string;
  examples: string[];
  greeting: string | null;
  scenario: string | null;
  tags: string[];
  /** Remote avatar, kept as a URL (never fetched at import). https only. */
  avatarUrl: string | null;
  /** An avatar image carried by the file itself (PNG cards): validated, text chunks stripped. */
  avatar: Buffer | null;
  /** Everything the service does not use, kept as it came. */
  extensions: Record<string, unknown>;
}

export interface ImportResult {
  format: 'chara_card_v1' | 'chara_card_v2' | 'chara_card_v3' | 'eliza' | 'pluralkit' | 'tupperbox';
  personas: ImportedPersona[];
  skipped: { name: string; reason: string }[];
}

export function invalid(reason: string): AppError {
  return new AppError('IMPORT_INVALID', reason, { field: 'body', userMessage: `That file could not be imported: ${reason}` });
}

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own keys except `omit`, in their order; undefined when nothing is left. */
export function rest(obj: JsonObject, omit: readonly string[]): JsonObject | undefined {
  const out: JsonObject = {};
  let any = false;
  for (const [k, v] of Object.entries(obj)) {
    if (omit.includes(k)) continue;
    out[k] = v;
    any = true;
  }
  return any ? out : undefined;
}
