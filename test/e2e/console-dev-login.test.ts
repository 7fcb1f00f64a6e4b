/**
 * The development login in a real browser: with the generated development secret (no
 * JWT_SECRET), "Continue as local user" signs in through POST /api/v2/dev/token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { buildConsole, chromiumMissing, launch, type Browser } from './console/browser.js';

describe.skipIf(chromiumMissing)('web console on a development install', () => {
  let devSite: Awaited<ReturnType<typeof buildConsole>>;
  let devApp: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    devSite = await buildConsole();
    // No JWT_SECRET: the service runs on its generated development secret.
    devApp = await startTestApp({ api: true, worker: false, anthropic: false, consoleDir: devSite.dir, env: { JWT_SECRET: '' } });
    browser = await launch(devApp.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await devApp?.close();
    devSite?.remove();
  });

  it('"Continue as local user" signs in without pasting anything', async () => {
    await browser.page.goto(devApp.url);
    await browser.page.getByRole('button', { name: 'Continue as local user' }).click();
    await browser.page.getByRole('navigation', { name: 'Sections' }).waitFor();
    await browser.page.getByRole('link', { name: 'Workspace' }).click();
    await browser.page.getByRole('heading', { name: 'Workspace' }).waitFor();
    expect(browser.cspViolations).toEqual([]);
    expect(browser.external).toEqual([]);
  });
});
