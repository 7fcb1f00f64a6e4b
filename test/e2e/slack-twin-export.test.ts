/**
 * `/twin export <twin> [format]` over Slack: the file goes through the external upload flow
 * (`files.getUploadURLExternal`, the bytes to the upload URL, `files.completeUploadExternal`)
 * into the conversation; a team's own twin is exported only by that team.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importPersonaFile } from '../../src/personas/index.js';
import { startSlackWorld, type SlackWorld } from '../fakes/slack/world.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let app: TestApp;
let w: SlackWorld;

beforeAll(async () => {
  app = await startTestApp();
}, 60_000);
afterAll(async () => {
  await app?.close();
});
beforeEach(async () => {
  w = await startSlackWorld(app);
  await app.core.customTwins.create(w.team, {
    name: 'Tide Clerk',
    persona: { prompt: 'You are the clerk of the tide tables. You speak in times and heights.', examples: ['High water at 06:12.'] },
  });
});
afterEach(async () => {
  await w.close();
});

const run = async (text: string, channel = 'C1') => JSON.stringify((await w.driver.command({ user: 'U1', channel, text })).delivery.json);

describe('/twin export', () => {
  it('uploads the twin into the conversation as a Character Card V3 by default', async () => {
    expect(await run('export tide-clerk')).toContain('Shared *Tide Clerk*');
    const file = await w.fake.state.waitFor(() => w.fake.state.files.find((f) => f.name === 'tide-clerk.json'));
    expect(file).toMatchObject({ channel: 'C1', initialComment: expect.stringContaining('Tide Clerk') });
    expect(JSON.parse(file.bytes.toString())).toMatchObject({ spec: 'chara_card_v3', data: { name: 'Tide Clerk' } });
    expect(w.fake.callsOf('files.getUploadURLExternal')[0]!.args).toMatchObject({ filename: 'tide-clerk.json', length: String(file.bytes.length) });
  });

  it('a PNG card, by name, imports back as the same twin', async () => {
    expect(await run('export Tide Clerk png')).toContain('PNG card');
    const file = await w.fake.state.waitFor(() => w.fake.state.files.find((f) => f.name.endsWith('.png')));
    const back = importPersonaFile({ contentType: 'image/png', bytes: file.bytes });
    expect(back.personas[0]).toMatchObject({ name: 'Tide Clerk', examples: ['High water at 06:12.'] });
  });

  it('another team cannot export it, and nothing is uploaded', async () => {
    const other = await startSlackWorld(app);
    try {
      const { delivery } = await other.driver.command({ user: 'U1', channel: 'C1', text: 'export tide-clerk' });
      expect(JSON.stringify(delivery.json)).toMatch(/no twin/i);
      expect(other.fake.callsOf('files.getUploadURLExternal')).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
