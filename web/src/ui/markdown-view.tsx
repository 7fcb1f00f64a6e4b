import type { ComponentChildren } from 'preact';
import { parseMarkdown, type Block, type Inline } from '../markdown';

/** Renders the parsed tree as elements and text nodes; no markup from the reply is ever parsed. */
function inline(nodes: Inline[]): ComponentChildren {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text':
        return n.text;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'strong':
        return <strong key={i}>{inline(n.children)}</strong>;
      case 'em':
        return <em key={i}>{inline(n.children)}</em>;
      case 'link':
        return (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer nofollow">
            {inline(n.children)}
          </a>
        );
      case 'br':
        return <br key={i} />;
    }
  });
}

function block(b: Block, i: number) {
  switch (b.t) {
    case 'p':
      return <p key={i}>{inline(b.children)}</p>;
    case 'h': {
      const Tag = (['h3', 'h4', 'h5', 'h6'] as const)[b.level - 1]!;
      return <Tag key={i}>{inline(b.children)}</Tag>;
    }
    case 'pre':
      return (
        <pre key={i}>
          <code>{b.text}</code>
        </pre>
      );
    case 'ul':
      return <ul key={i}>{b.items.map((it, j) => <li key={j}>{inline(it)}</li>)}</ul>;
    case 'ol':
      return <ol key={i} start={b.start}>{b.items.map((it, j) => <li key={j}>{inline(it)}</li>)}</ol>;
    case 'quote':
      return <blockquote key={i}>{inline(b.children)}</blockquote>;
  }
}

export function Markdown({ text }: { text: string }) {
  return <div class="md">{parseMarkdown(text).map(block)}</div>;
}
