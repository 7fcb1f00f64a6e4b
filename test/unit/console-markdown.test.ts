/** The console's markdown subset: raw HTML stays text, only http(s)/mailto URLs become links. */
import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref, type Block, type Inline } from '../../web/src/markdown.js';

/** Every text a tree shows, and every href it links to. */
function collect(nodes: Array<Block | Inline>): { texts: string[]; hrefs: string[] } {
  const texts: string[] = [];
  const hrefs: string[] = [];
  const walk = (n: Block | Inline): void => {
    if ('text' in n) texts.push(n.text);
    if (n.t === 'link') hrefs.push(n.href);
    if ('children' in n) n.children.forEach(walk);
    if ('items' in n) n.items.flat().forEach(walk);
  };
  nodes.forEach(walk);
  return { texts, hrefs };
}

describe('console markdown', () => {
  it('parses paragraphs, headings, lists, code and emphasis', () => {
    const blocks = parseMarkdown('# Title\n\nSome **bold** and *it* with `code`.\n\n- one\n- two\n\n1. first\n2. second\n\n```ts\nconst a = 1;\n```');
    expect(blocks.map((b) => b.t)).toEqual(['h', 'p', 'ul', 'ol', 'pre']);
    expect(blocks[1]).toEqual({
      t: 'p',
      children: [
        { t: 'text', text: 'Some ' },
        { t: 'strong', children: [{ t: 'text', text: 'bold' }] },
        { t: 'text', text: ' and ' },
        { t: 'em', children: [{ t: 'text', text: 'it' }] },
        { t: 'text', text: ' with ' },
        { t: 'code', text: 'code' },
        { t: 'text', text: '.' },
      ],
    });
    expect(blocks[4]).toEqual({ t: 'pre', lang: 'ts', text: 'const a = 1;' });
  });

  it('keeps raw HTML as literal text', () => {
    const src = 'Hi <script>alert(1)</script> and <img src=x onerror="alert(2)">';
    const { texts } = collect(parseMarkdown(src));
    expect(texts.join('')).toBe(src);
  });

  it('links only http(s) and mailto URLs; javascript: and data: stay text', () => {
    const { hrefs, texts } = collect(parseInline('[ok](https://example.com/a) [bad](javascript:alert(1)) [data](data:text/html,x) [mail](mailto:a@b.c) [JS](JaVaScRiPt:alert(1))'));
    expect(hrefs).toEqual(['https://example.com/a', 'mailto:a@b.c']);
    expect(texts.join('')).toContain('[bad](javascript:alert(1))');
    expect(texts.join('')).toContain('[JS](JaVaScRiPt:alert(1))');
    expect(safeHref(' javascript:alert(1)')).toBeNull();
    expect(safeHref('https://x.example/"onmouseover=1')).toBeNull();
  });

  it('never loses text: what is not markdown is shown as written', () => {
    for (const src of ['**unclosed', 'a * b * c', '`tick', '[x](y', '_snake_case_name_', 'a_b_c', 'x.__y__z', 'window.__xss="a" b window.__xss', '1 < 2 > 0 & "q"']) {
      expect(collect(parseMarkdown(src)).texts.join(''), src).toBe(src);
    }
  });
});
