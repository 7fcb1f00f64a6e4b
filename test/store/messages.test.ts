/** Channel history and knowledge search on both databases: the same answers to the same queries. */
import { expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { describeStores } from './support.js';

async function channel(store: Store, externalId = 'ch') {
  return store.channels.ensure({ platform: 'api', externalId, customerId: 'c', workspaceUserId: 'u' });
}

const user = (channelId: string, jobId: string, content: string, threadId: string | null = null) => ({
  channelId,
  threadId,
  jobId,
  authorId: 'u',
  authorName: 'Ada',
  content,
});

describeStores('message store', (t) => {
  it('stores a user message once per job, and one reply per job and twin', async () => {
    const { store } = t();
    const ch = await channel(store);
    const first = await store.messages.appendUser(user(ch.id, 'job-1', 'hello'));
    const again = await store.messages.appendUser(user(ch.id, 'job-1', 'hello again'));
    expect(first.created).toBe(true);
    expect(again).toEqual({ message: first.message, created: false });
    const reply = { channelId: ch.id, threadId: null, jobId: 'job-1', twinId: 't1', authorName: 'Twin', content: 'hi', meta: { record: { x: 1 } } };
    const r1 = await store.messages.appendReply(reply);
    const r2 = await store.messages.appendReply({ ...reply, content: 'other' });
    expect(r1.created).toBe(true);
    expect(r2.created).toBe(false);
    expect(r2.message.content).toBe('hi');
    await store.messages.appendReply({ ...reply, twinId: null, content: 'default' });
    expect((await store.messages.repliesFor('job-1')).map((m) => m.content)).toEqual(['hi', 'default']);
    expect((await store.messages.replyFor('job-1', 't1'))?.meta).toEqual({ record: { x: 1 } });
    expect((await store.messages.replyFor('job-1', null))?.content).toBe('default');
    expect((await store.messages.userMessage('job-1'))?.content).toBe('hello');
    expect(await store.messages.userMessage('nope')).toBeNull();
  });

  it('concurrent first tries of one job from two processes store it once', async () => {
    const { store } = t();
    const other = await t().openAnother();
    const ch = await channel(store);
    const results = await Promise.all([store.messages.appendUser(user(ch.id, 'race', 'x')), other.messages.appendUser(user(ch.id, 'race', 'x'))]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0]!.message.id).toBe(results[1]!.message.id);
  });

  it('returns history before a message, oldest first, per thread', async () => {
    const { store } = t();
    const ch = await channel(store);
    for (let i = 1; i <= 5; i++) await store.messages.appendUser(user(ch.id, `h${i}`, `m${i}`, i % 2 ? 'th' : null));
    const last = (await store.messages.userMessage('h5'))!;
    expect((await store.messages.history(ch.id, null, last.seq, 3)).map((m) => m.content)).toEqual(['m2', 'm3', 'm4']);
    expect((await store.messages.history(ch.id, 'th', last.seq, 10)).map((m) => m.content)).toEqual(['m1', 'm3']);
    expect(await store.messages.history(ch.id, null, last.seq, 0)).toEqual([]);
    expect(typeof last.seq).toBe('number');
    // The same, by the message's id, in one statement; nothing before a message that is gone.
    expect((await store.messages.historyBefore(ch.id, null, last.id, 3)).map((m) => m.content)).toEqual(['m2', 'm3', 'm4']);
    expect((await store.messages.historyBefore(ch.id, 'th', last.id, 10)).map((m) => m.content)).toEqual(['m1', 'm3']);
    expect(await store.messages.historyBefore(ch.id, null, 'no-such-message', 10)).toEqual([]);
    await store.messages.appendReply({ channelId: ch.id, threadId: 'th', jobId: 'h5', twinId: 't', authorName: 'T', content: 'r', meta: {} });
    expect((await store.messages.lastReplyInThread(ch.id, 'th'))?.content).toBe('r');
    expect(await store.messages.lastReplyInThread(ch.id, 'other')).toBeNull();
  });
});

describeStores('knowledge search', (t) => {
  async function seeded(store: Store) {
    const ch = await channel(store, 'kb');
    const elsewhere = await channel(store, 'kb-other');
    await store.messages.appendUser(user(ch.id, 'k1', 'The Rotterdam warehouse ships on Tuesdays and Fridays.'));
    await store.messages.appendUser(user(ch.id, 'k2', 'Café opening hours: Monday to Saturday, CAFÉ closed on Sundays.'));
    await store.messages.appendUser(user(ch.id, 'k3', 'Nothing about shipping here, only the warehouse roof.'));
    await store.messages.appendUser({ ...user(ch.id, 'k4', 'see the attached plan'), attachmentsText: [{ name: 'plan.txt', text: 'Rotterdam expansion: a second warehouse in 2027.' }] });
    await store.messages.appendReply({ channelId: ch.id, threadId: null, jobId: 'k1', twinId: 't', authorName: 'Steve Jobs', content: 'Ship it. Real artists ship!', meta: {} });
    await store.messages.appendUser(user(elsewhere.id, 'k5', 'Rotterdam warehouse in another channel'));
    const k3 = (await store.messages.userMessage('k3'))!;
    await store.messages.addAttachmentText(k3.id, ch.id, 'roof.md', 'The roof of the warehouse leaks.');
    return ch;
  }

  it('finds words across messages and attachments, ranked by how many query words match, in this channel only', async () => {
    const { store } = t();
    const ch = await seeded(store);
    const hits = await store.messages.search(ch.id, 'Rotterdam warehouse ships', 10);
    const k1 = (await store.messages.userMessage('k1'))!.id;
    const k4 = (await store.messages.userMessage('k4'))!.id;
    expect(hits[0]).toMatchObject({ messageId: k1, kind: 'message', title: 'Ada' });
    expect(hits[0]!.snippet).toBe('The [Rotterdam] [warehouse] [ships] on Tuesdays and Fridays.');
    expect(hits[1]).toMatchObject({ messageId: k4, kind: 'attachment', title: 'plan.txt' });
    expect(hits.map((h) => h.kind)).toContain('attachment');
    expect(hits.every((h) => !h.snippet.includes('another channel'))).toBe(true);
    // Case and accents do not matter; punctuation is not syntax.
    const cafe = await store.messages.search(ch.id, 'cafe', 5);
    expect(cafe).toHaveLength(1);
    expect(cafe[0]!.snippet).toContain('[Café]');
    expect(cafe[0]!.snippet).toContain('[CAFÉ]');
    expect(await store.messages.search(ch.id, '" OR 1=1 -- ) ( * :', 5)).toEqual([]);
    expect(await store.messages.search(ch.id, '', 5)).toEqual([]);
    expect(await store.messages.search(ch.id, 'warehouse', 1)).toHaveLength(1);
  });

  it('stores no attachment text for a message that was withdrawn', async () => {
    const { store } = t();
    const ch = await channel(store, 'kb-withdrawn');
    const { message } = await store.messages.appendUser(user(ch.id, 'w1', 'about to be withdrawn'));
    await store.messages.discardUser('w1');
    await store.messages.addAttachmentText(message.id, ch.id, 'gone.txt', 'Zanzibar clove harvest');
    expect(await store.messages.search(ch.id, 'Zanzibar', 5)).toEqual([]);
  });

  it('gives the same answers on either database', async () => {
    const { store } = t();
    const ch = await seeded(store);
    const queries = ['Rotterdam warehouse ships', 'warehouse', 'ship', 'SUNDAYS cafe', 'roof leaks', 'artists', 'zzz nothing'];
    const answers = [];
    for (const q of queries) {
      answers.push({ q, hits: (await store.messages.search(ch.id, q, 5)).map((h) => ({ kind: h.kind, title: h.title, snippet: h.snippet })) });
    }
    // One expected table for both dialects: a difference between them fails one of the two runs.
    expect(answers).toMatchInlineSnapshot(`
      [
        {
          "hits": [
            {
              "kind": "message",
              "snippet": "The [Rotterdam] [warehouse] [ships] on Tuesdays and Fridays.",
              "title": "Ada",
            },
            {
              "kind": "attachment",
              "snippet": "[Rotterdam] expansion: a second [warehouse] in 2027.",
              "title": "plan.txt",
            },
            {
              "kind": "attachment",
              "snippet": "The roof of the [warehouse] leaks.",
              "title": "roof.md",
            },
            {
              "kind": "message",
              "snippet": "Nothing about shipping here, only the [warehouse] roof.",
              "title": "Ada",
            },
          ],
          "q": "Rotterdam warehouse ships",
        },
        {
          "hits": [
            {
              "kind": "attachment",
              "snippet": "The roof of the [warehouse] leaks.",
              "title": "roof.md",
            },
            {
              "kind": "attachment",
              "snippet": "Rotterdam expansion: a second [warehouse] in 2027.",
              "title": "plan.txt",
            },
            {
              "kind": "message",
              "snippet": "Nothing about shipping here, only the [warehouse] roof.",
              "title": "Ada",
            },
            {
              "kind": "message",
              "snippet": "The Rotterdam [warehouse] ships on Tuesdays and Fridays.",
              "title": "Ada",
            },
          ],
          "q": "warehouse",
        },
        {
          "hits": [
            {
              "kind": "message",
              "snippet": "[Ship] it. Real artists [ship]!",
              "title": "Steve Jobs",
            },
          ],
          "q": "ship",
        },
        {
          "hits": [
            {
              "kind": "message",
              "snippet": "[Café] opening hours: Monday to Saturday, [CAFÉ] closed on [Sundays].",
              "title": "Ada",
            },
          ],
          "q": "SUNDAYS cafe",
        },
        {
          "hits": [
            {
              "kind": "attachment",
              "snippet": "The [roof] of the warehouse [leaks].",
              "title": "roof.md",
            },
            {
              "kind": "message",
              "snippet": "Nothing about shipping here, only the warehouse [roof].",
              "title": "Ada",
            },
          ],
          "q": "roof leaks",
        },
        {
          "hits": [
            {
              "kind": "message",
              "snippet": "Ship it. Real [artists] ship!",
              "title": "Steve Jobs",
            },
          ],
          "q": "artists",
        },
        {
          "hits": [
            {
              "kind": "message",
              "snippet": "[Nothing] about shipping here, only the warehouse roof.",
              "title": "Ada",
            },
          ],
          "q": "zzz nothing",
        },
      ]
    `);
  });
});
