/**
 * A small markdown subset for twin replies, parsed to a tree that is rendered as DOM nodes
 * (text nodes only; never innerHTML). Raw HTML in the source stays literal text, and a link is a
 * link only when its URL is http(s) or mailto: anything else (`javascript:`, `data:`) stays text.
 * DOM-free, so it is unit-tested under Node.
 */
export type Inline =
  | { t: 'text'; text: string }
  | { t: 'code'; text: string }
  | { t: 'strong'; children: Inline[] }
  | { t: 'em'; children: Inline[] }
  | { t: 'link'; href: string; children: Inline[] }
  | { t: 'br' };

export type Block =
  | { t: 'p'; children: Inline[] }
  | { t: 'h'; level: 1 | 2 | 3 | 4; children: Inline[] }
  | { t: 'pre'; lang: string; text: string }
  | { t: 'ul'; items: Inline[][] }
  | { t: 'ol'; start: number; items: Inline[][] }
  | { t: 'quote'; children: Inline[] };

/** The only URLs that become links. */
export function safeHref(raw: string): string | null {
  const url = raw.trim();
  if (/^(https?:\/\/|mailto:)/i.test(url) && !/[\s<>"'`]/.test(url)) return url;
  return null;
}

export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^`([^`\n]+)`/.exec(rest))) {
      flush();
      out.push({ t: 'code', text: m[1]! });
    } else if ((m = /^\*\*(?=\S)([\s\S]*?\S)\*\*/.exec(rest)) || (!/\w/.test(src[i - 1] ?? '') && (m = /^__(?=[^\s_])([\s\S]*?[^\s_])__(?!\w)/.exec(rest)))) {
      flush();
      out.push({ t: 'strong', children: parseInline(m[1]!) });
    } else if ((m = /^\*(?=\S)([^*\n]*?\S)\*/.exec(rest)) || (!/\w/.test(src[i - 1] ?? '') && (m = /^_(?=[^\s_])([^_\n]*?[^\s_])_(?!\w)/.exec(rest)))) {
      flush();
      out.push({ t: 'em', children: parseInline(m[1]!) });
    } else if ((m = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(rest))) {
      flush();
      const href = safeHref(m[2]!);
      if (href) out.push({ t: 'link', href, children: parseInline(m[1]!) });
      else out.push({ t: 'text', text: m[0] });
    } else if (rest.startsWith('\n')) {
      flush();
      out.push({ t: 'br' });
      m = /^\n/.exec(rest);
    } else {
      text += src[i];
      i += 1;
      continue;
    }
    i += m![0].length;
  }
  flush();
  return out;
}

export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const endPara = () => {
    if (para.length) blocks.push({ t: 'p', children: parseInline(para.join('\n')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let m: RegExpExecArray | null;
    if ((m = /^\s*```\s*([\w+-]*)\s*$/.exec(line))) {
      endPara();
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```\s*$/.test(lines[i]!)) body.push(lines[i++]!);
      blocks.push({ t: 'pre', lang: m[1] ?? '', text: body.join('\n') });
    } else if ((m = /^(#{1,4})\s+(.*)$/.exec(line))) {
      endPara();
      blocks.push({ t: 'h', level: m[1]!.length as 1 | 2 | 3 | 4, children: parseInline(m[2]!) });
    } else if (/^\s*[-*+]\s+/.test(line)) {
      endPara();
      const items: Inline[][] = [];
      while (i < lines.length && /^\s*[-*+]\s+/.test(lines[i]!)) items.push(parseInline(lines[i++]!.replace(/^\s*[-*+]\s+/, '')));
      i--;
      blocks.push({ t: 'ul', items });
    } else if ((m = /^\s*(\d{1,9})[.)]\s+/.exec(line))) {
      endPara();
      const start = Number(m[1]);
      const items: Inline[][] = [];
      while (i < lines.length && /^\s*\d{1,9}[.)]\s+/.test(lines[i]!)) items.push(parseInline(lines[i++]!.replace(/^\s*\d{1,9}[.)]\s+/, '')));
      i--;
      blocks.push({ t: 'ol', start, items });
    } else if (/^>\s?/.test(line)) {
      endPara();
      const body: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i]!)) body.push(lines[i++]!.replace(/^>\s?/, ''));
      i--;
      blocks.push({ t: 'quote', children: parseInline(body.join('\n')) });
    } else if (line.trim() === '') {
      endPara();
    } else {
      para.push(line);
    }
  }
  endPara();
  return blocks;
}
