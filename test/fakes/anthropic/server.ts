/**
 * A loopback fake of the Anthropic Messages API (`POST /v1/messages`) that the real
 * `@anthropic-ai/sdk` talks to through `baseURL`. Scripted per test with `enqueue()`; when nothing
 * is queued it answers instantly and deterministically (see defaults.ts), so benchmarks can use
 * it as a model. See types.ts for the scripting vocabulary.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultResponder } from './defaults.js';
import { errorBody, errorEvent, render, type Ids, type Rendered, type UsageBase } from './render.js';
import type {
  FakeAnthropic,
  FakeAnthropicOptions,
  FakeErrorType,
  FakeMessagesBody,
  FakeResponder,
  FakeTurn,
  RecordedRequest,
} from './types.js';
import { validateBody } from './validate.js';

export type * from './types.js';
export { sampleFromSchema, wordChunks } from './defaults.js';

const DEFAULT_MESSAGES: Record<FakeErrorType, string> = {
  invalid_request_error: 'Invalid request',
  authentication_error: 'invalid x-api-key',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  billing_error: 'Your credit balance is too low to access the Anthropic API.',
  not_found_error: 'Not found',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit',
  timeout_error: 'Request timed out',
  api_error: 'Internal server error',
  overloaded_error: 'Overloaded',
};

const STATUS_OF: Record<FakeErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  timeout_error: 504,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

function textOf(content: FakeMessagesBody['system'] | FakeMessagesBody['messages'][number]['content'], sep: string): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .filter((b) => b.type === 'text' && typeof b['text'] === 'string')
    .map((b) => String(b['text']))
    .join(sep);
}

function lastUserText(body: FakeMessagesBody): string {
  for (let i = body.messages.length - 1; i >= 0; i--) {
    const m = body.messages[i];
    if (m?.role === 'user') return textOf(m.content, ' ');
  }
  return '';
}

/** Index of the event before which the scripted stop happens: the (n+1)-th delta, else message_delta. */
function cutIndex(events: Rendered['events'], afterChunks: number): number {
  let deltas = 0;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i];
    if (ev?.delta && deltas++ === afterChunks) return i;
    if (ev?.text.startsWith('event: message_delta')) return i;
  }
  return events.length;
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const queue: Array<FakeTurn | FakeResponder> = [];
  let responder: FakeResponder = defaultResponder;
  const requests: RecordedRequest[] = [];
  const stats = { received: 0, open: 0, clientAborts: 0 };
  const openResponses = new Set<ServerResponse>();
  const cachedSystems = new Set<string>();
  const waiters: Array<{ done: () => boolean; resolve: () => void }> = [];
  let seq = 0;
  let closing = false;
  const ids: Ids = { next: (prefix) => `${prefix}${(++seq).toString(36).padStart(8, '0')}` };
  const validate = options.validate ?? true;
  const record = options.record ?? true;

  const notify = (): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w?.done()) {
        waiters.splice(i, 1);
        w.resolve();
      }
    }
  };
  const waitFor = (done: () => boolean): Promise<void> =>
    done() ? Promise.resolve() : new Promise((resolve) => waiters.push({ done, resolve }));

  function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string, extra: Record<string, string> = {}): void {
    if (res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, ...extra });
    res.end(text);
  }

  function sendError(res: ServerResponse, status: number, type: string, message: string, requestId: string, extra: Record<string, string> = {}): void {
    sendJson(res, status, errorBody(type, message, requestId), requestId, extra);
  }

  function usageBase(body: FakeMessagesBody, systemText: string, rawLength: number): UsageBase {
    const cached = Array.isArray(body.system) && body.system.some((b) => b.cache_control != null);
    const systemTokens = cached ? Math.ceil(systemText.length / 4) : 0;
    const base = { inputTokens: Math.max(1, Math.ceil(rawLength / 4) - systemTokens), cacheCreationTokens: 0, cacheReadTokens: 0 };
    if (systemTokens > 0 && cachedSystems.has(systemText)) base.cacheReadTokens = systemTokens;
    else if (systemTokens > 0) {
      cachedSystems.add(systemText);
      base.cacheCreationTokens = systemTokens;
    }
    return base;
  }

  async function writeStream(res: ServerResponse, turn: FakeTurn, rendered: Rendered, requestId: string, gone: () => boolean): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': requestId });
    const hangAfter = turn.hang === true ? 0 : typeof turn.hang === 'object' ? turn.hang.afterChunks : Infinity;
    const errorAfter = turn.streamError?.afterChunks ?? Infinity;
    const cutAfter = turn.cutOff?.afterChunks ?? Infinity;
    const stopAfter = Math.min(hangAfter, errorAfter, cutAfter);
    const { events } = rendered;
    const cut = stopAfter === Infinity ? events.length : cutIndex(events, stopAfter);
    const delay = turn.chunkDelayMs ?? options.chunkDelayMs ?? 0;
    let buf = '';
    for (let i = 0; i < cut; i++) {
      const ev = events[i];
      if (!ev) break;
      if (ev.delta && delay > 0) {
        if (buf) res.write(buf);
        buf = '';
        await sleep(delay);
        if (gone()) return;
      }
      buf += ev.text;
    }
    if (stopAfter === Infinity) {
      res.end(buf);
    } else if (stopAfter === errorAfter) {
      const type = turn.streamError?.type ?? 'overloaded_error';
      res.end(buf + errorEvent(type, turn.streamError?.message ?? DEFAULT_MESSAGES[type], requestId));
    } else if (stopAfter === cutAfter) {
      res.end(buf);
    } else if (buf) {
      // Hang: leave the response open until the client or close() ends it.
      res.write(buf);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let gone = false;
    stats.open++;
    openResponses.add(res);
    res.on('error', () => undefined);
    res.on('close', () => {
      stats.open--;
      openResponses.delete(res);
      if (!res.writableFinished && !closing) {
        gone = true;
        stats.clientAborts++;
        notify();
      }
    });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const requestId = ids.next('req_fake_');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    stats.received++;
    notify();

    if (req.method !== 'POST' || path !== '/v1/messages') {
      return sendError(res, 404, 'not_found_error', `Not found: ${req.method ?? ''} ${path}`, requestId);
    }
    const xApiKey = header(req, 'x-api-key');
    const authorization = header(req, 'authorization');
    const apiKey = xApiKey ?? (authorization?.startsWith('Bearer ') ? authorization.slice(7) : null);
    if (!apiKey) return sendError(res, 401, 'authentication_error', 'x-api-key header is required', requestId);
    if (options.apiKey !== undefined && apiKey !== options.apiKey) {
      return sendError(res, 401, 'authentication_error', 'invalid x-api-key', requestId);
    }
    const anthropicVersion = header(req, 'anthropic-version');
    if (!anthropicVersion) return sendError(res, 400, 'invalid_request_error', 'anthropic-version: header is required', requestId);
    let body: FakeMessagesBody;
    try {
      body = JSON.parse(raw) as FakeMessagesBody;
    } catch {
      return sendError(res, 400, 'invalid_request_error', 'There was an issue with the request body: invalid JSON', requestId);
    }
    const invalid = validate ? validateBody(body) : null;
    if (invalid) return sendError(res, 400, 'invalid_request_error', invalid, requestId);

    const systemText = textOf(body.system, '\n');
    const rec: RecordedRequest = {
      method: req.method,
      path,
      headers: req.headers,
      apiKey,
      xApiKey,
      authorization,
      anthropicVersion,
      anthropicBeta: (header(req, 'anthropic-beta') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      body,
      stream: body.stream === true,
      systemText,
      lastUserText: lastUserText(body),
      requestId,
      receivedAt: Date.now(),
    };
    if (record) requests.push(rec);
    const next = queue.shift();
    const turn = next === undefined ? responder(rec) : typeof next === 'function' ? next(rec) : next;

    if (turn.headersDelayMs) {
      await sleep(turn.headersDelayMs);
      if (gone) return;
    }
    if (turn.error) {
      const { status, type } = turn.error;
      const extra: Record<string, string> = {};
      if (turn.error.retryAfter !== undefined) extra['retry-after'] = String(turn.error.retryAfter);
      if (turn.error.retryAfterMs !== undefined) extra['retry-after-ms'] = String(turn.error.retryAfterMs);
      return sendError(res, status, type, turn.error.message ?? DEFAULT_MESSAGES[type], requestId, extra);
    }
    const rendered = render(turn, turn.model ?? body.model, ids.next('msg_fake_'), usageBase(body, systemText, raw.length), ids);
    if (rec.stream) return writeStream(res, turn, rendered, requestId, () => gone);
    if (turn.hang) return;
    if (turn.streamError) {
      const type = turn.streamError.type ?? 'overloaded_error';
      return sendError(res, STATUS_OF[type], type, turn.streamError.message ?? DEFAULT_MESSAGES[type], requestId);
    }
    sendJson(res, 200, rendered.message, requestId);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'api_error', `fake server failure: ${String(err)}`, 'req_fake_error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept backlog: the benchmark opens 1000 connections at once.
    server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stats,
    enqueue: (...turns) => {
      queue.push(...turns);
    },
    setDefault: (fn) => {
      responder = fn ?? defaultResponder;
    },
    pending: () => queue.length,
    lastRequest: () => requests[requests.length - 1],
    waitForRequests: (count) => waitFor(() => stats.received >= count),
    waitForClientAborts: (count) => waitFor(() => stats.clientAborts >= count),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      responder = defaultResponder;
      stats.received = 0;
      stats.clientAborts = 0;
    },
    close: async () => {
      closing = true;
      for (const res of openResponses) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
