/**
 * The web console in a real browser against the real service (API, worker, Redis, SQLite, the
 * Anthropic SDK pointed at the loopback fake): sign in, catalog, live workspace, streaming chat
 * with re-attach after a reload, XSS inert, a panel with its chart. Screenshots of each screen
 * go to test-results/console/.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultResponder } from '../fakes/anthropic/defaults.js';
import type { RecordedRequest } from '../fakes/anthropic/types.js';
import { MILLENNIALS } from '../integration/twin-service-support.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { buildConsole, chromiumMissing, launch, type Browser } from './console/browser.js';

const CUSTOMER = 'cust-web';
const LIMITS = { RATE_LIMIT_CHAT_PER_USER_PER_MIN: '10000', RATE_LIMIT_WORKSPACE_PER_MIN: '10000', RATE_LIMIT_CHAT_PER_IP_PER_MIN: '10000' };
const STEVE = '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c';
const ELON = '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const EVIL_ID = '0bad0bad-0bad-4bad-8bad-0bad0bad0bad';
const EVIL_NAME = 'Eve <script>window.__xss="name"</script><img src=x onerror="window.__xss=\'img\'">';
const EVIL_REPLY = 'Look: <script>window.__xss="reply"</script> <img src=x onerror="window.__xss=\'reply-img\'"> and [click me](javascript:window.__xss=\'link\') but **bold** is fine.';

// CI installs Chromium (.ci/run); elsewhere a machine without it skips, saying why.
if (chromiumMissing && process.env['CI']) throw new Error('/usr/bin/chromium is missing: apt-get install -y chromium');

let site: Awaited<ReturnType<typeof buildConsole>>;
let app: TestApp;
let b: Browser;
let page: Page;
let token: string;

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/**
 * Records every text the reply bubbles showed, so a test can tell streaming from one final paint.
 * (Page scripts are strings: this project's tsconfig has no DOM types.)
 */
const RECORD_BUBBLES = `(() => {
  window.__observer?.disconnect();
  window.__texts = [];
  window.__observer = new MutationObserver(() => {
    const all = [...document.querySelectorAll('.bubble .body')].map((e) => e.textContent ?? '');
    const last = all[all.length - 1];
    if (last !== undefined && window.__texts[window.__texts.length - 1] !== last) window.__texts.push(last);
  });
  window.__observer.observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;
const recordBubbles = (p: Page) => p.evaluate(RECORD_BUBBLES);
const recorded = (p: Page) => p.evaluate('window.__texts') as Promise<string[]>;
const pageWidth = (p: Page) => p.evaluate('document.documentElement.scrollWidth') as Promise<number>;

describe.skipIf(chromiumMissing)('web console in Chromium', () => {
  beforeAll(async () => {
    site = await buildConsole();
    app = await startTestApp({ api: true, env: LIMITS, consoleDir: site.dir });
    token = await app.token('web-user', CUSTOMER);
    b = await launch(app.url);
    page = b.page;
    page.on('dialog', (d) => void d.dismiss());
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await app?.close();
    site?.remove();
  });

  it('signs in with a pasted token', async () => {
    await page.goto(app.url);
    await page.getByLabel('Token or API key').waitFor();
    await b.shot('sign-in');
    await page.getByLabel('Token or API key').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    expect(await page.evaluate("sessionStorage.getItem('twinbridge.token')")).toBe(token);
    // Without JWT_SECRET unset there is no development login.
    expect(await page.getByRole('button', { name: 'Continue as local user' }).count()).toBe(0);
  });

  it('searches the catalog and adds a twin with a mode and as a favorite', async () => {
    await page.getByRole('link', { name: 'Catalog' }).click();
    await page.getByRole('searchbox').fill('Steve');
    const card = page.getByRole('article', { name: 'Steve Jobs' });
    await card.waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBe(1);
    await card.getByLabel('Mode').selectOption('active');
    await card.getByLabel('Favorite').check();
    await b.shot('catalog');
    await card.getByRole('button', { name: 'Add Steve Jobs' }).click();
    await card.getByText('In your workspace').waitFor();
    const mine = await api('GET', '/api/v2/twin-workspace/mine');
    expect((mine.body['data'] as { twins: unknown[] }).twins).toEqual([expect.objectContaining({ twin_id: STEVE, is_favorite: true, participation_mode: 'active' })]);
    // The category filter narrows the list.
    await page.getByRole('searchbox').fill('');
    await page.getByLabel('Category').selectOption('Scientist');
    await expect.poll(async () => (await page.getByRole('article').allInnerTexts()).every((t) => t.includes('Scientist'))).toBe(true);
  });

  it('shows a twin added through the API in the workspace without a reload', async () => {
    await page.getByRole('link', { name: 'Workspace' }).click();
    await page.getByText('live', { exact: true }).waitFor();
    await page.getByRole('list', { name: 'Workspace twins' }).getByRole('heading', { name: /Steve Jobs/ }).waitFor();
    const added = await api('POST', '/api/v2/twin-workspace/twins', { twin_id: ELON, participation_mode: 'on-demand' });
    expect(added.status).toBe(201);
    await page.getByRole('list', { name: 'Workspace twins' }).getByRole('heading', { name: 'Elon Musk' }).waitFor();
    expect(await page.getByLabel('Mode for Elon Musk').inputValue()).toBe('on-demand');
    await b.shot('workspace');
    // And a change made here reaches the API.
    await page.getByLabel('Mode for Elon Musk').selectOption('observer');
    await expect.poll(async () => ((await api('GET', '/api/v2/twin-workspace/mine')).body['data'] as { twins: Array<{ twin_id: string; participation_mode: string }> }).twins.find((t) => t.twin_id === ELON)?.participation_mode).toBe('observer');
  });

  it('streams a chat reply: text appears piece by piece under the twin’s name, then the why', async () => {
    const chunks = ['Here is ', 'the thing: ', 'focus ', 'means ', 'saying ', 'no ', 'to ', 'a ', 'thousand ', 'good ', 'ideas.'];
    app.anthropic!.enqueue({ text: chunks, chunkDelayMs: 80 });
    await page.getByRole('link', { name: 'Chat' }).click();
    await recordBubbles(page);
    await page.getByLabel('Message').fill('What should we build first?');
    await page.getByRole('button', { name: 'Send' }).click();
    const bubble = page.getByRole('article', { name: 'Reply from Steve Jobs' });
    await bubble.getByText(chunks.join('')).waitFor();
    const texts = await recorded(page);
    const final = chunks.join('');
    expect(texts[texts.length - 1]).toBe(final);
    expect(texts.some((t) => t.length > 0 && t.length < final.length && final.startsWith(t))).toBe(true);
    await bubble.getByText('Why did this twin answer?').click();
    await bubble.getByText('(rule: active)').waitFor();
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'What should we build first?' }).waitFor();
    await b.shot('chat');
  });

  it('re-attaches a reply that is still streaming after a reload, without repeating text', async () => {
    const chunks = Array.from({ length: 16 }, (_, i) => `part${i + 1} `);
    app.anthropic!.enqueue({ text: chunks, chunkDelayMs: 150 });
    await page.getByLabel('Message').fill('Tell me more');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('part2', { exact: false }).waitFor();
    await page.reload();
    const final = chunks.join('').trim();
    const bubble = page.getByRole('article', { name: 'Reply from Steve Jobs' }).last();
    await bubble.getByText(final).waitFor({ timeout: 20_000 });
    expect((await bubble.locator('.body').innerText()).trim()).toBe(final);
    expect(await page.getByRole('article', { name: /Reply from/ }).count()).toBe(2);
  });

  it('renders a twin’s name and reply containing <script> and <img onerror> as inert text', async () => {
    // A catalog twin as a remote source could deliver it (custom twins: see the twins screen test).
    await app.core.store.twins.upsert([
      {
        id: EVIL_ID,
        slug: 'eve-evil',
        name: EVIL_NAME,
        description: 'A twin whose name tries markup <b>bold</b>.',
        category: 'Expert',
        expertise: ['<img src=x onerror=alert(1)>'],
        avatarUrl: 'javascript:alert(1)',
        demographic: null,
        persona: { prompt: 'You are Eve, a test persona whose name contains markup to check escaping.', examples: ['one', 'two'], isRealPerson: false },
        source: 'mind-reasoner',
        externalId: 'mind-evil',
        ownerCustomerId: null,
      },
    ]);
    expect((await api('POST', '/api/v2/twin-workspace/twins', { twin_id: EVIL_ID, participation_mode: 'on-demand' })).status).toBe(201);
    app.anthropic!.enqueue({ text: [EVIL_REPLY.slice(0, 30), EVIL_REPLY.slice(30)] });
    await page.getByRole('button', { name: 'New conversation' }).click();
    await page.getByLabel('Message').fill('@eve-evil say something');
    await page.getByRole('button', { name: 'Send' }).click();
    const bubble = page.getByRole('article', { name: `Reply from ${EVIL_NAME}` });
    await bubble.locator('strong', { hasText: 'bold' }).waitFor({ timeout: 10_000 }).catch(async (err: unknown) => {
      await b.shot('xss-failure');
      throw err;
    });
    const body = bubble.locator('.body');
    expect(await body.innerText()).toContain('<script>window.__xss="reply"</script>');
    expect(await body.locator('script, img').count()).toBe(0);
    expect(await bubble.locator('header .who').innerText()).toBe(EVIL_NAME);
    expect(await bubble.locator('a').count()).toBe(0);
    await page.getByRole('link', { name: 'Catalog' }).click();
    await page.getByRole('searchbox').fill('Eve');
    await page.getByRole('article', { name: EVIL_NAME }).waitFor();
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('runs a panel and shows its results as a table and a histogram, with failed twins listed', async () => {
    const speaker = (req: RecordedRequest) => MILLENNIALS.find((t) => req.systemText.includes(`You are ${t.name}`) || req.systemText.includes(`Name: ${t.name}`));
    const ratings: Record<string, number> = { 'Ben Tremblay': 4, 'Camila Souza': 5, 'Jens Bauer': 4, 'Priyanka Desai': 2 };
    app.anthropic!.setDefault((req) => {
      const who = speaker(req);
      if (!who || !req.body.output_config) return defaultResponder(req);
      if (who.name === 'Tom Gallagher') return { error: { status: 400, type: 'invalid_request_error', message: 'scripted failure' } };
      return { text: JSON.stringify({ rating: ratings[who.name], reason: `${who.name} has reasons.` }) };
    });
    await page.getByRole('link', { name: 'Panels' }).click();
    await page.getByLabel('Group').selectOption('millennials');
    await page.getByLabel('Question').fill('How useful is AI at work, 1 to 5?');
    await page.getByRole('radio', { name: 'Rating' }).check();
    await page.getByRole('button', { name: 'Run panel' }).click();
    const chart = page.getByRole('img', { name: /Answers to/ });
    await chart.waitFor({ timeout: 30_000 });
    expect(await chart.getAttribute('aria-label')).toContain('1: 0, 2: 1, 3: 0, 4: 2, 5: 1');
    expect(await page.getByRole('table').locator('tbody tr').count()).toBe(4);
    await page.getByRole('list', { name: 'Failed twins' }).getByText('Tom Gallagher').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    expect((await download).suggestedFilename()).toBe('panel.csv');
    await b.shot('panels');
    app.anthropic!.setDefault(null);
  });

  it('runs a roundtable: turns stream under each twin’s name, a person joins in, another is stopped', async () => {
    const chunked = (req: RecordedRequest) => {
      const turn = defaultResponder(req);
      const text = typeof turn.text === 'string' ? turn.text : 'I have a view on this.';
      return { text: text.split(/(?<= )/), chunkDelayMs: 60 };
    };
    app.anthropic!.setDefault(chunked);
    await page.getByRole('link', { name: 'Roundtables' }).click();
    await page.getByLabel('Steve Jobs').check();
    await page.getByLabel('Elon Musk').check();
    await page.getByLabel('Topic').fill('Should a two-person startup build its own billing?');
    await page.getByLabel('Turns').fill('3');
    await page.getByLabel('Who speaks next').selectOption('round_robin');
    await page.getByRole('button', { name: 'Start roundtable' }).click();
    await page.getByRole('article', { name: /^Turn 1: / }).waitFor();
    await page.getByLabel('Your message').fill('Think about the tax rules too.');
    await page.getByRole('button', { name: 'Join in' }).click();
    await page.getByText('Status: done').waitFor({ timeout: 30_000 });
    const turns = page.getByRole('article', { name: /^Turn \d: / });
    expect(await turns.count()).toBe(3);
    const names = await Promise.all([0, 1, 2].map(async (i) => (await turns.nth(i).getAttribute('aria-label'))!.replace(/^Turn \d: /, '')));
    expect(names).toEqual(['Steve Jobs', 'Elon Musk', 'Steve Jobs']);
    for (let i = 0; i < 3; i++) expect((await turns.nth(i).locator('.body').innerText()).length).toBeGreaterThan(0);
    await page.getByText('Think about the tax rules too.').waitFor();
    await b.shot('roundtables');

    await page.getByLabel('Turns').fill('20');
    await page.getByRole('button', { name: 'Start roundtable' }).click();
    await page.getByRole('article', { name: /^Turn 1: / }).waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByText('Status: stopped').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('article', { name: /^Turn \d+: / }).count()).toBeLessThan(20);
    app.anthropic!.setDefault(null);
  });

  it('creates, edits, imports (drag and drop) and exports custom twins; a hostile name stays text', async () => {
    await page.getByRole('link', { name: 'Your twins' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Ada the Analyst');
    await page.getByLabel('Persona', { exact: true }).fill('You are Ada, a data analyst at a mid-size retailer who asks for the numbers first.');
    await page.getByLabel('Expertise (comma-separated)').fill('Statistics, Dashboards');
    await page.getByRole('button', { name: 'Create twin' }).click();
    const list = page.getByRole('list', { name: 'Your twins' });
    await list.getByRole('heading', { name: 'Ada the Analyst' }).waitFor();

    await page.getByRole('button', { name: 'Edit Ada the Analyst' }).click();
    await page.getByLabel('Description').fill('Skeptical analyst: show me the denominator.');
    await page.getByRole('button', { name: 'Save twin' }).click();
    await list.getByText('Skeptical analyst: show me the denominator.').waitFor();
    const found = await api('GET', '/api/v2/twin-workspace/available?search=Ada');
    const ada = (found.body['data'] as Array<{ id: string; name: string; description: string; source: string }>).find((t) => t.name === 'Ada the Analyst');
    expect(ada).toMatchObject({ source: 'custom', description: 'Skeptical analyst: show me the denominator.' });

    const card = { spec: 'chara_card_v2', spec_version: '2.0', data: { name: 'Grace the Engineer', description: 'A compiler pioneer.', personality: 'Direct and practical.', scenario: '', first_mes: 'Hello!', mes_example: '', tags: ['cobol'], extensions: { keep: 1 } } };
    const transfer = await page.evaluateHandle(
      `(() => { const dt = new DataTransfer(); dt.items.add(new File([${JSON.stringify(JSON.stringify(card))}], 'grace.json', { type: 'application/json' })); return dt; })()`,
    );
    await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer: transfer });
    await list.getByRole('heading', { name: 'Grace the Engineer' }).waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export Grace the Engineer' }).click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { spec: string; data: { name: string; tags: string[]; extensions: Record<string, unknown> } };
    expect(exported.spec).toBe('chara_card_v3');
    expect(exported.data).toMatchObject({ name: 'Grace the Engineer', tags: ['cobol'], extensions: expect.objectContaining({ keep: 1 }) });

    // Within the 80 characters a name may have.
    const hostile = '<script>window.__xss=1</script><img src=x onerror=window.__xss=2>';
    await page.getByLabel('Name', { exact: true }).fill(hostile);
    await page.getByLabel('Persona', { exact: true }).fill('You are a test persona whose name is markup, to check that it is shown as text.');
    await page.getByRole('button', { name: 'Create twin' }).click();
    await list.getByRole('heading', { name: hostile }).waitFor().catch(async (err: unknown) => {
      throw new Error(`${String(err)}\nalerts: ${(await page.getByRole("alert").allInnerTexts()).join(" | ")}\nlist: ${await list.innerText()}`);
    });
    await b.shot('twins');
    expect(await page.locator('main img, main script').count()).toBe(0);
    await page.getByRole('link', { name: 'Workspace' }).click();
    await page.getByRole('list', { name: 'Workspace twins' }).getByRole('heading', { name: hostile }).waitFor();
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('reads well at 360 px and in dark mode', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('link', { name: 'Chat' }).click();
    await page.getByRole('button', { name: 'Send' }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    await b.shot('chat-360-dark');
    await page.getByRole('link', { name: 'Catalog' }).click();
    await page.getByRole('searchbox').fill('');
    await page.getByLabel('Category').selectOption('');
    await page.getByRole('article').first().waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    await b.shot('catalog-360-dark');
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('made only requests the OpenAPI document has, none to another origin, with no CSP violation', async () => {
    const doc = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const templates = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => ({ method: m.toUpperCase(), re: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`) })),
    );
    const unknown = b.requests.filter((r) => !templates.some((t) => (t.method === r.method || (t.method === 'GET' && r.method === 'HEAD')) && t.re.test(r.path)));
    expect(unknown).toEqual([]);
    expect(b.requests.some((r) => r.path === '/api/v2/chat/stream')).toBe(true);
    expect(b.requests.some((r) => r.path.startsWith('/api/v2/chat/stream/'))).toBe(true);
    expect(b.external).toEqual([]);
    expect(b.cspViolations).toEqual([]);
  });
});
