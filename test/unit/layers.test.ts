/**
 * DESIGN.md §2: src/core, src/routing and src/engine never import a platform SDK, the web
 * framework or a driver. Scans the sources (static imports, `export … from`, dynamic import(),
 * require()) including subpaths such as `discord.js/…` or `fastify/types`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAYERS = ['src/core', 'src/routing', 'src/engine', 'src/render'];
const FORBIDDEN = ['discord.js', '@slack/bolt', 'fastify', 'better-sqlite3', 'bullmq', 'ioredis'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a source file mentions. */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[1]!);
  return out;
}

/** Relative modules a file loads at run time (type-only imports are erased). */
function runtimeRelatives(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /\b(import|export)\s+(type\s+)?(?:[^'"`;]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(re)) {
    if (m[2]) continue;
    const spec = m[3] ?? m[4]!;
    const base = resolve(dirname(file), spec);
    const candidate = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile());
    if (candidate) out.push(candidate);
  }
  return out;
}

function forbidden(spec: string): string | undefined {
  return FORBIDDEN.find((pkg) => spec === pkg || spec.startsWith(`${pkg}/`) || spec === `node:${pkg}`);
}

describe('layers', () => {
  it('finds the imports it is meant to find', () => {
    const sample = [
      "import { Client } from 'discord.js';",
      'import type { App } from "@slack/bolt";',
      "import Fastify, { type FastifyInstance } from 'fastify';",
      "export { default } from 'better-sqlite3';",
      "const q = await import('bullmq');",
      "const R = require('ioredis');",
      "import 'fastify/types/instance';",
      "import {\n  Queue,\n  Worker,\n} from 'bullmq';",
      "import { z } from 'zod';",
    ].join('\n');
    expect(specifiers(sample).map(forbidden).filter(Boolean)).toEqual([
      'discord.js',
      '@slack/bolt',
      'fastify',
      'better-sqlite3',
      'fastify',
      'bullmq',
      'bullmq',
      'ioredis',
    ]);
    expect(forbidden('zod')).toBeUndefined();
    expect(forbidden('fastify-plugin-lookalike')).toBeUndefined();
  });

  it.each(LAYERS)('%s imports no platform, framework or driver', (layer) => {
    const dir = join(ROOT, layer);
    const sources = files(dir);
    expect(sources.length, `${layer} has sources`).toBeGreaterThan(0);
    const violations: string[] = [];
    for (const file of sources) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const pkg = forbidden(spec);
        if (pkg) violations.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('nor through the modules they load (no side door via store/, http/, queue/, infra/)', () => {
    const seen = new Set<string>();
    const queue = LAYERS.flatMap((layer) => files(join(ROOT, layer)));
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push(...runtimeRelatives(file));
    }
    const violations: string[] = [];
    for (const file of seen) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (forbidden(spec)) violations.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
    // Everything reachable stays inside the three layers.
    const outside = [...seen].map((f) => relative(ROOT, f)).filter((f) => !LAYERS.some((l) => f.startsWith(`${l}/`)));
    expect(outside).toEqual([]);
  });
});

/** Every relative module a file names, type-only imports included (they couple modules too). */
function relatives(file: string): string[] {
  const out: string[] = [];
  for (const spec of specifiers(readFileSync(file, 'utf8'))) {
    if (!spec.startsWith('./') && !spec.startsWith('../')) continue;
    const base = resolve(dirname(file), spec);
    const candidate = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile());
    if (candidate) out.push(candidate);
  }
  return out;
}

/** Strongly connected components of more than one module (or a module importing itself). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('module graph', () => {
  const sources = ['src', 'adapters'].flatMap((d) => files(join(ROOT, d))).filter((f) => !f.endsWith('.d.ts'));
  const graph = new Map(sources.map((f) => [f, relatives(f)]));

  it('finds cycles when there are some', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
      ['e', ['e']],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c'], ['e']]);
  });

  it('has no import cycle (type-only imports included)', () => {
    expect(cycles(graph).map((c) => c.map((f) => relative(ROOT, f)))).toEqual([]);
  });

  it('no adapter imports another adapter', () => {
    const adapterOf = (f: string) => /^adapters\/([^/]+)\//.exec(relative(ROOT, f))?.[1] ?? null;
    const violations: string[] = [];
    for (const [file, deps] of graph) {
      const own = adapterOf(file);
      if (!own) continue;
      for (const d of deps) {
        const other = adapterOf(d);
        if (other && other !== own) violations.push(`${relative(ROOT, file)} imports ${relative(ROOT, d)}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
