/**
 * `twinbridge db copy`: a populated SQLite database (catalog, a custom twin with its avatar,
 * workspaces, channel overrides, history with attachments, API keys, users, roundtables with
 * their turns and people's messages) moves into an empty PostgreSQL database with every row, and
 * reads back the same there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_TWINS } from '../../src/catalog/bundled/index.js';
import { seedBundledCatalog } from '../../src/catalog/seed.js';
import { newId } from '../../src/core/ids.js';
import type { NewRoundtable } from '../../src/roundtable/ports.js';
import { copySqliteToPostgres } from '../../src/store/copy.js';
import { createStore, type Store } from '../../src/store/index.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/postgres.js';

const logger = pino({ level: 'silent' });
const STEVE = '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c';
const PAUL = 'b2c3d4e5-6f7a-8b9c-0d1e-2f3a4b5c6d7e';
const owner = { customerId: 'cust-1', userId: 'user-1' };

let dir: string;
let pgdb: ThrowawayDatabase;
let path: string;

async function populate(store: Store) {
  await seedBundledCatalog(BUNDLED_TWINS, { catalog: store.twins, logger });
  const [custom] = await store.customTwins.create(owner.customerId, [
    {
      draft: {
        slug: 'my-ada', name: 'My Ada', description: 'Mine.', category: 'Scientist', expertise: ['Engines'], tags: ['t1'], avatarUrl: null,
        demographic: null, persona: { prompt: 'You are Ada.', examples: ['Hi.'], greeting: null, scenario: null }, extensions: { x: { y: 1 } },
      },
      avatar: { contentType: 'image/png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]), etag: 'abc' },
    },
  ]);
  for (const twinId of [STEVE, PAUL, custom!.id]) await store.workspace.insert(owner, { twinId, isFavorite: twinId === PAUL, mode: 'active', settings: { k: twinId } });
  const ch = await store.channels.ensure({ platform: 'api', externalId: 'copy-ch', customerId: owner.customerId, workspaceUserId: owner.userId, name: 'general' });
  await store.workspace.setChannelMode(ch.id, STEVE, 'observer');
  await store.channels.setLastRouting(ch.id, { jobId: 'j1', messageId: 'm1', routing: [], at: '2026-01-01T00:00:00.000Z' });
  for (let i = 1; i <= 30; i++) {
    await store.messages.appendUser({ channelId: ch.id, threadId: i % 3 ? null : 'th', jobId: `job-${i}`, authorId: 'u', authorName: 'Ada', content: `message ${i} about the Rotterdam warehouse`, ...(i === 7 ? { attachmentsText: [{ name: 'plan.txt', text: 'second warehouse plan' }] } : {}) });
    await store.messages.appendReply({ channelId: ch.id, threadId: null, jobId: `job-${i}`, twinId: STEVE, authorName: 'Steve Jobs', content: `reply ${i}`, meta: { record: { i } } });
  }
  const key = await store.users.createApiKey({ userId: owner.userId, customerId: owner.customerId, name: 'laptop' });
  await store.users.seen(owner.userId, owner.customerId);
  const roundtableId = await populateRoundtables(store, ch.id);
  return { channelId: ch.id, key: key.key, customId: custom!.id, roundtableId };
}

const rtInput = (channelId: string): NewRoundtable => ({
  id: newId(), channelId, customerId: owner.customerId, userId: owner.userId, platform: 'api', topic: 'Copying',
  twins: [{ twinId: STEVE, slug: 'steve-jobs', name: 'Steve Jobs' }, { twinId: PAUL, slug: 'paul-graham', name: 'Paul Graham' }],
  maxTurns: 4, strategy: 'round_robin', historySeq: 1, meta: { header: 'h1' },
});

/** A stopped roundtable, then a running one in the same channel: turns, people's messages, a turn in flight. */
async function populateRoundtables(store: Store, channelId: string): Promise<string> {
  const caps = { maxRunningPerCustomer: 5 };
  const say = (id: string, content: string) => store.roundtables.addMessage(id, { id: newId(), authorId: owner.userId, author: 'Ada', content });
  const stopped = await store.roundtables.create(rtInput(channelId), caps);
  await store.roundtables.startTurn(stopped.id, { turn: 1, twinId: STEVE, name: 'Steve Jobs', reason: 'round robin' });
  await store.roundtables.finishTurn(stopped.id, 1, 'First words.');
  await store.roundtables.end(stopped.id, 'stopped', 'stopped');
  const rt = await store.roundtables.create(rtInput(channelId), caps);
  await store.roundtables.startTurn(rt.id, { turn: 1, twinId: STEVE, name: 'Steve Jobs', reason: 'round robin' });
  await say(rt.id, 'during turn 1');
  await store.roundtables.finishTurn(rt.id, 1, 'Build nothing you can buy.');
  await say(rt.id, 'between 1 and 2');
  await store.roundtables.startTurn(rt.id, { turn: 2, twinId: PAUL, name: 'Paul Graham', reason: 'addressed by Ada' });
  await store.roundtables.setMeta(rt.id, { thread: '9.9' });
  // One shared start time: which is newer is insertion order alone, and it must survive the copy.
  await store.handle.db.updateTable('roundtables').set({ created_at: '2026-01-01T00:00:00.000Z' }).execute();
  return rt.id;
}

async function snapshot(store: Store, channelId: string, customId: string) {
  return {
    workspace: await store.workspace.list(owner),
    modes: [...(await store.workspace.channelModes(channelId))],
    channel: await store.channels.get(channelId),
    routing: await store.channels.lastRouting(channelId),
    history: await store.messages.history(channelId, null, Number.MAX_SAFE_INTEGER, 100),
    thread: await store.messages.history(channelId, 'th', Number.MAX_SAFE_INTEGER, 100),
    search: await store.messages.search(channelId, 'warehouse plan', 5),
    catalog: (await store.twins.list({ page: 1, pageSize: 500, viewer: owner.customerId })).items.map((t) => t.id),
    custom: await store.twins.get(customId, owner.customerId),
    avatar: await store.customTwins.get(customId),
    keys: await store.users.listApiKeys(),
    roundtables: await Promise.all((await store.roundtables.list({ userId: owner.userId })).map((r) => store.roundtables.get(r.id))),
    runningRoundtables: await store.roundtables.running(),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tb-copy-'));
  path = join(dir, 'twinbridge.db');
  pgdb = await createThrowawayDatabase('copy');
});
afterAll(async () => {
  await pgdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('db copy', () => {
  it('moves every table of a populated SQLite database into PostgreSQL, verified, and it reads back the same', async () => {
    const sqlite = await createStore({ path, maxActiveTwins: 1 }, { logger });
    const seeded = await populate(sqlite);
    const before = await snapshot(sqlite, seeded.channelId, seeded.customId);
    await sqlite.close();

    const report = await copySqliteToPostgres({ from: path, to: pgdb.url }, { logger });
    const counts = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
    // Every table SQLite has, found by the copy itself (none listed by hand).
    expect(Object.keys(counts).sort()).toEqual(
      ['api_keys', 'attachment_texts', 'channel_twin_modes', 'channels', 'knowledge_fts', 'messages', 'roundtable_messages', 'roundtable_turns', 'roundtables', 'twin_avatars', 'twins', 'users', 'workspace_twins'].sort(),
    );
    expect(counts).toMatchObject({ messages: 60, attachment_texts: 1, knowledge_fts: 61, workspace_twins: 3, api_keys: 1, users: 1, twin_avatars: 1, twins: BUNDLED_TWINS.length + 1 });
    expect(counts).toMatchObject({ roundtables: 2, roundtable_turns: 3, roundtable_messages: 2 });

    const postgres = await createStore({ url: pgdb.url, path: '', maxActiveTwins: 1 }, { logger });
    try {
      expect(await snapshot(postgres, seeded.channelId, seeded.customId)).toEqual(before);
      expect((await postgres.users.verifyApiKey(seeded.key))?.userId).toBe(owner.userId);
      // New rows continue after the copied ones.
      const next = await postgres.messages.appendUser({ channelId: seeded.channelId, threadId: null, jobId: 'after-copy', authorId: 'u', authorName: 'Ada', content: 'after' });
      expect(next.message.seq).toBeGreaterThan(before.history.at(-1)!.seq);
      await postgres.workspace.delete(owner, PAUL);
      await postgres.workspace.insert(owner, { twinId: PAUL, isFavorite: false, mode: 'active', settings: {} });
      expect((await postgres.workspace.list(owner))[0]!.twinId).toBe(PAUL);
      // The copied roundtable goes on: its turn in flight lands, people's messages follow the
      // copied ones, and the channel still has its one running roundtable.
      const rtId = seeded.roundtableId;
      expect((await postgres.roundtables.addMessage(rtId, { id: newId(), authorId: owner.userId, author: 'Ada', content: 'after the copy' }))!.afterTurn).toBe(2);
      expect(await postgres.roundtables.finishTurn(rtId, 2, 'Buy it.')).toMatchObject({ created: true, next: { turn: 3 } });
      expect((await postgres.roundtables.get(rtId))!.messages.map((m) => m.content)).toEqual(['during turn 1', 'between 1 and 2', 'after the copy']);
      await expect(postgres.roundtables.create(rtInput(seeded.channelId), { maxRunningPerCustomer: 5 })).rejects.toMatchObject({ code: 'ROUNDTABLE_RUNNING' });
    } finally {
      await postgres.close();
    }

    // A database that is not empty is refused, and nothing is written.
    await expect(copySqliteToPostgres({ from: path, to: pgdb.url }, { logger })).rejects.toThrow(/already has \d+ rows/);
  });
});
