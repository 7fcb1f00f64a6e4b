import type { ServerResponse } from 'node:http';
import type { LoggedEvent } from '../core/messages.js';

/**
 * One whole SSE frame: clients in the wild keep `event:` only within one network read and
 * JSON.parse each `data:` line alone, so a frame is written in one write with one data line.
 */
export function sseFrame(event: string, data: unknown, id?: string): string {
  return `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The SSE view of a reply-stream event, or null for internal events renderers alone use. */
export function toSse(e: LoggedEvent, extra: Record<string, unknown> = {}): string | null {
  const who = e.twin ? { personality: e.twin.slug, twinId: e.twin.id } : {};
  switch (e.event) {
    case 'text_delta':
    case 'tool_start':
    case 'tool_call':
    case 'tool_result':
    case 'tool_complete':
    case 'reset':
      return sseFrame(e.event, { ...e.data, ...who }, e.id);
    case 'done':
      return sseFrame(e.event, { ...e.data, ...extra }, e.id);
    case 'error':
      // A job-level error ends the stream; one twin failing while others answer does not, so it
      // gets its own name that clients closing on `error` are not tripped by.
      return e.twin ? sseFrame('twin_error', { ...e.data, ...who }, e.id) : sseFrame('error', e.data, e.id);
    case 'status':
    case 'twin_done':
      return null;
  }
}

export function openSse(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  // Each frame is one small write; Nagle would hold the second behind the first's ACK.
  res.socket?.setNoDelay(true);
}
