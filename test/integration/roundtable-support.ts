/** Helpers for the roundtable integration tests: create over HTTP, follow the SSE stream. */
import type { TestApp } from '../support/harness.js';
import { api, SseReader, type Client, type SseEvent } from './chat-support.js';


/* eslint-disable @typescript-eslint/no-explicit-any */
export async function createRoundtable(c: Client, body: Record<string, unknown>): Promise<{ status: number; body: any }> {
  return api(c, 'POST', '/api/v2/roundtables', body);
}

export async function openRoundtableStream(c: Client, id: string, lastEventId?: string): Promise<SseReader> {
  const controller = new AbortController();
  const res = await fetch(`${c.app.url}/api/v2/roundtables/${id}/stream`, {
    headers: { authorization: `Bearer ${c.token}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  if (res.status !== 200) throw new Error(`stream answered ${res.status}: ${await res.text()}`);
  return new SseReader(res, controller);
}

/** The event names with each turn's run of text deltas collapsed into one `text_delta`. */
export function shape(events: SseEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) if (!(e.event === 'text_delta' && out[out.length - 1] === 'text_delta')) out.push(e.event);
  return out;
}

/** Each turn's text as a renderer shows it (a `reset` drops that turn's partial text). */
export function turnTexts(events: SseEvent[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const e of events) {
    if (e.event === 'reset') out.set(e.data.turn, '');
    if (e.event === 'text_delta') out.set(e.data.turn, (out.get(e.data.turn) ?? '') + e.data.content);
  }
  return out;
}

/** The roundtable's replies in the channel history (assistant rows), oldest first. */
export async function storedTurns(app: TestApp, channelId: string): Promise<{ turn: number; content: string }[]> {
  return (await app.core.store.messages.history(channelId, null, Number.MAX_SAFE_INTEGER, 1000))
    .filter((m) => m.role === 'assistant' && m.meta['roundtable'])
    .map((m) => ({ turn: (m.meta['roundtable'] as { turn: number }).turn, content: m.content }));
}

