import { pino, type Logger } from 'pino';

/**
 * The CLI's two channels: data on stdout, one item per line, so `KEY=$(twinbridge apikey create …)`
 * captures exactly the key; everything meant for a person (notes, counts, logs) on stderr.
 */
export interface CliOutput {
  /** One item of data (a token, a key, a record line) on stdout. */
  data(line: string): void;
  /** A record as one line of JSON on stdout (`--json`). */
  json(record: unknown): void;
  /** A sentence for a person, on stderr. */
  say(line: string): void;
}

export function createCliOutput(streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process): CliOutput {
  return {
    data: (line) => void streams.stdout.write(`${line}\n`),
    json: (record) => void streams.stdout.write(`${JSON.stringify(record)}\n`),
    say: (line) => void streams.stderr.write(`${line}\n`),
  };
}

const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'v']);

function show(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  if (value && typeof value === 'object' && 'message' in value) return show((value as { message: unknown }).message);
  return JSON.stringify(value);
}

/** One pino JSON line as a person reads it: `warn: catalog sync failed (source=mind-reasoner err="…")`. */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = pino.levels.labels[Number(entry.level)] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([k, v]) => !OMIT.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${show(v)}`);
  const msg = typeof entry.msg === 'string' ? entry.msg : '';
  return `${level}: ${msg}${fields.length ? ` (${fields.join(' ')})` : ''}\n`;
}

/** The CLI's logger: human-readable lines on stderr. The service itself keeps JSON logs. */
export function createCliLogger(level: string, stderr: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, base: null, timestamp: false }, { write: (line: string) => void stderr.write(formatLogLine(line)) });
}
