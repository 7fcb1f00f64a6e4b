/**
 * Helpers for the chat integration tests: real HTTP (fetch), SSE parsed by hand from the raw
 * body, and a check that every event reached the socket whole (the way clients in the wild read
 * it: `event:` remembered only within one network read, each `data:` line parsed on its own).
 */
import { expect } from 'vitest';
import { startTestApp, type TestApp, type TestAppOptions } from '../support/harness.js';

/**
 * The app with its HTTP API. The model default is pinned: the SDK console.warns on every call
 * to a deprecated model; pinning keeps the tests independent of the config default.
 */
export function startChatApp(options: TestAppOptions = {}): Promise<TestApp> {
  return startTestApp({ api: true, ...options, env: { ANTHROPIC_MODEL: 'claude-sonnet-4-6', ...options.env } });
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface SseEvent {
  event: string;
  id: string | null;
  data: any;
}

/** Parses one frame strictly: optional `id:`, one `event:`, exactly one one-line JSON `data:`. */
export function parseFrame(frame: string): SseEvent | null {
  const lines = frame.split('\n');
  if (lines.every((l) => l.startsWith(':'))) return null; // a comment (keepalive)
  let event: string | null = null;
  let id: string | null = null;
  const data: string[] = [];
  for (const line of lines) {
    if (line.startsWith('event: ')) {
      if (event !== null) throw new Error(`two event lines in frame ${JSON.stringify(frame)}`);
      event = line.slice(7);
    } else if (line.startsWith('id: ')) id = line.slice(4);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
    else throw new Error(`unexpected line ${JSON.stringify(line)} in frame ${JSON.stringify(frame)}`);
  }
  if (event === null) throw new Error(`frame without event line: ${JSON.stringify(frame)}`);
  if (data.length !== 1) throw new Error(`frame must carry exactly one data line: ${JSON.stringify(frame)}`);
  return { event, id, data: JSON.parse(data[0]!) };
}

/**
 * Reads an SSE response incrementally. Every network read must hold whole frames only (it ends
 * on a blank line), and every event must carry an `id:`.
 */
export class SseReader {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  readonly reads: string[] = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private queued: SseEvent[] = [];
  private ended = false;

  constructor(
    readonly res: Response,
    private readonly controller?: AbortController,
    private readonly requireIds = true,
  ) {
    if (!res.body) throw new Error('response has no body');
    this.reader = res.body.getReader();
  }

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    let chunk: Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
    try {
      chunk = await this.reader.read();
    } catch (err) {
      if (this.controller?.signal.aborted) {
        this.ended = true;
        return false;
      }
      throw err;
    }
    if (chunk.done) {
      this.ended = true;
      return false;
    }
    const text = this.decoder.decode(chunk.value, { stream: true });
    this.reads.push(text);
    if (!text.endsWith('\n\n')) throw new Error(`a network read ended inside a frame: ${JSON.stringify(text.slice(-200))}`);
    for (const frame of text.slice(0, -2).split('\n\n')) {
      const e = parseFrame(frame);
      if (!e) {
        this.comments.push(frame);
        continue;
      }
      if (this.requireIds && !e.id) throw new Error(`event without id: ${frame}`);
      this.events.push(e);
      this.queued.push(e);
    }
    return true;
  }

  /** The next event, or null when the stream ended. */
  async next(): Promise<SseEvent | null> {
    while (this.queued.length === 0) if (!(await this.pull())) return null;
    return this.queued.shift()!;
  }

  /** Reads until `pred` matches (that event included); throws if the stream ends first. */
  async until(pred: (e: SseEvent) => boolean): Promise<SseEvent[]> {
    const out: SseEvent[] = [];
    for (;;) {
      const e = await this.next();
      if (!e) throw new Error(`stream ended before the awaited event; got ${out.map((x) => x.event).join(',')}`);
      out.push(e);
      if (pred(e)) return out;
    }
  }

  /** Reads to the end of the stream. */
  async rest(): Promise<SseEvent[]> {
    const out: SseEvent[] = [];
    for (let e = await this.next(); e; e = await this.next()) out.push(e);
    return out;
  }

  /** Disconnects the client. */
  close(): void {
    this.controller?.abort();
    this.reader.cancel().catch(() => undefined);
  }
}

export interface Client {
  app: TestApp;
  token: string;
  userId: string;
}

export async function client(app: TestApp, userId: string, customerId?: string): Promise<Client> {
  return { app, userId, token: await app.token(userId, customerId) };
}

function headersFor(c: Client, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', ...extra };
}

export async function chat(c: Client, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${c.app.url}/api/v1/chat`, { method: 'POST', headers: headersFor(c, headers), body: JSON.stringify(body) });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** Opens a stream; the reader is returned as soon as headers arrive. */
export async function openStream(c: Client, body: unknown, headers: Record<string, string> = {}): Promise<SseReader> {
  const controller = new AbortController();
  const res = await fetch(`${c.app.url}/api/v2/chat/stream`, {
    method: 'POST',
    headers: headersFor(c, { accept: 'text/event-stream', ...headers }),
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  if (res.status !== 200) throw new Error(`stream answered ${res.status}: ${await res.text()}`);
  return new SseReader(res, controller);
}

export async function reattach(
  c: Client,
  streamId: string,
  lastEventId?: string,
  opts: { requireIds?: boolean } = {},
): Promise<Response & { reader?: SseReader }> {
  const controller = new AbortController();
  const res = await fetch(`${c.app.url}/api/v2/chat/stream/${streamId}`, {
    headers: headersFor(c, lastEventId ? { 'last-event-id': lastEventId, accept: 'text/event-stream' } : { accept: 'text/event-stream' }),
    signal: controller.signal,
  });
  return Object.assign(res, res.status === 200 ? { reader: new SseReader(res, controller, opts.requireIds ?? true) } : {});
}

/** Streams a message to the end. */
export async function stream(c: Client, body: unknown, headers: Record<string, string> = {}): Promise<SseEvent[]> {
  const r = await openStream(c, body, headers);
  await r.rest();
  return r.events;
}

export async function api(c: Client, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${c.app.url}${path}`, {
    method,
    headers: body === undefined ? { authorization: `Bearer ${c.token}` } : headersFor(c),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

/** Adds a catalog twin (by slug) to the client's workspace through the workspace API. */
export async function addTwin(c: Client, slug: string, opts: { mode?: string; favorite?: boolean } = {}): Promise<string> {
  const twin = (await c.app.core.store.twins.resolve(slug));
  if (!twin) throw new Error(`no bundled twin ${slug}`);
  const res = await api(c, 'POST', '/api/v2/twin-workspace/twins', {
    twin_id: twin.id,
    ...(opts.mode ? { participation_mode: opts.mode } : {}),
    ...(opts.favorite !== undefined ? { is_favorite: opts.favorite } : {}),
  });
  expect(res.status).toBe(201);
  return twin.id;
}

export async function patchTwin(c: Client, twinId: string, patch: Record<string, unknown>): Promise<void> {
  const res = await api(c, 'PATCH', `/api/v2/twin-workspace/twins/${twinId}`, patch);
  expect(res.status).toBe(200);
}

/** The concatenated text of the text_delta events after the last reset. */
export function textAfterReset(events: SseEvent[]): string {
  let text = '';
  for (const e of events) {
    if (e.event === 'reset') text = '';
    if (e.event === 'text_delta') text += e.data.content;
  }
  return text;
}

export const names = (events: SseEvent[]): string[] => events.map((e) => e.event);

/**
 * Event names with each run of text deltas as one `text_delta`: the publisher merges the deltas
 * that arrive while a publish is in flight, so how many there are depends on timing.
 */
export const shape = (events: SseEvent[]): string[] =>
  names(events).filter((n, i, all) => !(n === 'text_delta' && all[i - 1] === 'text_delta'));

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `fn` returns a truthy value. */
export async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The stored messages of the channel a job belongs to, oldest first (replies included). */
export async function channelOf(app: TestApp, jobId: string) {
  const user = (await app.core.store.messages.userMessage(jobId));
  if (!user) throw new Error(`no stored message for job ${jobId}`);
  return { id: user.channelId, messages: (await app.core.store.messages.history(user.channelId, null, Number.MAX_SAFE_INTEGER, 1000)) };
}

/** Counts of the queue's jobs (to prove nothing was enqueued). */
export async function jobCount(app: TestApp): Promise<number> {
  const counts = await app.core.queue.counts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
