/** The roundtable store on a real SQLite file: every transition happens once, whoever asks twice. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { newId } from '../../src/core/ids.js';
import type { NewRoundtable } from '../../src/roundtable/ports.js';
import { createStore, type Store } from '../../src/store/index.js';

const logger = pino({ level: 'silent' });
let dir: string;
let store: Store;
let other: Store;
const limits = { maxRunningPerCustomer: 2 };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tb-rt-store-'));
  store = await createStore({ path: join(dir, 'tb.db'), maxActiveTwins: 1 }, { logger });
  // A second connection to the same file: another process of the deployment.
  other = await createStore({ path: join(dir, 'tb.db'), maxActiveTwins: 1 }, { logger });
});
afterEach(async () => {
  await store.close();
  await other.close();
  rmSync(dir, { recursive: true, force: true });
});

const twins = [
  { twinId: 'a', slug: 'a', name: 'A' },
  { twinId: 'b', slug: 'b', name: 'B' },
];
function input(extra: Partial<NewRoundtable> = {}): NewRoundtable {
  return { id: newId(), channelId: newId(), customerId: 'c1', userId: 'u1', platform: 'api', topic: 'T', twins, maxTurns: 2, strategy: 'round_robin', historySeq: 0, ...extra };
}
async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

describe('roundtable store on one SQLite file, two connections', () => {
  it('creates a running roundtable; one per channel; a cap per customer', async () => {
    const rt = await store.roundtables.create(input(), limits);
    expect(rt).toMatchObject({ status: 'running', stoppedBy: null, twins, maxTurns: 2 });
    expect(await code(other.roundtables.create(input({ channelId: rt.channelId }), limits))).toBe('ROUNDTABLE_RUNNING');
    await store.roundtables.create(input(), limits);
    expect(await code(store.roundtables.create(input(), limits))).toBe('ROUNDTABLE_LIMIT');
    expect(await code(store.roundtables.create(input({ customerId: 'c2' }), limits))).toBe('none');
    await store.roundtables.end(rt.id, 'stopped', 'stopped');
    expect(await code(store.roundtables.create(input({ channelId: rt.channelId }), limits))).toBe('none');
  });

  it('starts and finishes each turn once; the last turn ends it with max_turns', async () => {
    const rt = await store.roundtables.create(input(), limits);
    const s1 = await store.roundtables.startTurn(rt.id, { turn: 1, twinId: 'a', name: 'A', reason: 'round robin' });
    expect(s1).toMatchObject({ created: true, turn: { turn: 1, reply: null, reason: 'round robin' } });
    // A racing worker's choice does not replace the stored one.
    expect(await other.roundtables.startTurn(rt.id, { turn: 1, twinId: 'b', name: 'B', reason: 'other' })).toMatchObject({ created: false, turn: { twinId: 'a' } });
    const f1 = await store.roundtables.finishTurn(rt.id, 1, 'first');
    expect(f1).toMatchObject({ created: true, next: { turn: 2 }, ended: false });
    const again = await other.roundtables.finishTurn(rt.id, 1, 'a second copy');
    expect(again).toMatchObject({ created: false, next: { turn: 2 }, ended: false });
    expect(again.state.turns[0]!.reply).toBe('first');
    await store.roundtables.startTurn(rt.id, { turn: 2, twinId: 'b', name: 'B', reason: 'round robin' });
    const f2 = await store.roundtables.finishTurn(rt.id, 2, 'second');
    expect(f2).toMatchObject({ created: true, next: null, ended: true });
    expect(f2.state.roundtable).toMatchObject({ status: 'done', stoppedBy: 'max_turns' });
    expect(await other.roundtables.finishTurn(rt.id, 2, 'dup')).toMatchObject({ created: false, next: null, ended: false });
  });

  it('stop: no new turn starts, a turn in flight still lands; a second stop changes nothing', async () => {
    const rt = await store.roundtables.create(input({ maxTurns: 5 }), limits);
    await store.roundtables.startTurn(rt.id, { turn: 1, twinId: 'a', name: 'A', reason: 'r' });
    const stop = await store.roundtables.end(rt.id, 'stopped', 'stopped');
    expect(stop).toMatchObject({ changed: true, turnInFlight: true, state: { roundtable: { status: 'stopped', stoppedBy: 'stopped' } } });
    expect(await store.roundtables.end(rt.id, 'stopped', 'stopped')).toMatchObject({ changed: false });
    expect(await store.roundtables.finishTurn(rt.id, 1, 'lands')).toMatchObject({ created: true, next: null, ended: false });
    expect(await store.roundtables.startTurn(rt.id, { turn: 2, twinId: 'b', name: 'B', reason: 'r' })).toBeNull();
    expect(await store.roundtables.end(rt.id, 'failed', 'error')).toMatchObject({ changed: false, turnInFlight: false, state: { roundtable: { status: 'stopped' } } });
  });

  it("places people's messages after the turn in progress; refuses them once it ended", async () => {
    const rt = await store.roundtables.create(input({ maxTurns: 5 }), limits);
    const m0 = await store.roundtables.addMessage(rt.id, { id: newId(), authorId: 'u', author: 'Ana', content: 'before' });
    expect(m0!.afterTurn).toBe(0);
    await store.roundtables.startTurn(rt.id, { turn: 1, twinId: 'a', name: 'A', reason: 'r' });
    const m1 = await store.roundtables.addMessage(rt.id, { id: newId(), authorId: 'u', author: 'Ana', content: 'during 1' });
    expect(m1!.afterTurn).toBe(1);
    expect((await store.roundtables.get(rt.id))!.messages.map((m) => m.content)).toEqual(['before', 'during 1']);
    await store.roundtables.end(rt.id, 'stopped', 'stopped');
    expect(await store.roundtables.addMessage(rt.id, { id: newId(), authorId: 'u', author: 'Ana', content: 'late' })).toBeNull();
  });

  it('lists newest first per user and channel; running() for resuming', async () => {
    const a = await store.roundtables.create(input(), limits);
    await store.roundtables.end(a.id, 'stopped', 'stopped');
    const b = await store.roundtables.create(input({ channelId: a.channelId }), limits);
    expect((await store.roundtables.list({ userId: 'u1', channelId: a.channelId })).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(await store.roundtables.list({ userId: 'u2', channelId: a.channelId })).toEqual([]);
    expect((await other.roundtables.running()).map((r) => r.id)).toEqual([b.id]);
    expect((await store.roundtables.runningIn(a.channelId))!.id).toBe(b.id);
    await store.roundtables.setMeta(b.id, { thread: '1.2' });
    expect((await store.roundtables.get(b.id))!.roundtable.meta).toEqual({ thread: '1.2' });
  });
});
