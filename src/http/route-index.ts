/**
 * Every route the server registers, by path pattern, so a path known under another method is
 * answered 405 with `Allow` rather than 404. Filled from fastify's `onRoute` hook, so it covers
 * routes added later by any module without each listing its methods.
 */
export interface RouteEntry {
  method: string;
  url: string;
}

function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

export function createRouteIndex() {
  const routes: RouteEntry[] = [];
  const patterns = new Map<string, { re: RegExp; methods: Set<string> }>();
  return {
    add(methods: string | string[], url: string): void {
      for (const method of Array.isArray(methods) ? methods : [methods]) {
        routes.push({ method, url });
        let entry = patterns.get(url);
        if (!entry) patterns.set(url, (entry = { re: patternOf(url), methods: new Set() }));
        entry.methods.add(method);
      }
    },
    /** Methods registered for a concrete path (no query string), sorted; empty when unknown. */
    allowed(path: string): string[] {
      const found = new Set<string>();
      for (const { re, methods } of patterns.values()) if (re.test(path)) for (const m of methods) found.add(m);
      return [...found].sort();
    },
    routes(): readonly RouteEntry[] {
      return routes;
    },
  };
}

export type RouteIndex = ReturnType<typeof createRouteIndex>;
