/**
 * The roundtable repository on both databases: every transition happens once, whoever asks
 * twice and however many processes race on it (each `openAnother()` store is another process's:
 * its own pool on PostgreSQL, the same file on SQLite).
 */
import { expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { newId } from '../../src/core/ids.js';
import type { NewRoundtable } from '../../src/roundtable/ports.js';
import { createStore, type Store } from '../../src/store/index.js';
import { describeStores, ELON, holdLock, logger, PAUL, STEVE } from './support.js';

const twins = [
  { twinId: STEVE, slug: 'steve-jobs', name: 'Steve Jobs' },
  { twinId: PAUL, slug: 'paul-graham', name: 'Paul Graham' },
  { twinId: ELON, slug: 'elon-musk', name: 'Elon Musk' },
];
const limits = { maxRunningPerCustomer: 2 };

function input(extra: Partial<NewRoundtable> = {}): NewRoundtable {
  return { id: newId(), channelId: newId(), customerId: 'c1', userId: 'u1', platform: 'api', topic: 'Billing', twins, maxTurns: 2, strategy: 'round_robin', historySeq: 7, ...extra };
}

/** The AppError code a call ended with, or 'ok'. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

const count = (xs: unknown[], x: unknown) => xs.filter((y) => y === x).length;

async function processes(t: () => { store: Store; openAnother(): Promise<Store> }, n: number): Promise<Store[]> {
  const out = [t().store];
  while (out.length < n) out.push(await t().openAnother());
  return out;
}

describeStores('roundtable store', (t) => {
  it('creates a running roundtable and reads it back whole, from another process too', async () => {
    const { store } = t();
    const other = await t().openAnother();
    const rt = await store.roundtables.create(input({ meta: { thread: '1.2', n: 3 }, strategy: 'addressed', maxTurns: 6 }), limits);
    expect(rt).toMatchObject({ status: 'running', stoppedBy: null, twins, maxTurns: 6, strategy: 'addressed', historySeq: 7, meta: { thread: '1.2', n: 3 }, customerId: 'c1', userId: 'u1', platform: 'api' });
    expect(rt.createdAt).toBe(rt.updatedAt);
    expect(await other.roundtables.get(rt.id)).toEqual({ roundtable: rt, turns: [], messages: [] });
    expect(await other.roundtables.get(newId())).toBeNull();
  });

  it('one running roundtable per channel: ROUNDTABLE_RUNNING, also when creates race, across customers too', async () => {
    const { store } = t();
    const other = await t().openAnother();
    const first = await store.roundtables.create(input(), limits);
    const err = await other.roundtables.create(input({ channelId: first.channelId }), limits).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ROUNDTABLE_RUNNING', status: 409, details: { roundtableId: first.id } });

    // Four processes start one in a fresh channel at once: two customers, twice each.
    const stores = await processes(t, 4);
    const channelId = newId();
    const results = await Promise.all(stores.map((s, i) => outcome(s.roundtables.create(input({ channelId, customerId: `race-${i % 2}` }), limits))));
    expect(count(results, 'ok')).toBe(1);
    expect(count(results, 'ROUNDTABLE_RUNNING')).toBe(3);
    expect(await store.roundtables.list({ channelId })).toHaveLength(1);

    // Once it ended, the channel takes a new one.
    await store.roundtables.end(first.id, 'stopped', 'stopped');
    expect(await outcome(other.roundtables.create(input({ channelId: first.channelId }), limits))).toBe('ok');
  });

  it("the customer's cap on running roundtables holds when creates race", async () => {
    const { store } = t();
    const stores = await processes(t, 5);
    const results = await Promise.all(stores.map((s) => outcome(s.roundtables.create(input(), limits))));
    expect(results.sort()).toEqual(['ROUNDTABLE_LIMIT', 'ROUNDTABLE_LIMIT', 'ROUNDTABLE_LIMIT', 'ok', 'ok']);
    expect(await outcome(store.roundtables.create(input({ customerId: 'c2', userId: 'u9' }), limits))).toBe('ok');
    const [running] = await store.roundtables.list({ userId: 'u1' });
    await store.roundtables.end(running!.id, 'stopped', 'stopped');
    expect(await outcome(store.roundtables.create(input(), limits))).toBe('ok');
  });

  it('two workers on one turn: one start and one reply are stored, and the last turn ends it once', async () => {
    const [a, b] = await processes(t, 2);
    const rt = await a!.roundtables.create(input({ maxTurns: 2 }), limits);

    const starts = await Promise.all([
      a!.roundtables.startTurn(rt.id, { turn: 1, twinId: STEVE, name: 'Steve Jobs', reason: 'round robin' }),
      b!.roundtables.startTurn(rt.id, { turn: 1, twinId: PAUL, name: 'Paul Graham', reason: 'addressed by someone' }),
    ]);
    expect(starts.map((s) => s!.created).sort()).toEqual([false, true]);
    expect(starts[0]!.turn).toEqual(starts[1]!.turn);
    expect(starts[0]!.turn).toMatchObject({ turn: 1, reply: null, finishedAt: null });

    const finishes = await Promise.all([a!.roundtables.finishTurn(rt.id, 1, 'reply A'), b!.roundtables.finishTurn(rt.id, 1, 'reply B')]);
    expect(finishes.map((f) => f.created).sort()).toEqual([false, true]);
    const winner = finishes[0]!.created ? 'reply A' : 'reply B';
    for (const f of finishes) {
      // Both agree on what follows (turn 2 runs under its fixed job id, so it is queued once).
      expect(f).toMatchObject({ next: { turn: 2 }, ended: false });
      expect(f.state.turns).toHaveLength(1);
      expect(f.state.turns[0]!.reply).toBe(winner);
      expect(f.state.turns[0]!.finishedAt).not.toBeNull();
    }

    const second = await Promise.all([
      a!.roundtables.startTurn(rt.id, { turn: 2, twinId: PAUL, name: 'Paul Graham', reason: 'round robin' }),
      b!.roundtables.startTurn(rt.id, { turn: 2, twinId: PAUL, name: 'Paul Graham', reason: 'round robin' }),
    ]);
    expect(second.map((s) => s!.created).sort()).toEqual([false, true]);

    const last = await Promise.all([a!.roundtables.finishTurn(rt.id, 2, 'last A'), b!.roundtables.finishTurn(rt.id, 2, 'last B')]);
    expect(last.map((f) => f.created).sort()).toEqual([false, true]);
    expect(last.map((f) => f.ended).sort()).toEqual([false, true]);
    for (const f of last) expect(f).toMatchObject({ next: null, state: { roundtable: { status: 'done', stoppedBy: 'max_turns' } } });
    // A retry after the end: nothing is stored or decided again.
    expect(await b!.roundtables.finishTurn(rt.id, 2, 'late')).toMatchObject({ created: false, next: null, ended: false });
    expect(await a!.roundtables.startTurn(rt.id, { turn: 3, twinId: STEVE, name: 'Steve Jobs', reason: 'r' })).toBeNull();
    await expect(a!.roundtables.finishTurn(newId(), 1, 'x')).rejects.toMatchObject({ code: 'ROUNDTABLE_NOT_FOUND' });
  });

  it('stop: no new turn starts, a turn in flight still lands; racing stops end it once', async () => {
    const stores = await processes(t, 3);
    const store = stores[0]!;
    const rt = await store.roundtables.create(input({ maxTurns: 5 }), limits);
    await store.roundtables.startTurn(rt.id, { turn: 1, twinId: STEVE, name: 'Steve Jobs', reason: 'r' });
    const stops = await Promise.all(stores.map((s) => s.roundtables.end(rt.id, 'stopped', 'stopped')));
    expect(stops.map((s) => s.changed).sort()).toEqual([false, false, true]);
    for (const s of stops) expect(s).toMatchObject({ turnInFlight: true, state: { roundtable: { status: 'stopped', stoppedBy: 'stopped' } } });
    expect(await store.roundtables.finishTurn(rt.id, 1, 'lands')).toMatchObject({ created: true, next: null, ended: false });
    expect(await store.roundtables.startTurn(rt.id, { turn: 2, twinId: PAUL, name: 'Paul Graham', reason: 'r' })).toBeNull();
    expect(await store.roundtables.end(rt.id, 'failed', 'error')).toMatchObject({ changed: false, turnInFlight: false, state: { roundtable: { status: 'stopped' } } });
    expect(await store.roundtables.runningIn(rt.channelId)).toBeNull();
    await expect(store.roundtables.end(newId(), 'stopped', 'stopped')).rejects.toMatchObject({ code: 'ROUNDTABLE_NOT_FOUND' });
  });

  it("people's messages: in order, each after the turn in progress (or the last one), once per id; refused once it ended", async () => {
    const { store } = t();
    const other = await t().openAnother();
    const rt = await store.roundtables.create(input({ maxTurns: 5 }), limits);
    const say = (s: Store, content: string, id = newId()) => s.roundtables.addMessage(rt.id, { id, authorId: 'u1', author: 'Ana', content });
    expect((await say(store, 'before'))!.afterTurn).toBe(0);
    await store.roundtables.startTurn(rt.id, { turn: 1, twinId: STEVE, name: 'Steve Jobs', reason: 'r' });
    expect((await say(other, 'during 1'))!.afterTurn).toBe(1);
    await store.roundtables.finishTurn(rt.id, 1, 'one');
    const between = await say(store, 'between 1 and 2');
    expect(between).toMatchObject({ afterTurn: 1, author: 'Ana', authorId: 'u1', content: 'between 1 and 2' });
    // The same message again (a retried request): the stored one, not a second.
    expect(await say(other, 'a retried copy', between!.id)).toEqual(between);
    await store.roundtables.startTurn(rt.id, { turn: 2, twinId: PAUL, name: 'Paul Graham', reason: 'r' });
    expect((await say(other, 'during 2'))!.afterTurn).toBe(2);
    const state = (await other.roundtables.get(rt.id))!;
    expect(state.messages.map((m) => [m.content, m.afterTurn])).toEqual([['before', 0], ['during 1', 1], ['between 1 and 2', 1], ['during 2', 2]]);
    await store.roundtables.end(rt.id, 'stopped', 'stopped');
    expect(await say(other, 'late')).toBeNull();
    expect(await store.roundtables.addMessage(newId(), { id: newId(), authorId: 'u1', author: 'Ana', content: 'nowhere' })).toBeNull();
  });

  it('lists newest first by user and channel (same-millisecond ties by insertion); running() and runningIn(); meta merges', async () => {
    const { store } = t();
    const other = await t().openAnother();
    const channelId = newId();
    const a = await store.roundtables.create(input({ channelId }), limits);
    await store.roundtables.end(a.id, 'stopped', 'stopped');
    const b = await other.roundtables.create(input({ channelId, userId: 'u2' }), limits);
    await other.roundtables.end(b.id, 'done', 'nobody');
    const c = await store.roundtables.create(input({ channelId }), limits);
    const d = await store.roundtables.create(input({ customerId: 'c2', userId: 'u3' }), limits);
    // One shared timestamp: insertion order still decides.
    await store.handle.db.updateTable('roundtables').set({ created_at: '2026-01-01T00:00:00.000Z' }).execute();
    const ids = (rts: { id: string }[]) => rts.map((r) => r.id);
    expect(ids(await other.roundtables.list({ userId: 'u1', channelId }))).toEqual([c.id, a.id]);
    expect(ids(await other.roundtables.list({ channelId }))).toEqual([c.id, b.id, a.id]);
    expect(ids(await other.roundtables.list({ userId: 'u2' }))).toEqual([b.id]);
    expect(ids(await other.roundtables.list({}))).toEqual([d.id, c.id, b.id, a.id]);
    expect(await other.roundtables.list({ userId: 'nobody' })).toEqual([]);
    expect(ids(await other.roundtables.running())).toEqual([c.id, d.id]);
    expect((await other.roundtables.runningIn(channelId))!.id).toBe(c.id);

    await store.roundtables.setMeta(c.id, { thread: '1.2' });
    await other.roundtables.setMeta(c.id, { header: 'm1' });
    await other.roundtables.setMeta(newId(), { ignored: true });
    expect((await store.roundtables.get(c.id))!.roundtable.meta).toEqual({ thread: '1.2', header: 'm1' });
  });

  it('a roundtable another connection holds past the timeout is a retryable AppError, not a driver error', async () => {
    const ctx = t();
    const { store, location, dialect } = ctx;
    const rt = await store.roundtables.create(input(), limits);
    await store.roundtables.startTurn(rt.id, { turn: 1, twinId: STEVE, name: 'Steve Jobs', reason: 'r' });
    let slow: Store = store;
    if (dialect === 'sqlite') store.handle.sqlite!.pragma('busy_timeout = 200');
    else slow = await createStore({ ...location, statementTimeoutMs: 200, maxActiveTwins: 1 }, { logger });
    const release = await holdLock(ctx, 'SELECT id FROM roundtables WHERE id = $1 FOR UPDATE', [rt.id]);
    try {
      const err = await slow.roundtables.finishTurn(rt.id, 1, 'blocked').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true, status: 503 });
      expect((err as AppError).cause).toBeDefined();
    } finally {
      await release();
    }
    // Nothing was half-done: the retry stores the turn.
    expect(await slow.roundtables.finishTurn(rt.id, 1, 'retried')).toMatchObject({ created: true, next: { turn: 2 } });
    if (slow !== store) await slow.close();
  });
});
