/**
 * A loopback fake of the Slack Web API for tests: the real `@slack/web-api` WebClient talks to it
 * through `slackApiUrl: fake.apiUrl`. It also serves the `response_url`s it hands out, so Bolt's
 * `respond()` lands here too.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { createFakeLimits, type FakeLimits } from './limits.js';
import { handleDownload, handleUpload } from './files.js';
import { METHODS, type Args, type FakeWorkspace, type Result } from './methods.js';
import { createFakeSlackState, type FakeSlackState } from './state.js';

export interface FakeCall {
  method: string;
  args: Args;
  at: number;
  /** `ok`, the Slack error name, or `ratelimited`. */
  outcome: string;
}

export interface FakeSlackOptions {
  teamId?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  token?: string;
  maxTextChars?: number;
  /**
   * A native stream with no append for this long leaves the streaming state on Slack's side:
   * its text so far stays, and appendStream/stopStream answer `message_not_in_streaming_state`.
   */
  streamIdleMs?: number;
  /** Default: DM channels (`D…`) are assistant threads, others are not. */
  isAssistantThread?: (channel: string, threadTs: string) => boolean;
}

export interface FakeSlack {
  /** `http://127.0.0.1:<port>/api/` — hand to the WebClient as `slackApiUrl`. */
  readonly apiUrl: string;
  readonly baseUrl: string;
  readonly workspace: FakeWorkspace;
  readonly token: string;
  readonly state: FakeSlackState;
  readonly limits: FakeLimits;
  readonly calls: FakeCall[];
  callsOf(method: string): FakeCall[];
  /** A fresh `response_url` pointing at this fake. */
  newResponseUrl(): string;
  /** Serves an extra method to callers with their own token (`apps.connections.open` takes the app-level token). */
  mount(method: string, token: string, impl: (args: Args, ws: FakeWorkspace, state: FakeSlackState) => Result): void;
  close(): Promise<void>;
}

/** Keys whose form values are JSON, as the WebClient serializes objects and arrays. */
const JSON_FIELDS = new Set(['blocks', 'chunks', 'attachments', 'metadata']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function decodeArgs(raw: string, contentType: string): Args {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Args) : {};
  const form = parseQuery(raw);
  const args: Args = {};
  for (const [key, value] of Object.entries(form)) {
    const v = Array.isArray(value) ? value[0] : value;
    if (v === undefined) continue;
    if (JSON_FIELDS.has(key)) {
      try {
        args[key] = JSON.parse(v);
      } catch {
        args[key] = v;
      }
    } else args[key] = v;
  }
  return args;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const workspace: FakeWorkspace = {
    teamId: options.teamId ?? 'T0FAKE001',
    teamName: options.teamName ?? 'Fake Team',
    botUserId: options.botUserId ?? 'U0BOT0001',
    botId: options.botId ?? 'B0BOT0001',
    maxTextChars: options.maxTextChars ?? 40_000,
    streamIdleMs: options.streamIdleMs ?? 5 * 60_000,
    notInChannel: new Set(),
    isAssistantThread: options.isAssistantThread ?? ((channel) => channel.startsWith('D')),
  };
  const token = options.token ?? 'xoxb-fake-token';
  const state = createFakeSlackState();
  const limits = createFakeLimits();
  const calls: FakeCall[] = [];
  const responseIds = new Set<string>();
  const mounted = new Map<string, { token: string; impl: (args: Args, ws: FakeWorkspace, state: FakeSlackState) => Result }>();
  let responseSeq = 0;
  let baseUrl = '';

  async function handleApi(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let args: Args;
    try {
      args = decodeArgs(raw, String(req.headers['content-type'] ?? ''));
    } catch {
      send(res, 200, { ok: false, error: 'invalid_json' });
      return;
    }
    const record = (outcome: string) => calls.push({ method, args, at: Date.now(), outcome });
    const auth = String(req.headers.authorization ?? '');
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : '';
    if (!given) return void (record('not_authed'), send(res, 200, { ok: false, error: 'not_authed' }));
    if (given !== (mounted.get(method)?.token ?? token)) return void (record('invalid_auth'), send(res, 200, { ok: false, error: 'invalid_auth' }));
    const impl = mounted.get(method)?.impl ?? METHODS[method];
    const verdict = limits.check(method, workspace.teamId, Date.now());
    if (!verdict.ok) {
      const f = verdict.failure;
      if (f.kind === 'ratelimited') {
        record('ratelimited');
        send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(f.retryAfterSec) });
      } else if (f.kind === 'http') {
        record(`http_${f.status}`);
        send(res, f.status, { ok: false, error: 'fatal_error' });
      } else {
        record(f.error);
        send(res, 200, { ok: false, error: f.error, ...(f.error === 'unknown_method' ? { req_method: method } : {}) });
      }
      return;
    }
    if (!impl) return void (record('unknown_method'), send(res, 200, { ok: false, error: 'unknown_method', req_method: method }));
    const result: Result = impl(args, workspace, state);
    record(result.ok ? 'ok' : String(result.error));
    send(res, 200, result);
    state.changed();
  }

  async function handleResponseUrl(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (!responseIds.has(id)) return void send(res, 404, { ok: false, error: 'no_such_response_url' });
    let body: Record<string, unknown>;
    try {
      body = String(req.headers['content-type'] ?? '').includes('json')
        ? (JSON.parse(raw) as Record<string, unknown>)
        : (decodeArgs(raw, '') as Record<string, unknown>);
    } catch {
      return void send(res, 400, { ok: false, error: 'invalid_json' });
    }
    state.responses.push({ id, body, at: Date.now() });
    send(res, 200, { ok: true });
    state.changed();
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    const response = /^\/response\/([\w-]+)$/.exec(url.pathname);
    const upload = /^\/upload\/v1\/(\w+)$/.exec(url.pathname);
    const download = /^\/files-pri\/(\w+)\/[^/]+$/.exec(url.pathname);
    if (req.method === 'GET' && download?.[1]) return void handleDownload(download[1], req, res, state, token);
    const work =
      req.method === 'POST' && upload?.[1]
        ? handleUpload(upload[1], req, res, state)
        : req.method === 'POST' && api?.[1]
        ? handleApi(api[1], req, res)
        : req.method === 'POST' && response?.[1]
          ? handleResponseUrl(response[1], req, res)
          : Promise.resolve(send(res, 404, { ok: false, error: 'not_found' }));
    work.catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'fake_crashed', detail: String(err) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  state.uploadBase = baseUrl;

  return {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    workspace,
    token,
    state,
    limits,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    newResponseUrl() {
      responseSeq += 1;
      const id = `resp-${responseSeq}-${Math.random().toString(36).slice(2, 8)}`;
      responseIds.add(id);
      return `${baseUrl}/response/${id}`;
    },
    mount: (method, methodToken, impl) => void mounted.set(method, { token: methodToken, impl }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
