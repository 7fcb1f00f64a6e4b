/**
 * Every call the console makes, as data: method, OpenAPI path template, the query parameters
 * and body fields it sends, and the response fields it reads. The client builds its requests
 * from this table only, and a test checks the table against the served /api/openapi.json, so
 * the console and the contract cannot drift apart. (DOM-free: the test imports it under Node.)
 */
export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Endpoint {
  method: Method;
  path: string;
  query?: readonly string[];
  body?: readonly string[];
  /** Response fields the console reads, dotted (`data.twins[].name`). */
  reads?: readonly string[];
  /** Part of a feature built in parallel (custom twins, roundtables); absent until it lands. */
  feature?: 'twins' | 'roundtables';
  /** Present only in some deployments (the development token endpoint). */
  optional?: true;
}

const twinFields = ['id', 'name', 'description', 'category', 'expertise', 'avatar_url'];
const ws = '/v1/workspaces/{workspace_id}';
const twinObject = ['id', 'slug', 'name', 'description', 'category', 'expertise', 'avatar_url', 'source', 'persona', 'tags'];
const roundtableObject = ['id', 'channel_id', 'stream_id', 'topic', 'twins', 'max_turns', 'strategy', 'status', 'turns', 'stopped_by'];

export const ENDPOINTS = {
  openapi: { method: 'GET', path: '/api/openapi.json', reads: ['paths'] },
  devToken: { method: 'POST', path: '/api/v2/dev/token', optional: true, reads: ['data.token', 'data.user_id', 'data.customer_id'] },
  available: {
    method: 'GET',
    path: '/api/v2/twin-workspace/available',
    query: ['page', 'page_size', 'category', 'search'],
    reads: [...twinFields.map((f) => `data[].${f}`), 'data[].source', 'pagination.total', 'pagination.page', 'pagination.hasMore'],
  },
  mine: {
    method: 'GET',
    path: '/api/v2/twin-workspace/mine',
    reads: ['data.user_id', 'data.customer_id', ...[...twinFields.slice(1), 'twin_id', 'is_favorite', 'participation_mode'].map((f) => `data.twins[].${f}`)],
  },
  addTwin: { method: 'POST', path: '/api/v2/twin-workspace/twins', body: ['twin_id', 'is_favorite', 'participation_mode'], reads: ['data.twin_id'] },
  updateTwin: { method: 'PATCH', path: '/api/v2/twin-workspace/twins/{twinId}', body: ['is_favorite', 'participation_mode'], reads: ['data.twin_id'] },
  removeTwin: { method: 'DELETE', path: '/api/v2/twin-workspace/twins/{twinId}', reads: ['data.removed'] },
  events: { method: 'GET', path: '/api/v2/ws' },
  chatStream: { method: 'POST', path: '/api/v2/chat/stream', body: ['message', 'channelId', 'platform'] },
  chatAttach: { method: 'GET', path: '/api/v2/chat/stream/{streamId}' },
  groupTwins: {
    method: 'GET',
    path: `${ws}/static-groups/{group_key}/twins`,
    query: ['page', 'size'],
    reads: ['data[].id', 'data[].name', 'data[].title', 'page.totalPages'],
  },
  panel: {
    method: 'POST',
    path: `${ws}/static-groups/{group_key}/chat-completions`,
    body: ['messages', 'responseFormat', 'twinIds'],
    reads: ['results[].twinId', 'results[].name', 'failed[].twinId', 'failed[].name', 'failed[].error.code', 'failed[].error.message'],
  },
  createTwin: {
    method: 'POST',
    path: '/api/v2/twins',
    feature: 'twins',
    body: ['name', 'persona', 'description', 'category', 'expertise', 'tags', 'add_to_workspace'],
    reads: twinObject.map((f) => `data.${f}`),
  },
  getTwin: { method: 'GET', path: '/api/v2/twins/{twinId}', feature: 'twins', reads: twinObject.map((f) => `data.${f}`) },
  editTwin: {
    method: 'PATCH',
    path: '/api/v2/twins/{twinId}',
    feature: 'twins',
    body: ['name', 'persona', 'description', 'category', 'expertise', 'tags'],
    reads: twinObject.map((f) => `data.${f}`),
  },
  deleteTwin: { method: 'DELETE', path: '/api/v2/twins/{twinId}', feature: 'twins', reads: ['data.deleted'] },
  importTwins: { method: 'POST', path: '/api/v2/twins/import', feature: 'twins', query: ['add_to_workspace'], reads: ['data.twins', 'data.skipped'] },
  exportTwin: { method: 'GET', path: '/api/v2/twins/{twinId}/export', feature: 'twins', query: ['format'] },
  createRoundtable: {
    method: 'POST',
    path: '/api/v2/roundtables',
    feature: 'roundtables',
    body: ['topic', 'twins', 'max_turns', 'strategy'],
    reads: roundtableObject.map((f) => `data.${f}`),
  },
  getRoundtable: { method: 'GET', path: '/api/v2/roundtables/{id}', feature: 'roundtables', reads: roundtableObject.map((f) => `data.${f}`) },
  roundtableStream: { method: 'GET', path: '/api/v2/roundtables/{id}/stream', feature: 'roundtables' },
  roundtableMessage: { method: 'POST', path: '/api/v2/roundtables/{id}/messages', feature: 'roundtables', body: ['message'] },
  stopRoundtable: { method: 'POST', path: '/api/v2/roundtables/{id}/stop', feature: 'roundtables', reads: ['data.status'] },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/** `/a/{id}` with `{id: 'x y'}` → `/a/x%20y`; a missing parameter is a programming error. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
