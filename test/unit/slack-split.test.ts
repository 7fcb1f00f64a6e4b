import { describe, expect, it } from 'vitest';
import { splitMessage } from '../../adapters/slack/render/split.js';

const fences = (s: string) => (s.match(/^\s*```/gm) ?? []).length;
const squash = (s: string) => s.replace(/\s+/g, '');

describe('splitMessage', () => {
  it('keeps a short reply whole and drops an empty one', () => {
    expect(splitMessage('Hello there.', 100)).toEqual(['Hello there.']);
    expect(splitMessage('  \n\n ', 100)).toEqual([]);
    expect(splitMessage('', 100)).toEqual([]);
  });

  it('cuts at the last paragraph break that fits', () => {
    const a = 'a'.repeat(50);
    const b = 'b'.repeat(50);
    const c = 'c'.repeat(50);
    expect(splitMessage(`${a}\n\n${b}\n\n${c}`, 120)).toEqual([`${a}\n\n${b}`, c]);
  });

  it('prefers a later line break over a paragraph break that would leave a stub', () => {
    const text = `short\n\n${'x'.repeat(60)}\n${'y'.repeat(60)}`;
    const pieces = splitMessage(text, 100);
    expect(pieces[0]).toBe(`short\n\n${'x'.repeat(60)}`);
    expect(pieces[1]).toBe('y'.repeat(60));
  });

  it('never cuts inside a code block that fits in one message', () => {
    const prose = 'Some words here.\n'.repeat(4);
    const code = '```ts\n' + 'const x = 1;\n'.repeat(6) + '```';
    const text = `${prose}\n${code}\n\nAfter the code.`;
    const pieces = splitMessage(text, 120);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(120);
      expect(fences(p) % 2).toBe(0);
    }
    expect(pieces.some((p) => p.includes(code))).toBe(true);
    expect(squash(pieces.join(''))).toBe(squash(text));
  });

  it('closes and reopens a code block longer than a message', () => {
    const code = '```python\n' + Array.from({ length: 30 }, (_, i) => `print(${i})`).join('\n') + '\n```';
    const pieces = splitMessage(code, 80);
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(80);
      expect(p.startsWith('```python')).toBe(true);
      expect(p.trimEnd().endsWith('```')).toBe(true);
    }
    const body = pieces.map((p) => p.replace(/^```python\n/, '').replace(/\n```$/, '')).join('\n');
    expect(body).toBe(Array.from({ length: 30 }, (_, i) => `print(${i})`).join('\n'));
  });

  it('breaks one over-long line at a space, and hard-cuts only when it has to', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitMessage(words, 60);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(60);
    expect(pieces.join(' ')).toBe(words);
    const blob = 'z'.repeat(150);
    expect(splitMessage(blob, 60)).toEqual(['z'.repeat(60), 'z'.repeat(60), 'z'.repeat(30)]);
  });

  it('does not split an emoji in a hard cut', () => {
    const text = 'a'.repeat(59) + '😀' + 'b'.repeat(30);
    const pieces = splitMessage(text, 60);
    expect(pieces.join('')).toBe(text);
    expect(pieces[0]).toBe('a'.repeat(59));
  });

  it('is stable while a reply grows: earlier pieces do not change', () => {
    const full = Array.from({ length: 40 }, (_, i) => `Line ${i} of a growing answer.${i % 5 === 4 ? '\n' : ''}`).join('\n');
    const final = splitMessage(full, 200);
    for (let n = 250; n < full.length; n += 37) {
      const live = splitMessage(full.slice(0, n), 200);
      for (let i = 0; i < live.length - 1; i += 1) expect(live[i]).toBe(final[i]);
    }
  });

  it('refuses an absurd limit', () => {
    expect(() => splitMessage('x', 10)).toThrow(RangeError);
  });
});
