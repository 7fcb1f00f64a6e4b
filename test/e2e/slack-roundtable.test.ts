/**
 * A roundtable on Slack, end to end on the fakes: `/twin discuss` with three twins → a header with
 * a Stop button, then each turn a thread reply under its twin's name, in order; a person's thread
 * reply joins (answered by a later speaker, no chat job of its own); `/twin why`; the Stop button.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordChunks } from '../fakes/anthropic/server.js';
import { startSlackWorld, type SlackWorld } from '../fakes/slack/world.js';
import type { FakeMessage } from '../fakes/slack/state.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let app: TestApp;
let w: SlackWorld;
const ANSWERS: Record<string, string> = {
  'Paul Graham': 'Make something people want, Warren.',
  'Warren Buffett': 'Charlie, price is what you pay; value is what you get.',
  'Charlie Munger': 'Invert, always invert. Paul, you go next.',
};
const JOIN = 'What about a downturn?';

beforeAll(async () => {
  app = await startTestApp({ env: { SHUTDOWN_GRACE_MS: '200' } });
  app.anthropic!.setDefault((req) => {
    const name = Object.keys(ANSWERS).find((n) => req.lastUserText.includes(`It is your turn, ${n}`));
    return { text: wordChunks(name ? ANSWERS[name]! : 'I am the assistant.'), chunkDelayMs: 60 };
  });
  w = await startSlackWorld(app);
}, 60_000);
afterAll(async () => {
  await w?.close();
  await app?.close();
});

async function twin(text: string, user = 'U1'): Promise<string> {
  const { delivery } = await w.driver.command({ user, channel: 'C1', text });
  expect(delivery.status).toBe(200);
  expect(delivery.json?.response_type).toBe('ephemeral');
  return JSON.stringify(delivery.json?.blocks ?? delivery.json?.text ?? '');
}

const header = (): FakeMessage | undefined => w.fake.state.messages.find((m) => m.channel === 'C1' && m.threadTs === null && m.botId && m.text.startsWith('Roundtable'));
const turnsIn = (ts: string) => w.fake.state.thread('C1', ts).filter((m) => m.botId && m.ts !== ts && !m.deleted);
const finished = (ts: string, n: number) => {
  const t = turnsIn(ts).slice(0, n);
  return t.length === n && t.every((m) => m.streaming !== 'in_progress' && Object.values(ANSWERS).includes(m.text)) ? t : null;
};

/** Polls an async condition (the store) until it holds. */
async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('/twin discuss on Slack', () => {
  it('refuses bad input with ephemeral sentences', async () => {
    await w.addTwin('paul-graham', 'active');
    expect(await twin('discuss')).toContain('Usage');
    expect(await twin('discuss risk with paul-graham')).toContain('at least 2 twins');
    expect(await twin('discuss risk with paul-graham, nobody-at-all')).toContain('I don\'t know a twin called “nobody-at-all”');
    expect(await twin('discuss risk with paul-graham, warren-buffett turns 21')).toContain('from 1 to 20');
    expect(await twin('discuss risk with paul-graham, warren-buffett turns 0')).toContain('from 1 to 20');
    expect(header()).toBeUndefined();
  }, 20_000);

  it('header with Stop, turns in the thread under three identities in order; a reply joins; why; Stop ends it', async () => {
    const started = await twin('discuss How should a founder think about risk? with Paul Graham, Warren Buffett, charlie-munger turns 20');
    expect(started).toContain('Roundtable started');
    const head = header()!;
    expect(head.text).toContain('Paul Graham, Warren Buffett, Charlie Munger');
    expect(head.text).toContain('up to 20 turns');
    const stopButton = JSON.stringify(head.blocks).includes('"action_id":"roundtable_stop"');
    expect(stopButton).toBe(true);
    expect(await twin('discuss something else with paul-graham, warren-buffett')).toContain('running in this channel already');

    await w.fake.state.waitFor(() => finished(head.ts, 1), 15_000);
    const chatJobsBefore = (await app.core.queue.queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter((j) => j.name === 'chat').length;
    const reply = await w.driver.channelMessage({ user: 'U2', channel: 'C1', text: JOIN, threadTs: head.ts });
    expect(reply.delivery.status).toBe(200);
    const turns = await w.fake.state.waitFor(() => finished(head.ts, 4), 20_000);
    expect(turns.slice(0, 3).map((m) => [m.username, m.text])).toEqual([
      ['Paul Graham', ANSWERS['Paul Graham']],
      ['Warren Buffett', ANSWERS['Warren Buffett']],
      ['Charlie Munger', ANSWERS['Charlie Munger']],
    ]);

    const store = app.core.store.roundtables;
    const [rt] = (await store.list({})).filter((r) => r.platform === 'slack');
    const state = (await store.get(rt!.id))!;
    expect(state.messages.map((m) => m.content)).toEqual([JOIN]);
    // A later turn's prompt carries the person's message; it got no chat job of its own.
    const answering = app.anthropic!.requests.filter((r) => JSON.stringify(r.body.messages).includes(JOIN));
    expect(answering.length).toBeGreaterThan(0);
    const jobs = await app.core.queue.queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
    expect(jobs.filter((j) => j.name === 'chat')).toHaveLength(chatJobsBefore);
    expect(turnsIn(head.ts).some((m) => m.text.includes('you said'))).toBe(false);

    expect(await twin('why')).toMatch(/Roundtable turn \d+ went to \*(Paul Graham|Warren Buffett|Charlie Munger)\*/);

    const click = await w.driver.blockAction({ user: 'U1', channel: 'C1', actionId: 'roundtable_stop', value: 'stop', messageTs: head.ts, isEphemeral: false, label: 'Stop' });
    expect(click.delivery.status).toBe(200);
    const answer = await w.fake.state.waitFor(() => w.fake.state.responses.find((r) => r.id === click.responseId));
    expect(JSON.stringify(answer.body)).toContain('Roundtable stopped');
    expect((await store.get(rt!.id))!.roundtable).toMatchObject({ status: 'stopped', stoppedBy: 'stopped' });
    // The header says it ended and loses its button; every turn that started finished.
    await w.fake.state.waitFor(() => JSON.stringify(w.fake.state.find('C1', head.ts)!.blocks).includes('Ended: stopped'), 15_000);
    expect(JSON.stringify(w.fake.state.find('C1', head.ts)!.blocks)).not.toContain('roundtable_stop');
    await until(async () => (await store.get(rt!.id))!.turns.every((t) => t.reply !== null));
    expect(await twin('stop')).toContain('No roundtable is running');
  }, 60_000);
});
