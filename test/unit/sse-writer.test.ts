/**
 * Issue 9: SSE honours backpressure and has a maximum lifetime. The client is a real Node
 * Writable that never drains (a socket whose peer stopped reading), so frames pile up in its
 * buffer; past the bound the response is ended with a comment saying why, instead of growing.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSseWriter, type SseEndReason } from '../../src/http/sse-writer.js';

/** A writable whose peer never reads: the first chunk is taken and never acknowledged. */
function stalledClient() {
  const chunks: string[] = [];
  const w = new Writable({
    highWaterMark: 256,
    write(chunk: Buffer, _enc, _callback) {
      chunks.push(chunk.toString());
    },
    final(callback) {
      callback();
    },
  });
  return { w, chunks };
}

function ended(): { reasons: SseEndReason[]; next: Promise<SseEndReason>; push: (r: SseEndReason) => void } {
  const reasons: SseEndReason[] = [];
  let resolve!: (r: SseEndReason) => void;
  const next = new Promise<SseEndReason>((r) => (resolve = r));
  return { reasons, next, push: (r) => (reasons.push(r), resolve(r)) };
}

describe('SSE writer', () => {
  it('ends a client that does not read once its buffer passes the bound, with the reason', async () => {
    const { w } = stalledClient();
    const e = ended();
    const out = createSseWriter(w, { maxBufferBytes: 4096, maxLifetimeMs: 3600_000, keepaliveMs: 3600_000 }, e.push);
    const frame = `event: text_delta\ndata: ${JSON.stringify({ content: 'x'.repeat(200) })}\n\n`;
    let written = 0;
    for (let i = 0; i < 10_000 && !out.ended; i++) {
      out.write(frame);
      written++;
    }
    expect(await e.next).toBe('slow-client');
    expect(out.ended).toBe(true);
    // Bounded: it stopped after about maxBufferBytes worth of frames, not 10,000 of them.
    expect(written).toBeLessThan(40);
    expect(w.writableLength).toBeLessThan(4096 + 2 * frame.length + 200);
    out.write(frame);
    expect(e.reasons).toEqual(['slow-client']);
  });

  it('keeps a reading client, and ends every response at its maximum lifetime', async () => {
    const seen: string[] = [];
    const w = new Writable({
      write(chunk: Buffer, _enc, callback) {
        seen.push(chunk.toString());
        callback();
      },
    });
    const e = ended();
    const out = createSseWriter(w, { maxBufferBytes: 1024, maxLifetimeMs: 50, keepaliveMs: 3600_000 }, e.push);
    for (let i = 0; i < 100; i++) out.write('event: text_delta\ndata: {"content":"hello"}\n\n');
    expect(out.ended).toBe(false);
    expect(await e.next).toBe('lifetime');
    expect(seen.at(-1)).toMatch(/^: .*maximum lifetime.*Last-Event-ID/);
    expect(w.writableEnded).toBe(true);
  });
});
