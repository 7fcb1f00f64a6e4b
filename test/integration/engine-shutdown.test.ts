/**
 * Graceful shutdown of the engine worker: it stops taking jobs, lets running replies finish
 * within SHUTDOWN_GRACE_MS, and aborts what is left; an aborted reply is retried by the next
 * worker and completes once, after a reset.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { channelOf, client, eventually, names, openStream, shape, sleep, startChatApp, textAfterReset } from './chat-support.js';

let app: TestApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('worker shutdown', () => {
  it('lets a running reply finish, then takes no new jobs', async () => {
    app = await startChatApp({ env: { SHUTDOWN_GRACE_MS: '10000' } });
    app.anthropic!.enqueue({ text: ['one ', 'two ', 'three ', 'four'], chunkDelayMs: 150 });
    const c = await client(app, `u-${randomUUID()}`);
    const r = await openStream(c, { message: 'finish me', channelId: randomUUID() });
    await r.until((e) => e.event === 'text_delta');
    const started = Date.now();
    await app.stopWorker();
    // close() waited for the reply rather than cutting it.
    expect(Date.now() - started).toBeGreaterThan(200);
    const rest = await r.rest();
    expect(rest.at(-1)).toMatchObject({ event: 'done', data: { reply: 'one two three four' } });
    expect(names(r.events).filter((n) => n === 'reset')).toEqual([]);

    // A message sent now waits in the queue until a worker runs again.
    const later = await openStream(c, { message: 'after shutdown' });
    const streamId = (await later.next())!.data.streamId as string;
    await sleep(300);
    expect(await app.core.queue.queue.getJobState(streamId)).toBe('waiting');
    expect(app.anthropic!.stats.received).toBe(1);
    await app.startWorker();
    expect((await later.rest()).at(-1)!.event).toBe('done');
  });

  it('aborts a reply that outlives the grace period; the next worker retries it once', async () => {
    app = await startChatApp({ env: { SHUTDOWN_GRACE_MS: '200' } });
    app.anthropic!.enqueue({ text: ['never ', 'finished'], hang: { afterChunks: 1 } }, { text: ['done ', 'properly.'] });
    const c = await client(app, `u-${randomUUID()}`);
    const r = await openStream(c, { message: 'slow one', channelId: randomUUID() });
    const first = await r.until((e) => e.event === 'text_delta');
    const streamId = first[0]!.data.streamId as string;
    const started = Date.now();
    await app.stopWorker();
    expect(Date.now() - started).toBeLessThan(5000);
    await app.anthropic!.waitForClientAborts(1);
    expect((await app.core.store.messages.repliesFor(streamId))).toEqual([]);

    await app.startWorker();
    const rest = await r.rest();
    expect(shape(rest)).toEqual(['reset', 'text_delta', 'done']); // the publisher may merge deltas
    expect(textAfterReset([...first, ...rest])).toBe('done properly.');
    await eventually(async () => (await app!.core.store.messages.repliesFor(streamId)).length === 1);
    expect((await channelOf(app, streamId)).messages.map((m) => m.content)).toEqual(['slow one', 'done properly.']);
  });
});
