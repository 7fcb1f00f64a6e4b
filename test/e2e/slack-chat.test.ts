/**
 * Slack end to end: signed Events API deliveries into the real Bolt receiver, the real core
 * (queue, engine worker on Redis, SQLite) answering through the fake Anthropic API, and replies
 * rendered into the fake Slack by the real WebClient.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answeredIn, botsIn, echoModel, startSlackWorld, type SlackWorld } from '../fakes/slack/world.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let app: TestApp;
let world: SlackWorld | null = null;

beforeAll(async () => {
  app = await startTestApp();
  app.anthropic!.setDefault(echoModel());
}, 60_000);
afterAll(async () => {
  await app?.close();
});
afterEach(async () => {
  await world?.close();
  world = null;
});

async function open(...args: Parameters<typeof startSlackWorld> extends [unknown, ...infer R] ? R : never): Promise<SlackWorld> {
  world = await startSlackWorld(app, ...args);
  return world;
}

const bots = (w: SlackWorld, channel: string, ts: string) => botsIn(w.fake, channel, ts);
const answered = (w: SlackWorld, channel: string, ts: string, username: string) => answeredIn(w.fake, channel, ts, username);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const requestsAbout = (text: string) => app.anthropic!.requests.filter((r) => r.lastUserText.includes(text)).length;

describe('slack messages', () => {
  it('answers a mention in its thread as the active twin, streaming natively, acked at once', async () => {
    const w = await open();
    await w.addTwin('grace-hopper', 'active');
    const started = Date.now();
    const { delivery, ts } = await w.driver.mention({ user: 'U1', channel: 'C1', text: 'what is a compiler?' });
    expect(delivery.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const reply = await answered(w, 'C1', ts, 'Grace Hopper');
    expect(reply.text).toBe('Grace Hopper: you said “what is a compiler?”.');
    expect(reply.threadTs).toBe(ts);
    expect(reply.streaming).toBe('completed');
    expect(w.fake.callsOf('chat.startStream')[0]?.args).toMatchObject({ thread_ts: ts, recipient_user_id: 'U1', username: 'Grace Hopper' });
    expect(bots(w, 'C1', ts)).toHaveLength(1);
  }, 20_000);

  it('answers a DM from the user’s own workspace, with an assistant status', async () => {
    const w = await open();
    await w.addTwin('grace-hopper', 'active');
    await w.addTwin('ada-lovelace', 'active', w.userWorkspace('U2'));
    const { ts } = await w.driver.dm({ user: 'U2', channel: 'D2', text: 'hello in private' });
    const reply = await answered(w, 'D2', ts, 'Ada Lovelace');
    expect(reply.text).toBe('Ada Lovelace: you said “hello in private”.');
    expect(bots(w, 'D2', ts).map((m) => m.username)).toEqual(['Ada Lovelace']);
    expect(w.fake.state.statuses.some((s) => s.channel === 'D2' && s.status.includes('thinking'))).toBe(true);
  }, 20_000);

  it('lets an addressed on-demand twin answer instead of the active one', async () => {
    const w = await open();
    await w.addTwin('grace-hopper', 'active');
    await w.addTwin('linus-torvalds', 'on-demand');
    const { ts } = await w.driver.mention({ user: 'U1', channel: 'C1', text: '@linus-torvalds how do I rebase?' });
    await answered(w, 'C1', ts, 'Linus Torvalds');
    await pause(300);
    expect(bots(w, 'C1', ts).map((m) => m.username)).toEqual(['Linus Torvalds']);
  }, 20_000);

  it('keeps an observer silent (the default assistant answers)', async () => {
    const w = await open();
    await w.addTwin('grace-hopper', 'observer');
    const { ts } = await w.driver.mention({ user: 'U1', channel: 'C1', text: 'anyone there?' });
    await answered(w, 'C1', ts, 'Twinbridge Assistant');
    await pause(300);
    expect(bots(w, 'C1', ts).map((m) => m.username)).toEqual(['Twinbridge Assistant']);
  }, 20_000);

  it('gives two addressed twins a message each in the thread', async () => {
    const w = await open();
    await w.addTwin('grace-hopper', 'on-demand');
    await w.addTwin('linus-torvalds', 'on-demand');
    const { ts } = await w.driver.mention({ user: 'U1', channel: 'C1', text: '@grace-hopper and @linus-torvalds: compare notes' });
    await answered(w, 'C1', ts, 'Grace Hopper');
    await answered(w, 'C1', ts, 'Linus Torvalds');
    expect(bots(w, 'C1', ts)).toHaveLength(2);
  }, 20_000);

  it('follows up on plain replies in a thread a twin answered, and ignores other chatter', async () => {
    const w = await open();
    await w.addTwin('grace-hopper', 'on-demand');
    await w.addTwin('linus-torvalds', 'active');
    const { ts } = await w.driver.mention({ user: 'U1', channel: 'C1', text: '@grace-hopper tell me about COBOL' });
    await answered(w, 'C1', ts, 'Grace Hopper');
    await w.driver.channelMessage({ user: 'U3', channel: 'C1', text: 'and who used it?', threadTs: ts });
    await w.fake.state.waitFor(() => bots(w, 'C1', ts).filter((m) => m.text.includes('who used it')).find((m) => m.text.endsWith('”.')), 15_000);
    expect(bots(w, 'C1', ts).map((m) => m.username)).toEqual(['Grace Hopper', 'Grace Hopper']);
    // Neither a top-level message without a mention, nor a reply in a thread no twin is in, is answered.
    const loose = await w.driver.channelMessage({ user: 'U3', channel: 'C1', text: 'lunch anyone?' });
    const other = w.fake.state.addUserMessage('C1', 'U3', 'unrelated thread');
    await w.driver.channelMessage({ user: 'U3', channel: 'C1', text: 'reply', threadTs: other.ts });
    await w.driver.botMessage('C1', 'beep from another bot', 'B0OTHER', ts);
    await pause(500);
    expect(bots(w, 'C1', loose.ts)).toHaveLength(0);
    expect(bots(w, 'C1', other.ts)).toHaveLength(0);
    expect(bots(w, 'C1', ts)).toHaveLength(2);
    expect(requestsAbout('beep from another bot')).toBe(0);
  }, 30_000);

  it('still follows up in a thread after the adapter restarted (the history remembers the twin)', async () => {
    const w = await open();
    await w.addTwin('grace-hopper', 'on-demand');
    const { ts } = await w.driver.mention({ user: 'U1', channel: 'C1', text: '@grace-hopper what is a bug?' });
    await answered(w, 'C1', ts, 'Grace Hopper');
    await w.restart();
    await w.driver.channelMessage({ user: 'U3', channel: 'C1', text: 'was it a real moth?', threadTs: ts });
    await w.fake.state.waitFor(() => bots(w, 'C1', ts).find((m) => m.text.includes('real moth') && m.text.endsWith('”.')), 15_000);
    expect(bots(w, 'C1', ts).map((m) => m.username)).toEqual(['Grace Hopper', 'Grace Hopper']);
  }, 30_000);

  it('answers a redelivered event once', async () => {
    const w = await open();
    await w.addTwin('grace-hopper', 'active');
    const first = await w.driver.mention({ user: 'U1', channel: 'C1', text: 'only once please' });
    const again = await w.driver.event(first.envelope.event, { eventId: first.eventId, retryNum: 1, retryReason: 'http_timeout' });
    expect(again.delivery.status).toBe(200);
    await answered(w, 'C1', first.ts, 'Grace Hopper');
    await w.driver.event(first.envelope.event, { eventId: first.eventId, retryNum: 2 });
    await pause(500);
    expect(bots(w, 'C1', first.ts)).toHaveLength(1);
    expect(requestsAbout('only once please')).toBe(1);
  }, 20_000);

  it('refuses bad, stale and missing signatures and queues nothing', async () => {
    const w = await open();
    await w.addTwin('grace-hopper', 'active');
    const results = await Promise.all(
      (['bad', 'stale', 'missing'] as const).map((signature) => w.driver.mention({ user: 'U1', channel: 'C1', text: `forged ${signature}` }, { signature })),
    );
    expect(results.map((r) => r.delivery.status)).toEqual([401, 401, 401]);
    const command = await w.driver.command({ user: 'U1', channel: 'C1', text: 'add steve-jobs' }, { signature: 'bad' });
    expect(command.delivery.status).toBe(401);
    await pause(500);
    expect(requestsAbout('forged')).toBe(0);
    expect(w.fake.state.messages.filter((m) => m.botId)).toHaveLength(0);
    expect((await app.deps.workspace.list(w.team)).map((v) => v.twin.slug)).toEqual(['grace-hopper']);
  }, 20_000);
});

describe('slack streaming', () => {
  it('falls back for good to placeholder + chat.update when the team lacks native streaming', async () => {
    const w = await open();
    w.fake.limits.disable(['chat.startStream', 'chat.appendStream', 'chat.stopStream']);
    await w.addTwin('grace-hopper', 'active');
    const one = await w.driver.mention({ user: 'U1', channel: 'C1', text: 'first question' });
    const first = await answered(w, 'C1', one.ts, 'Grace Hopper');
    expect(first.edits[0]?.via).toBe('chat.postMessage');
    expect(first.edits.at(-1)?.via).toBe('chat.update');
    const two = await w.driver.mention({ user: 'U1', channel: 'C1', text: 'second question' });
    await answered(w, 'C1', two.ts, 'Grace Hopper');
    expect(w.fake.callsOf('chat.startStream')).toHaveLength(1);
  }, 20_000);

  it('lands the final text after a 429 with Retry-After mid-stream', async () => {
    const w = await open();
    await w.addTwin('grace-hopper', 'active');
    app.anthropic!.enqueue({ text: ['Slow ', 'and ', 'steady ', 'wins ', 'the ', 'race.'], chunkDelayMs: 120 });
    w.fake.limits.failNext('chat.appendStream', { kind: 'ratelimited', retryAfterSec: 1 }, 2);
    const { ts } = await w.driver.mention({ user: 'U1', channel: 'C1', text: 'tell me a proverb' });
    const reply = await w.fake.state.waitFor(() => bots(w, 'C1', ts).find((m) => m.text === 'Slow and steady wins the race.' && m.streaming === 'completed'), 15_000);
    expect(reply.username).toBe('Grace Hopper');
    expect(w.fake.calls.filter((c) => c.outcome === 'ratelimited').length).toBe(2);
  }, 20_000);

  it('splits a long reply into whole thread messages, never inside the code block', async () => {
    const w = await open({ maxMessageChars: 300 }, { maxTextChars: 300 });
    await w.addTwin('grace-hopper', 'active');
    const code = '```\n10 PRINT "HELLO"\n20 GOTO 10\n```';
    const paras = Array.from({ length: 8 }, (_, i) => `Point ${i + 1}: ${'a long and careful sentence about computing history '.repeat(2).trim()}.`);
    const full = [...paras.slice(0, 4), code, ...paras.slice(4)].join('\n\n');
    app.anthropic!.enqueue({ text: full.match(/[\s\S]{1,60}/g) ?? [full], chunkDelayMs: 10 });
    const { ts } = await w.driver.mention({ user: 'U1', channel: 'C1', text: 'give me the long version' });
    const texts = await w.fake.state.waitFor(() => {
      const msgs = bots(w, 'C1', ts);
      const joined = msgs.map((m) => m.text).join('\n\n');
      return joined === full && msgs.every((m) => m.streaming !== 'in_progress') ? msgs.map((m) => m.text) : null;
    }, 15_000);
    expect(texts.length).toBeGreaterThanOrEqual(4);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(300);
    expect(texts.some((t) => t.includes(code))).toBe(true);
    expect(w.fake.calls.filter((c) => c.outcome === 'msg_too_long')).toHaveLength(0);
  }, 20_000);
});
