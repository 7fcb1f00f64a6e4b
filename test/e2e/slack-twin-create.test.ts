/**
 * `/twin create` over Slack: the command opens a modal with `views.open` (the fake checks the
 * trigger_id and the view like Slack), and the signed `view_submission` creates the twin for
 * the team, on-demand in its workspace; a bad field comes back as `response_action: "errors"`
 * on its block and nothing is created.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
});
afterEach(async () => {
  await w.close();
});

async function openForm(user = 'U1', channel = 'C1') {
  const { delivery, triggerId } = await w.driver.command({ user, channel, text: 'create' });
  expect(delivery.status).toBe(200);
  const opened = await w.fake.state.waitFor(() => w.fake.state.views.find((v) => v.triggerId === triggerId));
  return { opened, ack: JSON.stringify(delivery.json) };
}
const custom = () => app.core.store.twins.custom(w.team.customerId);

describe('/twin create', () => {
  it('help names create, export and import', async () => {
    const { delivery } = await w.driver.command({ user: 'U1', channel: 'C1', text: 'help' });
    const help = JSON.stringify(delivery.json);
    expect(help).toContain('/twin create');
    expect(help).toContain('/twin export <twin>');
    expect(help).toContain('`import`');
  });

  it('opens a modal with the five fields', async () => {
    const { opened, ack } = await openForm();
    expect(ack).toContain('Fill in the form');
    expect(opened.view).toMatchObject({ type: 'modal', callback_id: 'twin_create', title: { text: 'Create a twin' } });
    const blocks = opened.view.blocks as { block_id: string; optional: boolean; element: { action_id: string } }[];
    expect(blocks.map((b) => [b.block_id, b.optional])).toEqual([['name', false], ['description', true], ['persona', false], ['lines', true], ['avatar', true]]);
  });

  it('the submission creates the twin for the team, on-demand', async () => {
    const { opened } = await openForm();
    const delivery = await w.driver.viewSubmission({
      user: 'U1',
      viewId: opened.id,
      values: { name: 'Night Ferry', persona: 'You are the night ferry. You speak softly about crossings.', lines: 'Last boat leaves at midnight.\nHold the rail.', avatar: 'https://cdn.example.com/ferry.png' },
    });
    expect(delivery.status).toBe(200);
    expect(delivery.json).toBeNull();
    const row = (await app.deps.workspace.list(w.team)).find((v) => v.twin.slug === 'night-ferry')!;
    expect(row.participationMode).toBe('on-demand');
    expect(row.twin.avatarUrl).toBe('https://cdn.example.com/ferry.png');
    expect((await custom()).find((t) => t.slug === 'night-ferry')!.persona.examples).toEqual(['Last boat leaves at midnight.', 'Hold the rail.']);
    const note = await w.fake.state.waitFor(() => w.fake.state.ephemerals.find((e) => e.text.includes('Night Ferry')));
    expect(note).toMatchObject({ channel: 'C1', user: 'U1' });
  });

  it('a bad field is an error on its block, and nothing is created', async () => {
    const before = (await custom()).length;
    for (const [values, block, reason] of [
      [{ name: 'Ferry', persona: 'A twin.', lines: 'x'.repeat(501) }, 'lines', /500/],
      [{ name: 'Ferry', persona: 'A twin.', avatar: 'ftp://example.com/a.png' }, 'avatar', /https/],
      [{ name: 'N'.repeat(81), persona: 'A twin.' }, 'name', /80/],
    ] as const) {
      const { opened } = await openForm();
      const delivery = await w.driver.viewSubmission({ user: 'U1', viewId: opened.id, values });
      expect(delivery.json).toMatchObject({ response_action: 'errors' });
      const errors = (delivery.json as { errors: Record<string, string> }).errors;
      expect(Object.keys(errors)).toEqual([block]);
      expect(errors[block]).toMatch(reason);
    }
    expect((await custom()).length).toBe(before);
  });

  it('a trigger_id works once: views.open refuses a reused one', async () => {
    const { triggerId } = await w.driver.command({ user: 'U1', channel: 'C1', text: 'create' });
    await w.fake.state.waitFor(() => w.fake.state.views.find((v) => v.triggerId === triggerId));
    const again = await fetch(`${w.fake.apiUrl}views.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ trigger_id: triggerId, view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }] } }),
    });
    expect(await again.json()).toMatchObject({ ok: false, error: 'invalid_trigger_id' });
  });
});
