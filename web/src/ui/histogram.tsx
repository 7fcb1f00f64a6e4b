import type { Bin } from '../panel-shape';

/** Vertical bars drawn by hand in SVG; the counts are also in the accessible name. */
export function Histogram({ bins, title }: { bins: Bin[]; title: string }) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const w = 44;
  const gap = 8;
  const h = 160;
  const width = bins.length * (w + gap) + gap;
  const label = `${title}: ${bins.map((b) => `${b.label}: ${b.count}`).join(', ')}`;
  return (
    <figure class="histogram">
      <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${h + 40}`} preserveAspectRatio="xMinYMin meet">
        <title>{label}</title>
        <line x1={0} y1={h} x2={width} y2={h} class="axis" />
        {bins.map((b, i) => {
          const bh = Math.round((b.count / max) * (h - 20));
          const x = gap + i * (w + gap);
          return (
            <g key={b.label} class="bar">
              <rect x={x} y={h - bh} width={w} height={bh} rx={3} />
              <text x={x + w / 2} y={h - bh - 4} text-anchor="middle" class="count">
                {b.count}
              </text>
              <text x={x + w / 2} y={h + 16} text-anchor="middle" class="label">
                {b.label.length > 8 ? `${b.label.slice(0, 7)}…` : b.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
