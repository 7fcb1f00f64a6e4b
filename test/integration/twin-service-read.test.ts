/**
 * Twin-service reads (api/twin-service.md): group listing with paging, order and twinIds, one
 * twin, the tenant rule for workspace_id, authentication (x-gateway-token too) and the upstream
 * base path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { client, CUSTOMER, errorOf, GEN_Z_AISHA, JENS, LIMITS, MILLENNIALS } from './twin-service-support.js';

let app: TestApp;
let call: ReturnType<typeof client>;
const base = `/v1/workspaces/${CUSTOMER}`;
const OWN_TWIN = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER_TWIN = 'aaaaaaaa-0000-4000-8000-000000000002';
const AVATAR_TWIN = 'aaaaaaaa-0000-4000-8000-000000000003';

const persona = { prompt: 'You are a fictional test persona who answers briefly and honestly.', examples: ['Sure.', 'Not really.'], isRealPerson: false };
function extraTwin(id: string, slug: string, owner: string | null, avatarUrl: string | null, group: 'boomers' | null) {
  return {
    id,
    slug,
    name: slug,
    description: 'A test twin.',
    category: 'Expert' as const,
    expertise: ['Testing'],
    avatarUrl,
    demographic: group
      ? { title: 'Tester', age: 70, gender: 'Female', location: 'Oslo, Norway', jobTitle: 'Retired QA', selfDescription: 'I test things.', staticGroupKey: group }
      : null,
    persona,
    source: 'workspace' as const,
    externalId: null,
    ownerCustomerId: owner,
  };
}

beforeAll(async () => {
  app = await startTestApp({ api: true, env: LIMITS });
  (await app.core.store.twins.upsert([
    extraTwin(OWN_TWIN, 'own-twin', CUSTOMER, null, null),
    extraTwin(OTHER_TWIN, 'other-twin', 'cust-other', null, null),
    extraTwin(AVATAR_TWIN, 'zz-avatar-boomer', null, 'https://cdn.example.com/a.png', 'boomers'),
  ]));
  call = client(app, await app.token('user-1', CUSTOMER));
});
afterAll(() => app.close());

type Listing = { data: Array<Record<string, unknown>>; page: Record<string, number> };

describe('GET /v1/workspaces/{workspace_id}/static-groups/{group_key}/twins', () => {
  it('lists a group sorted by name with the documented fields and page block', async () => {
    const res = await call('GET', `${base}/static-groups/millennials/twins`);
    expect(res.status).toBe(200);
    const body = res.body as Listing;
    expect(body.data.map((t) => t['name'])).toEqual(MILLENNIALS.map((t) => t.name));
    expect(body.page).toEqual({ size: 20, totalElements: 5, totalPages: 1, currentPage: 1 });
    const jens = body.data.find((t) => t['id'] === JENS)!;
    expect(Object.keys(jens).sort()).toEqual(
      ['id', 'createdAt', 'updatedAt', 'createdByUserId', 'targetAudienceId', 'staticGroupKey', 'subjectId', 'name', 'title', 'age', 'gender', 'location', 'jobTitle', 'selfDescription', '_links'].sort(),
    );
    expect(jens).toMatchObject({ name: 'Jens Bauer', staticGroupKey: 'millennials', targetAudienceId: null, createdByUserId: null, subjectId: JENS, _links: {} });
    expect(typeof jens['age']).toBe('number');
    expect(typeof jens['title']).toBe('string');
    expect(Date.parse(String(jens['createdAt']))).not.toBeNaN();
  });

  it('pages 1-based, orders desc, and answers an empty page past the end', async () => {
    const page2 = (await call('GET', `${base}/static-groups/millennials/twins?page=2&size=2&order=desc`)).body as Listing;
    expect(page2.data.map((t) => t['name'])).toEqual(['Jens Bauer', 'Camila Souza']);
    expect(page2.page).toEqual({ size: 2, totalElements: 5, totalPages: 3, currentPage: 2 });
    const last = (await call('GET', `${base}/static-groups/millennials/twins?page=3&size=2&order=DESC`)).body as Listing;
    expect(last.data.map((t) => t['name'])).toEqual(['Ben Tremblay']);
    const past = (await call('GET', `${base}/static-groups/millennials/twins?page=9&size=2`)).body as Listing;
    expect(past.data).toEqual([]);
    expect(past.page).toEqual({ size: 2, totalElements: 5, totalPages: 3, currentPage: 9 });
  });

  it('filters by twinIds (spaces, case and ids of other groups tolerated)', async () => {
    const ids = ` ${MILLENNIALS[4].id.toUpperCase()}, ${MILLENNIALS[0].id},${GEN_Z_AISHA},`;
    const body = (await call('GET', `${base}/static-groups/millennials/twins?twinIds=${encodeURIComponent(ids)}`)).body as Listing;
    expect(body.data.map((t) => t['name'])).toEqual(['Ben Tremblay', 'Tom Gallagher']);
    expect(body.page.totalElements).toBe(2);
  });

  it('links the avatar when the twin has one', async () => {
    const body = (await call('GET', `${base}/static-groups/boomers/twins?order=desc&size=1`)).body as Listing;
    expect(body.data[0]).toMatchObject({ id: AVATAR_TWIN, _links: { avatarUrl: { href: 'https://cdn.example.com/a.png' } } });
  });

  it('answers an unknown group with 404', async () => {
    const res = await call('GET', `${base}/static-groups/gen_alpha/twins`);
    expect(res.status).toBe(404);
    expect(errorOf(res)).toMatchObject({ code: 'GROUP_NOT_FOUND', field: 'group_key' });
  });

  it.each([
    ['page=0', 'page'],
    ['page=abc', 'page'],
    ['page=1.5', 'page'],
    ['size=0', 'size'],
    ['size=101', 'size'],
    ['size=-3', 'size'],
    ['order=sideways', 'order'],
    ['twinIds=not-a-uuid', 'twinIds'],
    ['twinIds=,,', 'twinIds'],
    ['page=1&page=2', 'page'],
  ])('400 for %s names the field %s', async (query, field) => {
    const res = await call('GET', `${base}/static-groups/millennials/twins?${query}`);
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field });
    expect(error.message).toContain(field);
  });
});

describe('GET /v1/workspaces/{workspace_id}/twins/{twin_id}', () => {
  it('returns a static-group twin and the caller’s own workspace twin', async () => {
    const jens = await call('GET', `${base}/twins/${JENS}`);
    expect(jens.status).toBe(200);
    expect(jens.body).toMatchObject({ id: JENS, name: 'Jens Bauer', staticGroupKey: 'millennials', location: expect.any(String) });
    const own = await call('GET', `${base}/twins/${OWN_TWIN}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: OWN_TWIN, staticGroupKey: null, age: null, _links: {} });
  });

  it('404s another customer’s twin, an unknown id and a non-id alike', async () => {
    for (const id of [OTHER_TWIN, 'bbbbbbbb-0000-4000-8000-000000000009', 'not-an-id']) {
      const res = await call('GET', `${base}/twins/${id}`);
      expect(res.status).toBe(404);
      expect(errorOf(res).code).toBe('TWIN_NOT_FOUND');
    }
  });
});

describe('tenancy, authentication and the upstream base path', () => {
  it('answers any workspace_id but the caller’s customer_id with 404, as if it did not exist', async () => {
    for (const [method, path, body] of [
      ['GET', '/v1/workspaces/cust-other/static-groups/millennials/twins', undefined],
      ['GET', `/v1/workspaces/cust-other/twins/${JENS}`, undefined],
      ['POST', `/v1/workspaces/cust-other/twins/${JENS}/chat-completions`, { messages: [{ role: 'user', content: 'hi' }] }],
      ['POST', '/v1/workspaces/cust-other/static-groups/millennials/chat-completions', { messages: [{ role: 'user', content: 'hi' }] }],
      ['GET', '/v1/workspaces/user-1/static-groups/millennials/twins', undefined],
    ] as const) {
      const res = await call(method, path, body);
      expect(res.status, path).toBe(404);
      expect(errorOf(res)).toMatchObject({ code: 'NOT_FOUND', field: 'workspace_id' });
    }
    expect(app.anthropic!.requests).toHaveLength(0);
  });

  it('accepts the token in x-gateway-token (JWT or API key), and 401s without one', async () => {
    const jwt = await app.token('user-2', CUSTOMER);
    const viaGateway = client(app, '');
    const a = await viaGateway('GET', `${base}/twins/${JENS}`, undefined, { 'x-gateway-token': jwt });
    expect(a.status).toBe(200);
    const { key } = (await app.core.store.users.createApiKey({ userId: 'user-3', customerId: CUSTOMER }));
    const b = await viaGateway('GET', `${base}/static-groups/gen_z/twins`, undefined, { 'x-gateway-token': key });
    expect(b.status).toBe(200);
    expect((b.body as Listing).page.totalElements).toBe(5);
    const none = await viaGateway('GET', `${base}/twins/${JENS}`);
    expect(none.status).toBe(401);
    expect(errorOf(none).code).toBe('UNAUTHORIZED');
    const wrong = await viaGateway('GET', `${base}/twins/${JENS}`, undefined, { 'x-gateway-token': 'tb_not-a-key' });
    expect(wrong.status).toBe(401);
  });

  it('serves the same routes under /api/digital-twin-service', async () => {
    const list = await call('GET', `/api/digital-twin-service${base}/static-groups/millennials/twins?size=1`);
    expect(list.status).toBe(200);
    expect((list.body as Listing).data[0]?.['name']).toBe('Ben Tremblay');
    const one = await call('GET', `/api/digital-twin-service${base}/twins/${JENS}`);
    expect(one.body).toMatchObject({ id: JENS });
    const other = await call('GET', `/api/digital-twin-service/v1/workspaces/cust-other/twins/${JENS}`);
    expect(other.status).toBe(404);
  });
});
