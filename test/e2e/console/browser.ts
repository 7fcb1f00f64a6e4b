/**
 * Debian's Chromium driven by playwright-core (no browser download), with the flags this closed
 * network needs, a fresh profile per launch, and the console built into a temp dir by Vite.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = resolve('test-results/console');

export async function buildConsole(): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'twinbridge-web-'));
  await build({ configFile: resolve('web/vite.config.ts'), logLevel: 'silent', build: { outDir: dir, emptyOutDir: true } });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Same-origin requests the console made (method and path), and anything else it tried. */
  requests: Array<{ method: string; path: string }>;
  external: string[];
  cspViolations: string[];
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function launch(origin: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'twinbridge-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: Browser['requests'] = [];
  const external: string[] = [];
  const cspViolations: string[] = [];
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (url.origin === origin || (url.protocol === 'ws:' && url.host === new URL(origin).host)) requests.push({ method: req.method(), path: url.pathname });
    else if (!['data:', 'blob:', 'about:'].includes(url.protocol)) external.push(req.url());
  });
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
  mkdirSync(SHOTS, { recursive: true });
  return {
    context,
    page,
    requests,
    external,
    cspViolations,
    shot: async (name) => {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const chromiumMissing = !existsSync(CHROMIUM);
