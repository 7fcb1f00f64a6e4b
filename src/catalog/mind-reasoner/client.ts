/**
 * MindReasonerClient: the public Mind Reasoner API over global fetch.
 * Docs: https://docs.mindreasoner.com/direct-api (base `https://app.mindreasoner.com/api/public/v1`,
 * `Authorization: Bearer <key>`, `GET /minds`, `POST /simulate`). See ./schemas.ts for what is
 * documented and what is accepted defensively.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import { httpError, createRedactor, invalidResponse, thrownError } from './errors.js';
import {
  mindPageSchema,
  normalizeMind,
  simulateResponseSchema,
  wireMindSchema,
  type Mind,
  type SimulationResult,
} from './schemas.js';

export type { Mind, SimulationAnalysis, SimulationResult } from './schemas.js';

export interface MindReasonerClientOptions {
  /** e.g. `https://app.mindreasoner.com/api/public/v1`. */
  baseUrl: string;
  apiKey: string;
  /** Per HTTP request, body included. */
  timeoutMs: number;
  /** `selectedSimulationModel`: `mind-reasoner-pro` (recommended) or `mind-reasoner-standard`. */
  simulationModel: string;
  /** A listing longer than this is refused rather than returned partial. */
  maxPages?: number;
}

export interface MindReasonerClientDeps {
  logger: Logger;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface SimulateInput {
  mindId: string;
  message: string;
  /** Overrides the configured `simulationModel` for this call. */
  model?: string;
  signal?: AbortSignal;
}

export interface MindReasonerClient {
  readonly simulationModel: string;
  /** Every mind of the account, all pages. Errors are AppError. */
  listMinds(options?: { signal?: AbortSignal }): Promise<Mind[]>;
  simulate(input: SimulateInput): Promise<SimulationResult>;
}

interface RequestSpec {
  operation: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

const DEFAULT_MAX_PAGES = 100;

export function createMindReasonerClient(
  options: MindReasonerClientOptions,
  deps: MindReasonerClientDeps,
): MindReasonerClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = deps.fetch ?? fetch;
  const logger = deps.logger.child({ component: 'mind-reasoner' });
  const redact = createRedactor(options.apiKey);
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;

  async function request(spec: RequestSpec): Promise<unknown> {
    const url = new URL(`${base}${spec.path}`);
    for (const [k, v] of Object.entries(spec.query ?? {})) url.searchParams.set(k, v);
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, deadline]) : deadline;
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.apiKey}`,
      accept: 'application/json',
    };
    const init: RequestInit = { method: spec.method, headers, signal };
    if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(spec.body);
    }
    const started = performance.now();
    let status = 0;
    let text: string;
    let responseHeaders: Headers;
    try {
      const res = await fetchImpl(url, init);
      status = res.status;
      responseHeaders = res.headers;
      // Reading the body stays under the same deadline: a server may stall mid-body.
      text = await res.text();
    } catch (err) {
      const error = thrownError(spec.operation, err, deadline, spec.signal, options.timeoutMs, redact);
      // A caller that gave up (client gone, shutdown) is not an upstream problem worth a warning.
      const level = spec.signal?.aborted ? 'debug' : 'warn';
      logger[level]({ op: spec.operation, status, ms: elapsed(started), err: describe(error) }, 'mind reasoner request failed');
      throw error;
    }
    logger.debug({ op: spec.operation, path: url.pathname, status, ms: elapsed(started) }, 'mind reasoner request');
    if (status < 200 || status >= 300) throw httpError(spec.operation, status, responseHeaders, text, redact);
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw invalidResponse(spec.operation, 'body is not JSON', err);
    }
  }

  async function listMinds(opts: { signal?: AbortSignal } = {}): Promise<Mind[]> {
    const minds = new Map<string, Mind>();
    const seenCursors = new Set<string>();
    let query: Record<string, string> = {};
    let listed = 0;
    let malformed = 0;
    for (let page = 1; ; page++) {
      if (page > maxPages) {
        throw invalidResponse('list minds', `more than ${maxPages} pages; refusing a partial listing`);
      }
      const body = await request({ operation: 'list minds', method: 'GET', path: '/minds', query, signal: opts.signal });
      const parsed = mindPageSchema.safeParse(body);
      if (!parsed.success) throw invalidResponse('list minds', firstIssue(parsed.error));
      for (const item of parsed.data.items) {
        listed++;
        const mind = wireMindSchema.safeParse(item);
        if (mind.success) minds.set(mind.data.id, normalizeMind(mind.data));
        else malformed++;
      }
      const { nextCursor, hasMore } = parsed.data;
      if (!hasMore || parsed.data.items.length === 0) break;
      if (nextCursor !== null) {
        if (seenCursors.has(nextCursor)) throw invalidResponse('list minds', 'pagination cursor repeated');
        seenCursors.add(nextCursor);
        query = { cursor: nextCursor };
      } else {
        query = { offset: String(listed) };
      }
    }
    // One odd entry should not block the whole catalog; a listing of nothing but odd ones is garbage.
    if (malformed > 0 && malformed === listed) {
      throw invalidResponse('list minds', `none of the ${listed} minds has an id and a name`);
    }
    if (malformed > 0) logger.warn({ malformed, listed }, 'skipped malformed minds in the listing');
    return [...minds.values()];
  }

  async function simulate(input: SimulateInput): Promise<SimulationResult> {
    const body = await request({
      operation: 'simulate',
      method: 'POST',
      path: '/simulate',
      body: {
        mindId: input.mindId,
        scenario: { message: input.message },
        selectedSimulationModel: input.model ?? options.simulationModel,
      },
      signal: input.signal,
    });
    const parsed = simulateResponseSchema.safeParse(body);
    if (!parsed.success) throw invalidResponse('simulate', firstIssue(parsed.error));
    const { message, confidence, analysis } = parsed.data;
    return { message, confidence, analysis };
  }

  return { simulationModel: options.simulationModel, listMinds, simulate };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** Paths and messages only: zod issues can carry the offending input. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return `${path}: ${issue.message}`;
}

function describe(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, ...('code' in err ? { code: err.code } : {}) };
  return { message: String(err) };
}
