import { createHash } from 'node:crypto';
import { encodeRgb } from './png.js';

const WIDTH = 400;
const HEIGHT = 600;

function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/**
 * A portrait card for a twin without an avatar: a gradient in a colour of its name and a disc
 * where a face would be, so exported cards look like cards in any character app.
 */
export function generatedCardImage(name: string): Buffer {
  const hue = createHash('sha256').update(name).digest().readUInt16BE(0) % 360;
  const top = hsl(hue, 0.55, 0.32);
  const bottom = hsl((hue + 40) % 360, 0.6, 0.12);
  const disc = hsl(hue, 0.45, 0.75);
  const cx = WIDTH / 2;
  const cy = HEIGHT * 0.4;
  const r2 = (WIDTH * 0.28) ** 2;
  return encodeRgb(WIDTH, HEIGHT, (x, y) => {
    if ((x - cx) ** 2 + (y - cy) ** 2 <= r2) return disc;
    const t = y / (HEIGHT - 1);
    return [0, 1, 2].map((i) => Math.round(top[i]! * (1 - t) + bottom[i]! * t)) as [number, number, number];
  });
}
