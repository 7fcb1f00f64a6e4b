import { describe, expect, it } from 'vitest';
import { splitMessage } from '../../adapters/discord/split.js';

const squash = (s: string): string => s.replace(/\s+/g, '');

function fenceBalanced(chunk: string): boolean {
  return (chunk.match(/^\s*```/gm) ?? []).length % 2 === 0;
}

describe('splitMessage', () => {
  it('leaves short text alone', () => {
    expect(splitMessage('hello', 2000)).toEqual(['hello']);
    expect(splitMessage('', 2000)).toEqual(['']);
  });

  it('cuts at paragraph boundaries before the limit', () => {
    const para = (n: number): string => `${'word '.repeat(n).trim()}.`;
    const text = [para(100), para(100), para(100), para(100), para(100)].join('\n\n');
    const chunks = splitMessage(text, 1000);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(1000);
      expect(c.endsWith('.')).toBe(true);
    }
    expect(squash(chunks.join(''))).toBe(squash(text));
  });

  it('falls back to line boundaries, then spaces, never losing text', () => {
    const lines = Array.from({ length: 80 }, (_, i) => `line ${i} ${'x'.repeat(30)}`).join('\n');
    const chunks = splitMessage(lines, 500);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(500);
    expect(squash(chunks.join(''))).toBe(squash(lines));

    const long = 'lorem ipsum '.repeat(400);
    const pieces = splitMessage(long, 700);
    for (const c of pieces) expect(c.length).toBeLessThanOrEqual(700);
    expect(squash(pieces.join(''))).toBe(squash(long));
  });

  it('closes a code block at the cut and reopens it with its language', () => {
    const code = Array.from({ length: 120 }, (_, i) => `  const v${i} = compute(${i}); // step ${i}`).join('\n');
    const text = `Here is the code:\n\n\`\`\`ts\n${code}\n\`\`\`\n\nThat is all.`;
    const chunks = splitMessage(text, 2000);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const [i, c] of chunks.entries()) {
      expect(c.length).toBeLessThanOrEqual(2000);
      expect(fenceBalanced(c)).toBe(true);
      if (i > 0 && i < chunks.length - 1) expect(c.startsWith('```ts\n')).toBe(true);
    }
    expect(chunks[0]!.endsWith('\n```')).toBe(true);
    // Every code line lands exactly once, in order.
    const landed = chunks.join('\n').split('\n').filter((l) => l.includes('compute('));
    expect(landed).toEqual(code.split('\n'));
    const unfenced = (s: string): string => squash(s).replace(/```(ts)?/g, '');
    expect(unfenced(chunks.join(''))).toBe(unfenced(text));
  });

  it('prefers cutting before a code block to cutting inside it', () => {
    const prose = 'Some explanation. '.repeat(50);
    const code = Array.from({ length: 30 }, (_, i) => `print(${i})`).join('\n');
    const text = `${prose}\n\n\`\`\`py\n${code}\n\`\`\`\nDone.`;
    const chunks = splitMessage(text, 1000);
    expect(chunks.length).toBe(2);
    expect(chunks[0]).not.toContain('```');
    expect(chunks[1]!.startsWith('```py')).toBe(true);
  });

  it('hard-cuts a single enormous code line inside a fence and keeps fences balanced', () => {
    const text = `\`\`\`\n${'a'.repeat(5000)}\n\`\`\``;
    const chunks = splitMessage(text, 2000);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(2000);
      expect(fenceBalanced(c)).toBe(true);
    }
    expect(chunks.join('').replace(/[`\n]/g, '')).toBe('a'.repeat(5000));
  });

  it('keeps earlier chunks stable while the text grows (streaming)', () => {
    const full = Array.from({ length: 60 }, (_, i) => `Paragraph ${i}: ${'lorem '.repeat(12)}`).join('\n\n');
    let settled: string[] = [];
    for (let n = 100; n <= full.length; n += 97) {
      const chunks = splitMessage(full.slice(0, n), 900);
      const stable = chunks.slice(0, -1);
      for (const [i, c] of settled.entries()) if (i < stable.length) expect(stable[i]).toBe(c);
      settled = stable;
    }
  });

  it('never splits surrogate pairs on a hard cut', () => {
    const text = '😀'.repeat(1500);
    const chunks = splitMessage(text, 999);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(999);
    expect(chunks.join('')).toBe(text);
  });
});
