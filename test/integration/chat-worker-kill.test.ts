/**
 * A worker process killed (SIGKILL) in the middle of streaming a reply. The job's lock lapses,
 * another worker's stalled-job check takes it back, and the reply completes: the stream shows a
 * `reset` and then the whole text, and the channel history holds the reply exactly once.
 *
 * The first worker is a real separate process (src/main.ts with ROLES=worker, sharing the
 * deployment's SQLite file, Redis prefix and queue), so "killed" means killed: no graceful
 * close, no lock release, connections dropped by the kernel. The model's first answer hangs
 * after two chunks, so the kill always lands mid-stream.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { spawnWorker } from '../support/worker-process.js';
import { channelOf, client, openStream, shape, sleep, startChatApp, textAfterReset } from './chat-support.js';

// Short locks so a dead worker's job is recovered in about a second, not the default 30 s.
const FAST_RECOVERY = { JOB_LOCK_MS: '1000', STALLED_INTERVAL_MS: '500' };

let app: TestApp;
let child: ChildProcess | null = null;


beforeAll(async () => {
  // The API process alone: no worker until the test starts one after the kill.
  app = await startChatApp({ worker: false, env: FAST_RECOVERY });
});
// A failed test must not leave its in-process worker running into the next one.
afterEach(async () => {
  await app?.stopWorker();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await app?.close();
});

describe('a worker killed mid-stream', () => {
  it('the job is recovered by another worker: reset, the full text, and one stored reply', async () => {
    const fake = app.anthropic!;
    fake.enqueue(
      { text: ['Half ', 'of the ', 'story ', 'never ends'], hang: { afterChunks: 2 } },
      { text: ['The ', 'whole ', 'story, ', 'told once.'] },
    );
    child = await spawnWorker(app, FAST_RECOVERY);
    const c = await client(app, `u-${randomUUID()}`);
    const r = await openStream(c, { message: 'Tell me the story', channelId: randomUUID() });
    // The publisher may merge deltas that arrive while a publish is in flight: wait for the text.
    const before = await r.until((e) => e.event === 'text_delta' && String(e.data.content).endsWith('of the '));
    expect(shape(before)).toEqual(['connected', 'text_delta']);
    const streamId = before[0]!.data.streamId as string;

    // Kill it. Its model connection drops with it.
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    child = null;
    await fake.waitForClientAborts(1);
    expect((await app.core.store.messages.repliesFor(streamId))).toEqual([]);

    // Another worker (in this process) finds the stalled job once its lock lapses.
    await app.startWorker();
    const after = await r.rest();
    expect(shape(after)).toEqual(['reset', 'text_delta', 'done']);
    expect(after[0]!.data).toEqual({ attempt: 2 });
    const events = [...before, ...after];
    expect(textAfterReset(events)).toBe('The whole story, told once.');
    expect(after.at(-1)!.data).toMatchObject({ streamId, reply: 'The whole story, told once.' });
    expect(fake.stats.received).toBe(2);

    // Exactly one reply in the history, and it stays that way.
    await sleep(300);
    const { messages } = (await channelOf(app, streamId));
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Tell me the story'],
      ['assistant', 'The whole story, told once.'],
    ]);
    expect(messages[1]!.id).toBe(after.at(-1)!.data.messageId);

    expect(await app.core.queue.queue.getJobState(streamId)).toBe('completed');
    await app.stopWorker();
  });

  it('with two twins, the one already stored is replayed, not regenerated', async () => {
    const fake = app.anthropic!;
    fake.reset();
    let buffettCalls = 0;
    fake.setDefault((req) => {
      if (req.systemText.includes('Paul Graham')) return { text: ['Make ', 'something ', 'people want.'] };
      buffettCalls++;
      return buffettCalls === 1 ? { text: ['Be ', 'fearful ', 'when...'], hang: { afterChunks: 1 } } : { text: ['Price is ', 'what you pay.'] };
    });
    const c = await client(app, `u-${randomUUID()}`);
    for (const slug of ['paul-graham', 'warren-buffett']) {
      const twin = (await app.core.store.twins.resolve(slug))!;
      await app.core.workspace.add({ customerId: c.userId, userId: c.userId }, { twinId: twin.id, participationMode: 'on-demand' });
    }
    child = await spawnWorker(app, FAST_RECOVERY);
    const r = await openStream(c, { message: '@paul-graham @warren-buffett advice?' });
    const streamId = (await r.next())!.data.streamId as string;
    // Paul Graham's reply is stored while Buffett's call hangs.
    const deadline = Date.now() + 10_000;
    while ((await app.core.store.messages.repliesFor(streamId)).length === 0 && Date.now() < deadline) await sleep(20);
    expect((await app.core.store.messages.repliesFor(streamId)).map((m) => m.content)).toEqual(['Make something people want.']);

    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    child = null;
    await app.startWorker();
    const events = await r.rest();
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data.replies.map((x: { personality: string; reply: string }) => [x.personality, x.reply])).toEqual([
      ['paul-graham', 'Make something people want.'],
      ['warren-buffett', 'Price is what you pay.'],
    ]);
    // After the reset, each twin's text is its whole reply.
    const afterReset = events.slice(events.findIndex((e) => e.event === 'reset') + 1);
    const textOf = (slug: string) => afterReset.filter((e) => e.event === 'text_delta' && e.data.personality === slug).map((e) => e.data.content).join('');
    expect(textOf('paul-graham')).toBe('Make something people want.');
    expect(textOf('warren-buffett')).toBe('Price is what you pay.');
    // Paul Graham was asked once; Buffett twice (the hung call and the retry).
    expect(fake.requests.filter((q) => q.systemText.includes('Paul Graham'))).toHaveLength(1);
    expect(buffettCalls).toBe(2);
    const replies = (await channelOf(app, streamId)).messages.filter((m) => m.role === 'assistant');
    expect(replies.map((m) => m.content).sort()).toEqual(['Make something people want.', 'Price is what you pay.']);
    expect(replies.map((m) => m.id)).toContain(done.data.messageId);
  });
});
