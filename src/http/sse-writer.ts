import type { Writable } from 'node:stream';

export interface SseWriterOptions {
  /** A client whose socket has not drained past this many bytes is let go. */
  maxBufferBytes: number;
  /** Every response ends after this long; the client re-attaches with Last-Event-ID. */
  maxLifetimeMs: number;
  keepaliveMs: number;
}

export type SseEndReason = 'finished' | 'slow-client' | 'lifetime' | 'closed';

/**
 * Writes one SSE response with bounds: `res.write()` returning false means the client is not
 * reading; frames then queue in the socket's buffer, and past `maxBufferBytes` the response is
 * ended with a comment saying why (the log keeps every event, so the client re-attaches from its
 * Last-Event-ID and misses nothing) instead of buffering without bound. Every response also ends
 * after `maxLifetimeMs`. Keepalives are skipped while frames are still queued.
 */
export function createSseWriter(res: Writable, options: SseWriterOptions, onEnd: (reason: SseEndReason) => void) {
  let ended = false;
  const end = (reason: SseEndReason, note?: string) => {
    if (ended) return;
    ended = true;
    clearInterval(keepalive);
    clearTimeout(lifetime);
    if (note && !res.destroyed) res.write(`: ${note}\n\n`);
    res.end();
    onEnd(reason);
  };
  const keepalive = setInterval(() => {
    if (res.writableLength === 0) res.write(': keepalive\n\n');
  }, options.keepaliveMs);
  const lifetime = setTimeout(
    () => end('lifetime', 'this response reached its maximum lifetime; re-attach with Last-Event-ID'),
    options.maxLifetimeMs,
  );
  res.on('close', () => end('closed'));
  return {
    get ended() {
      return ended;
    },
    write(frame: string): void {
      if (ended) return;
      res.write(frame);
      if (res.writableLength > options.maxBufferBytes) end('slow-client', 'the client is not reading; re-attach with Last-Event-ID');
    },
    end: () => end('finished'),
  };
}

export type SseWriter = ReturnType<typeof createSseWriter>;
