/**
 * Threads a twin is part of, so plain replies in them reach the twins without a mention. A bounded
 * in-memory cache in front of the stored history (`fallback`), so threads survive restarts.
 */
export interface ThreadMemory {
  track(teamId: string, channelId: string, threadTs: string): void;
  /** The twin (slug) that last answered in the thread; undefined when the thread is unknown. */
  lastTwin(teamId: string, channelId: string, threadTs: string): Promise<string | null | undefined>;
  noteTwin(teamId: string, channelId: string, threadTs: string, slug: string | null): void;
}

export function createThreadMemory(
  options: { max?: number; fallback?: (teamId: string, channelId: string, threadTs: string) => Promise<string | null> } = {},
): ThreadMemory {
  const max = options.max ?? 10_000;
  const threads = new Map<string, string | null>();
  const key = (t: string, c: string, ts: string) => `${t}:${c}:${ts}`;

  function touch(k: string, value: string | null): void {
    threads.delete(k);
    threads.set(k, value);
    // Map keeps insertion order: the first key is the least recently used.
    while (threads.size > max) {
      const oldest = threads.keys().next().value;
      if (oldest === undefined) break;
      threads.delete(oldest);
    }
  }

  return {
    track(t, c, ts) {
      const k = key(t, c, ts);
      touch(k, threads.get(k) ?? null);
    },
    async lastTwin(t, c, ts) {
      const k = key(t, c, ts);
      if (threads.has(k)) return threads.get(k) ?? null;
      const stored = (await options.fallback?.(t, c, ts)) ?? null;
      if (stored === null) return undefined;
      touch(k, stored);
      return stored;
    },
    noteTwin(t, c, ts, slug) {
      const k = key(t, c, ts);
      touch(k, slug ?? threads.get(k) ?? null);
    },
  };
}
