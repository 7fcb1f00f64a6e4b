/**
 * A persona file shared with the app in a DM with the word `import`: downloaded from
 * `url_private_download` with the bot token (the fake answers its sign-in page without it),
 * imported into that person's own twins on-demand, and answered in the DM with what was
 * imported and skipped — or why not, creating nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { userOwner } from '../../adapters/slack/identity.js';
import { startSlackWorld, type SlackWorld } from '../fakes/slack/world.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let app: TestApp;
let w: SlackWorld;

beforeAll(async () => {
  // The fake Slack's file host is on loopback; the attachment guard lets only that host through.
  app = await startTestApp({ env: { ATTACHMENT_ALLOW_HOSTS: '127.0.0.1' } });
}, 60_000);
afterAll(async () => {
  await app?.close();
});
beforeEach(async () => {
  w = await startSlackWorld(app);
});
afterEach(async () => {
  await w.close();
});

const fixture = (name: string) => readFileSync(new URL(`../fixtures/personas/${name}`, import.meta.url));
const share = (text: string, name: string, mimetype: string) =>
  w.driver.dmFiles({ user: 'U1', channel: 'D1', text, files: [{ name, mimetype, bytes: fixture(name) }] });
const answer = (ts: string) => w.fake.state.waitFor(() => w.fake.state.messages.find((m) => m.channel === 'D1' && m.threadTs === ts && m.user === w.fake.workspace.botUserId));

describe('import by DM', () => {
  it('downloads the shared PNG card with the bot token and imports it, on-demand, for that person', async () => {
    const sent = await share('import this please', 'card-v3.png', 'image/png');
    const reply = await answer(sent.ts);
    expect(reply.text).toMatch(/Imported one twin from \*card-v3.png\* .*\*Ada the Analyst\*/);
    expect(sent.files[0]!.downloads).toBe(1);
    const mine = await app.deps.workspace.list(userOwner(w.teamId, 'U1'));
    expect(mine.find((v) => v.twin.slug === 'ada-the-analyst')?.participationMode).toBe('on-demand');
    expect((await app.deps.workspace.list(w.team)).some((v) => v.twin.slug === 'ada-the-analyst')).toBe(false);
  });

  it('says what a system export skipped', async () => {
    const sent = await share('Import', 'pluralkit.json', 'application/json');
    expect((await answer(sent.ts)).text).toMatch(/Imported 2 twins[\s\S]*Skipped: Quiet/);
  });

  it('a file that is no persona gets the reason, and nothing is created', async () => {
    const before = (await app.core.store.twins.custom(userOwner(w.teamId, 'U1').customerId)).length;
    const sent = await share('import', 'README.md', 'text/markdown');
    expect((await answer(sent.ts)).text).toMatch(/could not be imported/);
    expect((await app.core.store.twins.custom(userOwner(w.teamId, 'U1').customerId)).length).toBe(before);
  });

  it('a file shared without the word import is not downloaded', async () => {
    const sent = await share('look at this', 'card-v3.png', 'image/png');
    // The DM is answered as chat instead; the file stays where it is.
    await w.fake.state.waitFor(() => w.fake.state.messages.find((m) => m.channel === 'D1' && m.user === w.fake.workspace.botUserId && m.threadTs === sent.ts));
    expect(sent.files[0]!.downloads).toBe(0);
  });
});
