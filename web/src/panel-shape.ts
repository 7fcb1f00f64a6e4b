/**
 * Panel answer shapes → the `responseFormat` JSON schema of api/twin-service.md, and the
 * results → chart bins and CSV. DOM-free, unit-tested under Node.
 */
export type AnswerShape = { kind: 'text' } | { kind: 'rating'; max: number } | { kind: 'choice'; options: string[] };

export interface ResponseFormatSchema {
  type: 'json_schema';
  json_schema: { name: string; schema: Record<string, unknown> };
}

/** Free text uses the service's default `{answer, reason}` shape (null: no custom schema). */
export function responseFormatFor(shape: AnswerShape): ResponseFormatSchema | null {
  const reason = { type: 'string', description: 'Why, in one or two sentences, in your own voice' };
  switch (shape.kind) {
    case 'text':
      return null;
    case 'rating':
      return {
        type: 'json_schema',
        json_schema: {
          name: 'rating',
          schema: {
            type: 'object',
            properties: { rating: { type: 'integer', minimum: 1, maximum: shape.max, description: `From 1 to ${shape.max}` }, reason },
            required: ['rating', 'reason'],
            additionalProperties: false,
          },
        },
      };
    case 'choice':
      return {
        type: 'json_schema',
        json_schema: {
          name: 'choice',
          schema: {
            type: 'object',
            properties: { choice: { type: 'string', enum: shape.options }, reason },
            required: ['choice', 'reason'],
            additionalProperties: false,
          },
        },
      };
  }
}

/** The service's default shape, shown when free text is picked so it can be edited. */
export const DEFAULT_FORMAT: ResponseFormatSchema = {
  type: 'json_schema',
  json_schema: {
    name: 'answer',
    schema: {
      type: 'object',
      properties: { answer: { type: 'string' }, reason: { type: 'string' } },
      required: ['answer', 'reason'],
      additionalProperties: false,
    },
  },
};

export interface Bin {
  label: string;
  count: number;
}

/** Counts per rating (every value 1..max, zeros included) or per option, in order. */
export function histogram(shape: AnswerShape, rows: Array<Record<string, unknown>>): Bin[] | null {
  if (shape.kind === 'rating') {
    const bins = Array.from({ length: shape.max }, (_, i) => ({ label: String(i + 1), count: 0 }));
    for (const r of rows) {
      const v = Number(r['rating']);
      if (Number.isInteger(v) && v >= 1 && v <= shape.max) bins[v - 1]!.count++;
    }
    return bins;
  }
  if (shape.kind === 'choice') {
    const bins = shape.options.map((label) => ({ label, count: 0 }));
    for (const r of rows) {
      const bin = bins.find((b) => b.label === r['choice']);
      if (bin) bin.count++;
    }
    return bins;
  }
  return null;
}

/** Result columns: name first, then every answer field in first-seen order, twinId last. */
export function columns(rows: Array<Record<string, unknown>>): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (k !== 'name' && k !== 'twinId') seen.add(k);
  return ['name', ...seen, 'twinId'];
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/**
 * RFC 4180 CSV. A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets
 * a leading apostrophe: twin answers are untrusted text.
 */
export function toCsv(rows: Array<Record<string, unknown>>): string {
  const cols = columns(rows);
  const esc = (v: unknown) => {
    let s = cellText(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => esc(r[c])).join(','))].join('\r\n') + '\r\n';
}
