/** Panel answer shapes → responseFormat, histogram bins and CSV (formula-safe). */
import { describe, expect, it } from 'vitest';
import { columns, histogram, responseFormatFor, toCsv } from '../../web/src/panel-shape.js';
import { validatorFor } from '../../src/engine/structured.js';

describe('panel answer shapes', () => {
  it('free text uses the default {answer, reason} shape (no custom schema)', () => {
    expect(responseFormatFor({ kind: 'text' })).toBeNull();
  });

  it('a 1–N rating becomes an integer field bounded 1..N that the service accepts', () => {
    const f = responseFormatFor({ kind: 'rating', max: 7 })!;
    expect(f.type).toBe('json_schema');
    expect(f.json_schema.schema).toMatchObject({ properties: { rating: { type: 'integer', minimum: 1, maximum: 7 } }, required: ['rating', 'reason'] });
    const validate = validatorFor(f.json_schema.schema);
    expect(validate({ rating: 7, reason: 'r' })).toBe(true);
    expect(validate({ rating: 8, reason: 'r' })).toBe(false);
  });

  it('a choice becomes an enum of the options', () => {
    const f = responseFormatFor({ kind: 'choice', options: ['Yes', 'No'] })!;
    const validate = validatorFor(f.json_schema.schema);
    expect(validate({ choice: 'Yes', reason: 'r' })).toBe(true);
    expect(validate({ choice: 'Maybe', reason: 'r' })).toBe(false);
  });

  it('histograms count every bin, zeros included, and ignore out-of-range answers', () => {
    const rows = [{ rating: 2 }, { rating: 2 }, { rating: 5 }, { rating: 9 }, { rating: 'x' }];
    expect(histogram({ kind: 'rating', max: 5 }, rows)!.map((b) => b.count)).toEqual([0, 2, 0, 0, 1]);
    expect(histogram({ kind: 'choice', options: ['A', 'B'] }, [{ choice: 'B' }, { choice: 'C' }])).toEqual([
      { label: 'A', count: 0 },
      { label: 'B', count: 1 },
    ]);
    expect(histogram({ kind: 'text' }, rows)).toBeNull();
  });

  it('CSV: name first, quoted where needed, formulas defused', () => {
    const rows = [
      { twinId: 't1', name: 'Ann, "A"', rating: 3, reason: 'line1\nline2' },
      { twinId: 't2', name: '=HYPERLINK("http://evil")', rating: 4, reason: '@SUM(A1)' },
    ];
    expect(columns(rows)).toEqual(['name', 'rating', 'reason', 'twinId']);
    expect(toCsv(rows)).toBe(
      'name,rating,reason,twinId\r\n' + '"Ann, ""A""",3,"line1\nline2",t1\r\n' + `"'=HYPERLINK(""http://evil"")",4,'@SUM(A1),t2\r\n`,
    );
  });
});
