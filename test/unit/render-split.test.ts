/**
 * One set of splitting rules for every platform, checked on random markdown (fast-check, fixed
 * seed): nothing lost or duplicated (between parts only whitespace is dropped, only fences are
 * added), every part within the limit, and every part fence-balanced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSplit, renderPiece, splitMarkdown } from '../../src/render/split.js';

/** An independent fence counter: is a code block still open at the end of `s`? */
function openAtEnd(s: string): boolean {
  let open: string | null = null;
  for (const line of s.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!m) continue;
    if (open === null) {
      if (!(m[1]![0] === '`' && m[2]!.includes('`'))) open = m[1]!;
    } else if (m[1]![0] === open[0] && m[1]!.length >= open.length && m[2]!.trim() === '') open = null;
  }
  return open !== null;
}

const squash = (s: string): string => s.replace(/\s+/g, '');

const word = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z]{1,12}$/) },
  { weight: 1, arbitrary: fc.constantFrom('end.', 'why?', 'yes!', '`x`', '**b**', '😀', 'a```b', '~~~', '-', '1.') },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{40,200}$/) },
);
const line = fc.array(word, { minLength: 0, maxLength: 30 }).map((w) => w.join(' '));
const code = fc
  .tuple(fc.constantFrom('```', '```ts', '~~~', '````py', '```js'), fc.array(fc.oneof(line, fc.constant('  indented();')), { maxLength: 40 }))
  .map(([fence, body]) => `${fence}\n${body.join('\n')}\n${fence.replace(/[a-z]+$/, '')}`);
const block = fc.oneof({ weight: 4, arbitrary: fc.array(line, { minLength: 1, maxLength: 6 }).map((l) => l.join('\n')) }, { weight: 1, arbitrary: code });
const markdown = fc.array(block, { maxLength: 8 }).chain((blocks) => fc.constantFrom('\n\n', '\n', '\n\n\n').map((sep) => blocks.join(sep)));

describe('splitMarkdown on random markdown', () => {
  it('loses and duplicates nothing, respects the limit, balances fences', () => {
    fc.assert(
      fc.property(markdown, fc.integer({ min: 40, max: 600 }), (text, limit) => {
        const plan = planSplit(text, limit);
        const parts = splitMarkdown(text, limit);
        expect(parts).toEqual(plan.map((p) => renderPiece(text, p)));
        // Pieces cover the text in order; what lies between them is whitespace.
        let at = 0;
        for (const p of plan) {
          expect(text.slice(at, p.start).trim()).toBe('');
          expect(p.end).toBeGreaterThan(p.start);
          at = p.end;
        }
        expect(text.slice(at).trim()).toBe('');
        expect(squash(plan.map((p) => text.slice(p.start, p.end)).join(''))).toBe(squash(text));
        for (const [i, part] of parts.entries()) {
          expect(part.length).toBeLessThanOrEqual(limit);
          expect(part.trim()).not.toBe('');
          if (i < parts.length - 1 || !openAtEnd(text)) expect(openAtEnd(part)).toBe(false);
        }
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});

describe('splitMarkdown', () => {
  it('leaves short text alone and gives nothing for blank text', () => {
    expect(splitMarkdown('hello', 2000)).toEqual(['hello']);
    expect(splitMarkdown('  \n ', 2000)).toEqual([]);
  });

  it('cuts at paragraph breaks, dropping only the break', () => {
    const para = (n: number): string => `${'word '.repeat(n).trim()}.`;
    const text = Array.from({ length: 5 }, () => para(100)).join('\n\n');
    const parts = splitMarkdown(text, 1000);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.join('\n\n')).toBe(text);
  });

  it('prefers cutting before a code block to cutting inside it', () => {
    const prose = 'Some explanation. '.repeat(50).trim();
    const body = Array.from({ length: 30 }, (_, i) => `print(${i})`).join('\n');
    const text = `${prose}\n\n\`\`\`py\n${body}\n\`\`\`\nDone.`;
    const parts = splitMarkdown(text, 1000);
    expect(parts).toHaveLength(2);
    expect(parts[0]).not.toContain('```');
    expect(parts[1]!.startsWith('```py')).toBe(true);
  });

  it('closes a long code block at a line and reopens it with its language', () => {
    const body = Array.from({ length: 120 }, (_, i) => `  const v${i} = compute(${i});`).join('\n');
    const text = `Here:\n\n\`\`\`ts\n${body}\n\`\`\`\n\nThat is all.`;
    const parts = splitMarkdown(text, 1000);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts[0]!.endsWith('\n```')).toBe(true);
    for (const p of parts.slice(1, -1)) expect(p.startsWith('```ts\n')).toBe(true);
    expect(parts.join('\n').split('\n').filter((l) => l.includes('compute('))).toEqual(body.split('\n'));
  });

  it('cuts a long line at a sentence end before a space, and keeps surrogate pairs whole', () => {
    const text = `${'Alpha beta gamma. '.repeat(20)}${'delta '.repeat(40)}`;
    const parts = splitMarkdown(text, 200);
    expect(parts[0]!.endsWith('.')).toBe(true);
    const emoji = '😀'.repeat(300);
    const pieces = splitMarkdown(emoji, 99);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(99);
    expect(pieces.join('')).toBe(emoji);
  });

  it('keeps earlier parts stable while the text grows (streaming)', () => {
    const full = Array.from({ length: 60 }, (_, i) => `Paragraph ${i}: ${'lorem '.repeat(12)}`).join('\n\n');
    let settled: string[] = [];
    for (let n = 100; n <= full.length; n += 97) {
      const stable = splitMarkdown(full.slice(0, n), 900).slice(0, -1);
      for (const [i, c] of settled.entries()) if (i < stable.length) expect(stable[i]).toBe(c);
      settled = stable;
    }
  });
});
