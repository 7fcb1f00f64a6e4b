/**
 * Loopback fake of the Mind Reasoner public API (`/api/public/v1`): Bearer auth, `GET /minds`
 * (documented `{minds: [...]}` envelope, optionally paged by `nextCursor`), `POST /simulate`.
 * Scriptable failures: HTTP errors, hangs, garbage bodies, 429 with Retry-After.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMind {
  id: string;
  name: string;
  [field: string]: unknown;
}

export interface FakeAnswer {
  message: string;
  confidence?: number | null;
  analysis?: Record<string, string> | null;
}

export type FakeFailure =
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: 'hang' }
  | { kind: 'garbage'; body?: string; status?: number }
  | { kind: 'rate_limit'; retryAfter?: string; body?: unknown };

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeMindReasonerOptions {
  apiKey?: string;
  minds?: FakeMind[];
  /** Page the listing with `nextCursor` when set. */
  pageSize?: number;
  /** How `/minds` wraps the list. */
  envelope?: 'minds' | 'data' | 'array';
  answer?: FakeAnswer | ((req: { mindId: string; message: string; model: unknown }) => FakeAnswer);
}

export interface FakeMindReasoner {
  /** Base URL including `/api/public/v1`, as MIND_REASONER_API_URL would be. */
  url: string;
  apiKey: string;
  requests: FakeRequest[];
  setMinds(minds: FakeMind[]): void;
  setAnswer(answer: NonNullable<FakeMindReasonerOptions['answer']>): void;
  /** The next `times` requests (to `path`, if given) fail as scripted. */
  failNext(failure: FakeFailure, options?: { times?: number; path?: '/minds' | '/simulate' }): void;
  close(): Promise<void>;
}

const BASE_PATH = '/api/public/v1';

export async function startFakeMindReasoner(opts: FakeMindReasonerOptions = {}): Promise<FakeMindReasoner> {
  const apiKey = opts.apiKey ?? 'mr_test_key_123';
  let minds = opts.minds ?? [];
  let answer = opts.answer ?? { message: 'I would listen first, then decide.', confidence: 0.85 };
  const failures: { failure: FakeFailure; path: string | null; left: number }[] = [];
  const requests: FakeRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => send(res, 500, { error: 'Internal', message: 'fake crashed' }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const path = url.pathname.startsWith(BASE_PATH) ? url.pathname.slice(BASE_PATH.length) : url.pathname;
    requests.push({
      method: req.method ?? '',
      path,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      body,
    });
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return send(res, 401, { error: 'Unauthorized', message: 'Invalid or missing API key', code: 'AUTH_FAILED' });
    }
    const scripted = takeFailure(path);
    if (scripted) return fail(res, scripted);
    if (req.method === 'GET' && path === '/minds') return listMinds(res, url.searchParams.get('cursor'));
    if (req.method === 'POST' && path === '/simulate') return simulate(res, body);
    return send(res, 404, { error: 'Not Found', message: `no route ${req.method} ${path}`, code: 'NOT_FOUND' });
  }

  function takeFailure(path: string): FakeFailure | null {
    const idx = failures.findIndex((f) => f.path === null || f.path === path);
    const entry = failures[idx];
    if (!entry) return null;
    entry.left -= 1;
    if (entry.left <= 0) failures.splice(idx, 1);
    return entry.failure;
  }

  function fail(res: ServerResponse, failure: FakeFailure): void {
    switch (failure.kind) {
      case 'status':
        return send(res, failure.status, failure.body ?? { error: 'Server Error', message: 'scripted failure', code: 'INTERNAL' });
      case 'hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'garbage':
        res.writeHead(failure.status ?? 200, { 'content-type': 'application/json' });
        res.end(failure.body ?? '<html>definitely not json');
        return;
      case 'rate_limit': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (failure.retryAfter !== undefined) headers['retry-after'] = failure.retryAfter;
        res.writeHead(429, headers);
        res.end(JSON.stringify(failure.body ?? { error: 'Too Many Requests', message: 'Rate limit exceeded', code: 'RATE_LIMITED' }));
        return;
      }
    }
  }

  function listMinds(res: ServerResponse, cursor: string | null): void {
    const envelope = opts.envelope ?? 'minds';
    const size = opts.pageSize;
    const start = cursor ? Number(cursor) : 0;
    const page = size ? minds.slice(start, start + size) : minds;
    const next = size && start + size < minds.length ? String(start + size) : null;
    if (envelope === 'array') return send(res, 200, page);
    const list = envelope === 'data' ? { data: page } : { minds: page };
    return send(res, 200, size ? { ...list, nextCursor: next } : list);
  }

  function simulate(res: ServerResponse, body: unknown): void {
    const b = body as { mindId?: unknown; scenario?: { message?: unknown }; selectedSimulationModel?: unknown } | null;
    if (!b || typeof b.mindId !== 'string' || typeof b.scenario?.message !== 'string') {
      return send(res, 400, { error: 'Bad Request', message: 'mindId and scenario.message are required', code: 'INVALID_REQUEST' });
    }
    if (!minds.some((m) => m.id === b.mindId)) {
      return send(res, 404, { error: 'Not Found', message: 'Mind not found', code: 'NOT_FOUND' });
    }
    const reply =
      typeof answer === 'function'
        ? answer({ mindId: b.mindId, message: b.scenario.message, model: b.selectedSimulationModel })
        : answer;
    return send(res, 200, reply);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    apiKey,
    requests,
    setMinds(next) {
      minds = next;
    },
    setAnswer(next) {
      answer = next;
    },
    failNext(failure, options = {}) {
      failures.push({ failure, path: options.path ?? null, left: options.times ?? 1 });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A realistic mind as the documented `GET /minds` returns it. */
export function fakeMind(id: string, name: string, extra: Partial<FakeMind> = {}): FakeMind {
  return {
    id,
    name,
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    email: null,
    imageUrl: `https://example.com/${id}.png`,
    socialMedia: {},
    scope: 'private',
    isSelf: false,
    tokenCount: 1500,
    organizationId: '123e4567-e89b-12d3-a456-426614174001',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    digitalTwins: [
      {
        id: `${id}-twin`,
        name: 'Default Twin',
        mindId: id,
        isDefault: true,
        mindAssessments: [{ id: `${id}-snap`, mindId: id, status: 'completed' }],
      },
    ],
    ...extra,
  };
}
