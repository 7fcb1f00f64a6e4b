/**
 * The web console's static serving (CSP, caching, JSON for API clients at GET /) and the
 * development-only token endpoint, which exists only with the generated development secret.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../src/http/routes/console.js';
import { devTokensEnabled } from '../../src/http/routes/dev-token.js';
import { startTestApp, type TestApp } from '../support/harness.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="app"></div></body></html>';
let dist: string;

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'twinbridge-console-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)\n');
  writeFileSync(join(dist, '.secret'), 'no');
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const openapiPaths = async (app: TestApp) => Object.keys(((await (await fetch(`${app.url}/api/openapi.json`)).json()) as { paths: object }).paths);

describe('serving the console', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ api: true, worker: false, anthropic: false, consoleDir: dist });
  });
  afterAll(() => app.close());

  it('GET / is index.html under a strict CSP, revalidated every time', async () => {
    const res = await fetch(`${app.url}/`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toBe(INDEX);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(CONSOLE_CSP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-|https?:|\*/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a browser that sends no Accept header gets the page too', async () => {
    const res = await fetch(`${app.url}/`, { headers: { accept: '*/*' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('Accept: application/json at GET / gets the info document, not the page', async () => {
    const res = await fetch(`${app.url}/`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ service: 'twinbridge', version: 'test', console: '/', links: { openapi: '/api/openapi.json' } });
  });

  it('hashed assets are cacheable for a year and carry the CSP', async () => {
    const res = await fetch(`${app.url}/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
  });

  it('unknown assets, dot files and traversal are 404 envelopes', async () => {
    for (const path of ['/assets/nope.js', '/assets/..%2Findex.html', '/assets/.secret', '/.secret', '/index.html/../.secret']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.json(), path).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('the OpenAPI document lists / and /assets/{file}, and no dev token endpoint', async () => {
    const paths = await openapiPaths(app);
    expect(paths).toEqual(expect.arrayContaining(['/', '/assets/{file}']));
    expect(paths).not.toContain('/api/v2/dev/token');
  });

  it('with JWT_SECRET configured, POST /api/v2/dev/token does not exist', async () => {
    const res = await fetch(`${app.url}/api/v2/dev/token`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('without a built console', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ api: true, worker: false, anthropic: false, consoleDir: null });
  });
  afterAll(() => app.close());

  it('GET / is the small home page, saying how to build the console; JSON clients get the info', async () => {
    const page = await fetch(`${app.url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('npm run build');
    const res = await fetch(`${app.url}/`, { headers: { accept: 'application/json' } });
    expect(await res.json()).toMatchObject({ service: 'twinbridge', console: null, hint: expect.stringContaining('npm run build') });
    expect((await fetch(`${app.url}/assets/index-abc123.js`)).status).toBe(404);
    expect(await openapiPaths(app)).not.toContain('/assets/{file}');
  });
});

describe('the development token endpoint', () => {
  it('is on only in development with the generated secret', () => {
    expect(devTokensEnabled({ NODE_ENV: 'development' }, 'generated')).toBe(true);
    expect(devTokensEnabled({ NODE_ENV: 'test' }, 'generated')).toBe(true);
    expect(devTokensEnabled({ NODE_ENV: 'production' }, 'generated')).toBe(false);
    expect(devTokensEnabled({ NODE_ENV: 'development', JWT_SECRET: 'x'.repeat(32) }, 'x'.repeat(32))).toBe(false);
    expect(devTokensEnabled({ NODE_ENV: 'development', JWT_JWKS_URL: 'https://idp.example/jwks' }, null)).toBe(false);
  });

  describe('with the generated development secret', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ api: true, worker: false, anthropic: false, consoleDir: null, env: { JWT_SECRET: '' } });
    });
    afterAll(() => app.close());

    it('mints a token for the local user that the API accepts', async () => {
      const res = await fetch(`${app.url}/api/v2/dev/token`, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const { data } = (await res.json()) as { data: { token: string; user_id: string; customer_id: string; token_type: string } };
      expect(data).toMatchObject({ user_id: 'local-user', customer_id: 'local', token_type: 'Bearer' });
      const mine = await fetch(`${app.url}/api/v2/twin-workspace/mine`, { headers: { authorization: `Bearer ${data.token}` } });
      expect(mine.status).toBe(200);
      expect(await mine.json()).toMatchObject({ data: { user_id: 'local-user', customer_id: 'local' } });
    });

    it('is listed in the OpenAPI document', async () => {
      expect(await openapiPaths(app)).toContain('/api/v2/dev/token');
    });

    it('answers 404 to a caller on another machine', async () => {
      const res = await app.http!.inject({ method: 'POST', url: '/api/v2/dev/token', remoteAddress: '192.168.1.20' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      const local = await app.http!.inject({ method: 'POST', url: '/api/v2/dev/token', remoteAddress: '127.0.0.1' });
      expect(local.statusCode).toBe(200);
    });
  });

  for (const [what, env] of [
    // Production refuses to start without JWT_SECRET or a JWKS (config.ts), so this is its only shape.
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['a JWKS configured', { JWT_SECRET: '', JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json' }],
  ] as const) {
    describe(`with ${what}`, () => {
      let app: TestApp;
      beforeAll(async () => {
        app = await startTestApp({ api: true, worker: false, anthropic: false, consoleDir: null, env: { ...env } });
      });
      afterAll(() => app.close());

      it('does not exist, and is not in the OpenAPI document', async () => {
        const res = await fetch(`${app.url}/api/v2/dev/token`, { method: 'POST' });
        expect(res.status).toBe(404);
        expect(await res.json()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
        expect(await openapiPaths(app)).not.toContain('/api/v2/dev/token');
      });
    });
  }
});
