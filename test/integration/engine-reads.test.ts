/**
 * One read per fact per job: the engine reads each twin, the default twin and the user's message
 * once (the message's id is in the job), and a first run looks up no stored replies. The store
 * ports the engine gets are the real ones, counted on the way through.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobPayloadSchema, type InboundMessage, type LoggedEvent } from '../../src/core/messages.js';
import { createEngine } from '../../src/engine/engine.js';
import { createEngineForCore } from '../../src/roles/worker-engine.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { ANTHROPIC_MODEL: 'claude-sonnet-4-6', MAX_ACTIVE_TWINS_PER_CHANNEL: '2' } });
});
afterAll(() => app?.close());

/** The object with every method call counted by name. */
function counted<T extends object>(target: T, calls: Map<string, number>): T {
  return new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
}

function inbound(channelId: string, userId: string, text: string): InboundMessage {
  return {
    platform: 'api',
    messageId: randomUUID(),
    channel: { id: channelId, externalId: channelId, threadId: null },
    owner: { customerId: 'c-reads', userId },
    author: { id: userId, name: 'Ana' },
    text,
    personality: null,
    attachments: [],
    images: [],
    context: null,
    options: { model: null, messageType: 'chat', webSearch: false, debug: false, maxTwins: null },
    receivedAt: new Date().toISOString(),
  };
}

/** Submits a message (no worker runs it), then runs its job through an engine over counted ports. */
async function runCounted(userId: string, text: string) {
  const { core } = app;
  const channel = await core.store.channels.ensure({ platform: 'api', externalId: `reads-${randomUUID()}`, customerId: 'c-reads', workspaceUserId: userId });
  const { jobId } = await core.chat.submit(inbound(channel.id, userId, text), randomUUID());
  const job = JobPayloadSchema.parse((await core.queue.queue.getJob(jobId))!.data);
  const calls = { catalog: new Map<string, number>(), messages: new Map<string, number>(), routable: new Map<string, number>() };
  const { claude } = createEngineForCore(core);
  const engine = createEngine(
    { historyLimit: 10, maxToolRounds: 1, maxTokens: 256, defaultPersonality: core.config.DEFAULT_PERSONALITY, attachments: core.attachmentPolicy },
    {
      catalog: counted(core.store.twins, calls.catalog),
      routable: counted({ routable: (o: InboundMessage['owner'], c: string) => core.workspace.routable(o, c) }, calls.routable).routable,
      channels: core.store.channels,
      messages: counted(core.store.messages, calls.messages),
      images: core.images,
      stream: core.stream,
      turns: core.turns,
      providerFor: () => claude,
      logger: core.logger,
    },
  );
  await engine.process(job, { run: 1, lastAttempt: true, logger: core.logger, signal: new AbortController().signal });
  const events: LoggedEvent[] = await core.stream.read(jobId, '0');
  return { calls, events, jobId };
}

describe('engine reads', () => {
  it('two workspace twins answer: each twin, the default and the message are read once', async () => {
    const userId = `u-${randomUUID()}`;
    const owner = { customerId: 'c-reads', userId };
    for (const slug of ['steve-jobs', 'paul-graham']) {
      await app.core.workspace.add(owner, { twinId: (await app.core.store.twins.resolve(slug))!.id });
    }
    const { calls, events } = await runCounted(userId, 'hello both');
    expect(events.filter((e) => e.event === 'twin_done').map((e) => e.twin?.slug).sort()).toEqual(['paul-graham', 'steve-jobs']);
    expect(events.at(-1)?.event).toBe('done');
    // The workspace listing brought the twins: no lookup by id afterwards.
    expect(calls.routable.get('routable')).toBe(1);
    expect(calls.catalog.get('get') ?? 0).toBe(0);
    expect(calls.catalog.get('resolve')).toBe(1);
    // The history is read by the message's id from the job; nothing else reads the message.
    expect(calls.messages.get('historyBefore')).toBe(1);
    expect(calls.messages.get('userMessage') ?? 0).toBe(0);
    expect(calls.messages.get('history') ?? 0).toBe(0);
    // A first run has no stored replies to replay.
    expect(calls.messages.get('replyFor') ?? 0).toBe(0);
    expect(calls.messages.get('appendReply')).toBe(2);
  });

  it('the default answers: it is resolved once', async () => {
    const { calls, events } = await runCounted(`u-${randomUUID()}`, 'hello anyone');
    expect(events.find((e) => e.event === 'twin_done')?.twin?.slug).toBe('assistant');
    expect(calls.catalog.get('resolve')).toBe(1);
    expect(calls.catalog.get('get') ?? 0).toBe(0);
  });
});
