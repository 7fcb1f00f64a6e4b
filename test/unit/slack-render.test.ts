/**
 * The reply renderer against the fake Slack Web API, through the real WebClient: native streaming,
 * the fallback to chat.update, 429s, splitting, resets and statuses. Events are fed by hand here;
 * the e2e tests drive the same renderer from real jobs.
 */
import { webApi } from '@slack/bolt';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boltLogger } from '../../adapters/slack/bolt-logger.js';
import { createSlackMetrics } from '../../adapters/slack/metrics.js';
import { createSlackApi } from '../../adapters/slack/render/api.js';
import { createJobRenderer } from '../../adapters/slack/render/job.js';
import { createNativeStreaming } from '../../adapters/slack/render/registry.js';
import { createSlackBudget, writerBudget } from '../../adapters/slack/render/budget.js';
import { realClock } from '../../src/render/index.js';
import type { LoggedEvent, StreamEvent, TwinRef } from '../../src/core/messages.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.js';

const logger = pino({ level: 'silent' });
const ADA: TwinRef = { id: 'tw-ada', slug: 'ada-lovelace', name: 'Ada Lovelace', avatarUrl: 'https://example.com/ada.png' };
const ALAN: TwinRef = { id: 'tw-alan', slug: 'alan-turing', name: 'Alan Turing', avatarUrl: null };
const CHANNEL = 'C0GENERAL';

let fake: FakeSlack;
let seq = 0;

beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await fake.close();
});

function setup(opts: { maxChars?: number; limits?: Record<string, number>; burst?: number; native?: boolean } = {}) {
  const client = new webApi.WebClient(fake.token, {
    slackApiUrl: fake.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger: boltLogger(logger),
  });
  const metrics = createSlackMetrics(new Registry());
  // Real I/O against the fake Slack, so the real clock; the core's own tests run on a manual one.
  const methods = createSlackBudget({ limits: opts.limits, burst: opts.burst ?? 10 }, realClock);
  const api = createSlackApi({ client, budget: methods, clock: realClock, metrics, logger });
  const native = createNativeStreaming(opts.native ?? true, { metrics, logger });
  const teamId = fake.workspace.teamId;
  function renderer(channel = CHANNEL) {
    const parent = fake.state.addUserMessage(channel, 'U0ASKER', 'a question');
    const r = createJobRenderer(`job-${++seq}`, { teamId, channel, threadTs: parent.ts, userId: 'U0ASKER' }, {
      api,
      native,
      budget: writerBudget(methods),
      clock: realClock,
      logger,
      maxChars: opts.maxChars ?? 3500,
      intervalMs: 20,
      idleTimeoutMs: 10_000,
    });
    const feed = (events: StreamEvent[]) => {
      for (const e of events) r.handle({ ...e, id: `${++seq}-0` } as LoggedEvent);
    };
    const thread = () => fake.state.thread(channel, parent.ts);
    return { r, feed, thread, threadTs: parent.ts };
  }
  return { native, teamId, renderer };
}

const delta = (twin: TwinRef | null, content: string): StreamEvent => ({ event: 'text_delta', twin, data: { content, accumulated_length: 0 } });
const twinDone = (twin: TwinRef, reply: string): StreamEvent => ({
  event: 'twin_done',
  twin,
  data: { messageId: 'm', reply, personality: twin.slug, twinId: twin.id, twinName: twin.name, confidence: null, toolsUsed: [], model: 'x', responseTime: 1, trace: [] },
});
const done = (...replies: { twin: TwinRef | null; reply: string }[]): StreamEvent => ({
  event: 'done',
  twin: null,
  data: {
    streamId: 's',
    messageId: 'm',
    reply: replies[0]?.reply ?? '',
    personality: 'x',
    responseTime: 1,
    toolsUsed: [],
    confidence: null,
    timestamp: new Date().toISOString(),
    metadata: { toolsUsed: [], model: 'x', knowledgeGraphQueried: false, routing: [] },
    replies: replies.map((r) => ({
      messageId: 'm',
      reply: r.reply,
      personality: r.twin?.slug ?? 'assistant',
      twinId: r.twin?.id ?? null,
      twinName: r.twin?.name ?? 'Assistant',
      confidence: null,
      toolsUsed: [],
      model: 'x',
      responseTime: 1,
      trace: [],
    })),
  },
});
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('slack job renderer', () => {
  it('streams natively under the twin’s name and icon, and lands the final text', async () => {
    const { renderer } = setup();
    const { r, feed, thread } = renderer();
    feed([{ event: 'status', twin: ADA, data: { status: 'thinking' } }, delta(ADA, 'Hello')]);
    await pause(60);
    feed([delta(ADA, ', world')]);
    await pause(60);
    feed([delta(ADA, '!'), twinDone(ADA, 'Hello, world!'), done({ twin: ADA, reply: 'Hello, world!' })]);
    await r.finished;
    const [msg] = thread();
    expect(thread()).toHaveLength(1);
    expect(msg).toMatchObject({ text: 'Hello, world!', username: 'Ada Lovelace', iconUrl: 'https://example.com/ada.png', streaming: 'completed' });
    expect(fake.callsOf('chat.startStream')[0]?.args).toMatchObject({ recipient_user_id: 'U0ASKER', recipient_team_id: fake.workspace.teamId });
    expect(fake.callsOf('chat.appendStream').length).toBeGreaterThan(0);
    expect(fake.callsOf('chat.update')).toHaveLength(0);
  });

  it('falls back for good to placeholder + chat.update after unknown_method', async () => {
    fake.limits.disable(['chat.startStream', 'chat.appendStream', 'chat.stopStream']);
    const { renderer, native, teamId } = setup();
    const first = renderer();
    first.feed([delta(ADA, 'Part one. ')]);
    await pause(60);
    first.feed([delta(ADA, 'Part two.'), twinDone(ADA, 'Part one. Part two.'), done({ twin: ADA, reply: 'Part one. Part two.' })]);
    await first.r.finished;
    expect(first.thread().map((m) => m.text)).toEqual(['Part one. Part two.']);
    expect(first.thread()[0]?.blocks).toEqual([{ type: 'markdown', text: 'Part one. Part two.' }]);
    expect(native.enabled(teamId)).toBe(false);

    const second = renderer();
    second.feed([delta(ALAN, 'Hi'), twinDone(ALAN, 'Hi there'), done({ twin: ALAN, reply: 'Hi there' })]);
    await second.r.finished;
    expect(second.thread().map((m) => [m.username, m.text])).toEqual([['Alan Turing', 'Hi there']]);
    expect(fake.callsOf('chat.startStream')).toHaveLength(1);
  });

  it('shows a placeholder with the twin’s status before text arrives (chat.update mode)', async () => {
    const { renderer } = setup({ native: false });
    const { r, feed, thread } = renderer();
    feed([{ event: 'status', twin: ADA, data: { status: 'thinking' } }]);
    await fake.state.waitFor(() => thread()[0]);
    expect(thread()[0]?.text).toBe('_thinking…_');
    feed([{ event: 'tool_start', twin: ADA, data: { tool: 'web_search', toolId: 't1', timestamp: '' } }]);
    await fake.state.waitFor(() => thread()[0]?.text === '_using web_search…_');
    feed([delta(ADA, 'Found it.'), twinDone(ADA, 'Found it.'), done({ twin: ADA, reply: 'Found it.' })]);
    await r.finished;
    expect(thread()[0]?.edits.map((e) => e.text)).toEqual(['_thinking…_', '_using web_search…_', 'Found it.']);
  });

  it('lands the final text through 429s with Retry-After', async () => {
    const { renderer } = setup();
    const { r, feed, thread } = renderer();
    feed([delta(ADA, 'Streaming ')]);
    await fake.state.waitFor(() => thread()[0]);
    fake.limits.failNext('chat.appendStream', { kind: 'ratelimited', retryAfterSec: 1 }, 2);
    fake.limits.failNext('chat.stopStream', { kind: 'ratelimited', retryAfterSec: 1 }, 1);
    feed([delta(ADA, 'through limits.'), twinDone(ADA, 'Streaming through limits.'), done({ twin: ADA, reply: 'Streaming through limits.' })]);
    await r.finished;
    expect(thread()[0]).toMatchObject({ text: 'Streaming through limits.', streaming: 'completed' });
    expect(fake.calls.filter((c) => c.outcome === 'ratelimited').length).toBe(3);
    // Held off for Retry-After: the retry of appendStream came at least a second after the 429.
    const append = fake.callsOf('chat.appendStream');
    expect(append[append.length - 1]!.at - append[0]!.at).toBeGreaterThanOrEqual(950);
  }, 15_000);

  it('keeps within a team-wide budget shared by concurrent replies', async () => {
    // Slack allows 4 edits a second here; the gate is configured under that, as the defaults are under the tiers.
    fake.limits.set('chat.update', 4, 1000);
    const { renderer } = setup({ native: false, limits: { 'chat.update': 180, 'chat.postMessage': 600 }, burst: 1 });
    const a = renderer();
    const b = renderer();
    for (let i = 0; i < 15; i += 1) {
      a.feed([delta(ADA, `a${i} `)]);
      b.feed([delta(ALAN, `b${i} `)]);
      await pause(60);
    }
    const textA = Array.from({ length: 15 }, (_, i) => `a${i}`).join(' ');
    const textB = Array.from({ length: 15 }, (_, i) => `b${i}`).join(' ');
    a.feed([twinDone(ADA, textA), done({ twin: ADA, reply: textA })]);
    b.feed([twinDone(ALAN, textB), done({ twin: ALAN, reply: textB })]);
    await Promise.all([a.r.finished, b.r.finished]);
    expect(a.thread()[0]?.text).toBe(textA);
    expect(b.thread()[0]?.text).toBe(textB);
    expect(fake.calls.filter((c) => c.outcome === 'ratelimited')).toHaveLength(0);
  }, 15_000);

  it('splits a long reply into whole messages at paragraph breaks, code blocks intact', async () => {
    const { renderer } = setup({ maxChars: 200 });
    const { r, feed, thread } = renderer();
    const code = '```js\nconst a = 1;\nconst b = 2;\nconsole.log(a + b);\n```';
    const paragraphs = Array.from({ length: 6 }, (_, i) => `Paragraph ${i}: ${'words and more words '.repeat(3).trim()}.`);
    const full = [...paragraphs.slice(0, 3), code, ...paragraphs.slice(3)].join('\n\n');
    for (let i = 0; i < full.length; i += 40) {
      feed([delta(ADA, full.slice(i, i + 40))]);
      await pause(5);
    }
    feed([twinDone(ADA, full), done({ twin: ADA, reply: full })]);
    await r.finished;
    const texts = thread().map((m) => m.text);
    expect(texts.length).toBeGreaterThan(2);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(200);
    expect(texts.some((t) => t.includes(code))).toBe(true);
    expect(texts.join('\n\n')).toBe(full);
    expect(thread().every((m) => m.username === 'Ada Lovelace' && m.streaming !== 'in_progress')).toBe(true);
  });

  it('splits smaller when Slack refuses a message as too long', async () => {
    await fake.close();
    fake = await startFakeSlack({ maxTextChars: 250 });
    const { renderer } = setup({ maxChars: 3500 });
    const { r, feed, thread } = renderer();
    const full = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} in a reply that Slack finds too long.`).join('\n');
    feed([delta(ADA, full.slice(0, 300))]);
    await pause(50);
    feed([delta(ADA, full.slice(300)), twinDone(ADA, full), done({ twin: ADA, reply: full })]);
    await r.finished;
    const texts = thread().map((m) => m.text);
    expect(texts.length).toBeGreaterThan(2);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(250);
    expect(texts.join('\n')).toBe(full);
  });

  it('gives each twin its own message, and a reset starts that reply over', async () => {
    const { renderer } = setup({ native: false });
    const { r, feed, thread } = renderer();
    feed([delta(ADA, 'First attempt that failed'), delta(ALAN, 'Alan here')]);
    await fake.state.waitFor(() => thread().length === 2);
    feed([{ event: 'reset', twin: ADA, data: { attempt: 2 } }, delta(ADA, 'Second attempt')]);
    feed([twinDone(ADA, 'Second attempt'), twinDone(ALAN, 'Alan here.'), done({ twin: ADA, reply: 'Second attempt' }, { twin: ALAN, reply: 'Alan here.' })]);
    await r.finished;
    expect(thread().map((m) => [m.username, m.text])).toEqual([
      ['Ada Lovelace', 'Second attempt'],
      ['Alan Turing', 'Alan here.'],
    ]);
  });

  it('answers a failed job with the short user-safe sentence', async () => {
    const { renderer } = setup();
    const { r, feed, thread } = renderer();
    feed([{ event: 'error', twin: null, data: { message: 'The model is busy right now; retrying.', streamId: 's', code: 'MODEL_RATE_LIMITED' } }]);
    await r.finished;
    expect(thread().map((m) => m.text)).toEqual([':warning: The model is busy right now; retrying.']);
  });

  it('renders the default assistant (twin null) under the app’s own name', async () => {
    const { renderer } = setup({ native: false });
    const { r, feed, thread } = renderer();
    feed([delta(null, 'Default '), delta(null, 'answer'), done({ twin: null, reply: 'Default answer' })]);
    await r.finished;
    expect(thread().map((m) => [m.username, m.text])).toEqual([[null, 'Default answer']]);
  });

  it('sets the assistant status in assistant threads, and stops asking where Slack refuses', async () => {
    const { renderer } = setup();
    const dm = renderer('D0ASSIST');
    dm.feed([{ event: 'status', twin: ADA, data: { status: 'thinking' } }, { event: 'tool_start', twin: ADA, data: { tool: 'web_search', toolId: 't', timestamp: '' } }]);
    dm.feed([delta(ADA, 'ok'), twinDone(ADA, 'ok'), done({ twin: ADA, reply: 'ok' })]);
    await dm.r.finished;
    expect(fake.state.statuses.map((s) => s.status)).toEqual(['Ada Lovelace is thinking…', 'Ada Lovelace is using web_search…', '']);

    const channel = renderer();
    channel.feed([{ event: 'status', twin: ADA, data: { status: 'thinking' } }, { event: 'tool_start', twin: ADA, data: { tool: 'x', toolId: 't', timestamp: '' } }]);
    channel.feed([delta(ADA, 'ok'), twinDone(ADA, 'ok'), done({ twin: ADA, reply: 'ok' })]);
    await channel.r.finished;
    expect(fake.callsOf('assistant.threads.setStatus').filter((c) => c.args.channel_id === CHANNEL)).toHaveLength(1);
  });

  it('moves on with chat.update when Slack ends the stream early', async () => {
    const { renderer } = setup();
    const { r, feed, thread } = renderer();
    feed([delta(ADA, 'Begin')]);
    await fake.state.waitFor(() => thread()[0]);
    // Slack ends streams on its own (about five minutes, or the user pressed stop).
    thread()[0]!.streaming = 'completed';
    feed([delta(ADA, ' and end.'), twinDone(ADA, 'Begin and end.'), done({ twin: ADA, reply: 'Begin and end.' })]);
    await r.finished;
    expect(thread()[0]?.text).toBe('Begin and end.');
  });
});
