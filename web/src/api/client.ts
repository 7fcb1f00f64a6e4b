import { ENDPOINTS, fillPath, type EndpointName } from './endpoints';
import type { CatalogTwin, GroupTwin, Mode, Page, PanelResult, ResponseFormat, Roundtable, TwinInput, TwinObject, Workspace } from './types';

/** An error envelope (`{success:false, error:{code,message,field}}`) or a transport failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A raw body (file upload) with its content type. */
  raw?: { data: Blob; type: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiClient {
  token(): string | null;
  /** Any endpoint of the table; the typed methods below are built on it. */
  request(name: EndpointName, options?: CallOptions): Promise<Response>;
  openapi(): Promise<{ paths: Record<string, unknown> }>;
  devToken(): Promise<{ token: string; user_id: string; customer_id: string }>;
  available(q: { page: number; page_size: number; category?: string; search?: string }): Promise<Page<CatalogTwin>>;
  mine(): Promise<Workspace>;
  addTwin(b: { twin_id: string; is_favorite: boolean; participation_mode: Mode }): Promise<unknown>;
  updateTwin(twinId: string, b: { is_favorite?: boolean; participation_mode?: Mode }): Promise<unknown>;
  removeTwin(twinId: string): Promise<unknown>;
  chatStream(b: { message: string; channelId: string }, signal?: AbortSignal): Promise<Response>;
  chatAttach(streamId: string, lastEventId: string | null, signal?: AbortSignal): Promise<Response>;
  groupTwins(workspaceId: string, group: string): Promise<GroupTwin[]>;
  panel(workspaceId: string, group: string, b: { question: string; responseFormat: ResponseFormat | null; twinIds?: string[] }): Promise<PanelResult>;
  createTwin(b: TwinInput): Promise<TwinObject>;
  getTwin(id: string): Promise<TwinObject>;
  editTwin(id: string, b: Partial<TwinInput>): Promise<TwinObject>;
  deleteTwin(id: string): Promise<unknown>;
  importTwins(file: Blob, type: string, addToWorkspace: boolean): Promise<{ twins: TwinObject[]; skipped: Array<{ name: string; reason: string }> }>;
  exportTwin(id: string, format: 'ccv2' | 'ccv3' | 'eliza' | 'png'): Promise<Blob>;
  createRoundtable(b: { topic: string; twins: string[]; max_turns: number; strategy: string }): Promise<Roundtable>;
  getRoundtable(id: string): Promise<Roundtable>;
  roundtableStream(id: string, lastEventId: string | null, signal?: AbortSignal): Promise<Response>;
  roundtableMessage(id: string, message: string): Promise<unknown>;
  stopRoundtable(id: string): Promise<Roundtable>;
}

async function failure(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; field?: string } };
    if (body.error?.code) return new ApiError(res.status, body.error.code, body.error.message ?? body.error.code, body.error.field);
  } catch {
    // not an envelope; fall through
  }
  return new ApiError(res.status, 'HTTP_' + res.status, `${res.status} ${res.statusText}`);
}

/**
 * The one client of the public API. `getToken` is read on every call (sign-out takes effect at
 * once); `onUnauthorized` lets the shell return to the sign-in screen on a 401.
 */
export function createApiClient(deps: { getToken: () => string | null; onUnauthorized: () => void; base?: string }): ApiClient {
  const base = deps.base ?? '';

  async function request(name: EndpointName, o: CallOptions = {}): Promise<Response> {
    const ep = ENDPOINTS[name];
    let url = base + fillPath(ep.path, o.params ?? {});
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined && v !== '') qs.set(k, String(v));
    if ([...qs].length > 0) url += `?${qs}`;
    const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
    const token = deps.getToken();
    if (token) headers['authorization'] = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (o.raw) {
      headers['content-type'] = o.raw.type;
      body = o.raw.data;
    } else if (o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.body);
    }
    let res: Response;
    try {
      res = await fetch(url, { method: ep.method, headers, ...(body !== undefined ? { body } : {}), ...(o.signal ? { signal: o.signal } : {}) });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(0, 'NETWORK', 'The service could not be reached.');
    }
    if (!res.ok) {
      const err = await failure(res);
      if (res.status === 401 && token) deps.onUnauthorized();
      throw err;
    }
    return res;
  }

  async function json<T>(name: EndpointName, o?: CallOptions): Promise<T> {
    return (await (await request(name, o)).json()) as T;
  }
  const data = async <T>(name: EndpointName, o?: CallOptions): Promise<T> => (await json<{ data: T }>(name, o)).data;
  const sse = { accept: 'text/event-stream' };

  return {
    token: deps.getToken,
    request,
    openapi: () => json('openapi'),
    devToken: () => data('devToken'),
    available: (q) => json('available', { query: q }),
    mine: () => data('mine'),
    addTwin: (b) => data('addTwin', { body: b }),
    updateTwin: (twinId, b) => data('updateTwin', { params: { twinId }, body: b }),
    removeTwin: (twinId) => data('removeTwin', { params: { twinId } }),
    chatStream: (b, signal) => request('chatStream', { body: { ...b, platform: 'web' }, headers: sse, ...(signal ? { signal } : {}) }),
    chatAttach: (streamId, last, signal) =>
      request('chatAttach', { params: { streamId }, headers: { ...sse, ...(last ? { 'last-event-id': last } : {}) }, ...(signal ? { signal } : {}) }),
    groupTwins: async (workspace_id, group_key) => (await json<{ data: GroupTwin[] }>('groupTwins', { params: { workspace_id, group_key }, query: { size: 100 } })).data,
    panel: (workspace_id, group_key, b) =>
      json('panel', {
        params: { workspace_id, group_key },
        body: { messages: [{ role: 'user', content: b.question }], responseFormat: b.responseFormat, ...(b.twinIds?.length ? { twinIds: b.twinIds } : {}) },
      }),
    createTwin: (b) => data('createTwin', { body: b }),
    getTwin: (twinId) => data('getTwin', { params: { twinId } }),
    editTwin: (twinId, b) => data('editTwin', { params: { twinId }, body: b }),
    deleteTwin: (twinId) => data('deleteTwin', { params: { twinId } }),
    importTwins: (file, type, add) => data('importTwins', { raw: { data: file, type }, query: { add_to_workspace: add ? 'true' : undefined } }),
    exportTwin: async (twinId, format) => (await request('exportTwin', { params: { twinId }, query: { format }, headers: { accept: '*/*' } })).blob(),
    createRoundtable: (b) => data('createRoundtable', { body: b }),
    getRoundtable: (id) => data('getRoundtable', { params: { id } }),
    roundtableStream: (id, last, signal) =>
      request('roundtableStream', { params: { id }, headers: { ...sse, ...(last ? { 'last-event-id': last } : {}) }, ...(signal ? { signal } : {}) }),
    roundtableMessage: (id, message) => data('roundtableMessage', { params: { id }, body: { message } }),
    stopRoundtable: (id) => data('stopRoundtable', { params: { id } }),
  };
}
