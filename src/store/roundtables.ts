import { sql, type Kysely } from 'kysely';
import { AppError } from '../core/errors.js';
import type { EndResult, FinishTurnResult, NewRoundtable, RoundtableState, RoundtableStore } from '../roundtable/ports.js';
import type { Participant, PersonMessage, Roundtable, RoundtableStatus, StoppedBy, Turn } from '../roundtable/types.js';
import type { DatabaseHandle } from './db.js';
import { isUniqueViolation } from './errors.js';
import type { Database, Dialect, RoundtableMessagesTable, RoundtablesTable, RoundtableTurnsTable } from './schema.js';

type Db = Kysely<Database>;

const RT_COLUMNS = [
  'id', 'channel_id', 'customer_id', 'user_id', 'platform', 'topic', 'twins', 'max_turns', 'strategy', 'status', 'stopped_by', 'history_seq', 'meta', 'created_at', 'updated_at',
] as const;
const TURN_COLUMNS = ['turn', 'twin_id', 'name', 'reason', 'reply', 'started_at', 'finished_at'] as const;
const MSG_COLUMNS = ['id', 'author_id', 'author', 'content', 'after_turn', 'created_at'] as const;

type RtRow = Pick<RoundtablesTable, (typeof RT_COLUMNS)[number]>;
type TurnRow = Pick<RoundtableTurnsTable, (typeof TURN_COLUMNS)[number]>;
type MsgRow = Pick<RoundtableMessagesTable, (typeof MSG_COLUMNS)[number]>;

/** The key space of the advisory lock that queues one customer's creates (pg_advisory_xact_lock(int, int)). */
const CREATE_LOCK = 72_615_441;

function toRoundtable(r: RtRow): Roundtable {
  return {
    id: r.id,
    channelId: r.channel_id,
    customerId: r.customer_id,
    userId: r.user_id,
    platform: r.platform,
    topic: r.topic,
    twins: JSON.parse(r.twins) as Participant[],
    maxTurns: r.max_turns,
    strategy: r.strategy,
    status: r.status,
    stoppedBy: r.stopped_by,
    historySeq: r.history_seq,
    meta: JSON.parse(r.meta) as Record<string, unknown>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
const toTurn = (r: TurnRow): Turn => ({
  turn: r.turn,
  twinId: r.twin_id,
  name: r.name,
  reason: r.reason,
  reply: r.reply,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});
const toMsg = (r: MsgRow): PersonMessage => ({ id: r.id, authorId: r.author_id, author: r.author, content: r.content, afterTurn: r.after_turn, at: r.created_at });

const rowOf = (db: Db, id: string) => db.selectFrom('roundtables').select(RT_COLUMNS).where('id', '=', id).executeTakeFirst();
const runningRowIn = (db: Db, channelId: string) => db.selectFrom('roundtables').select(RT_COLUMNS).where('channel_id', '=', channelId).where('status', '=', 'running').executeTakeFirst();

async function stateOf(db: Db, id: string): Promise<RoundtableState | null> {
  const r = await rowOf(db, id);
  if (!r) return null;
  const turns = await db.selectFrom('roundtable_turns').select(TURN_COLUMNS).where('roundtable_id', '=', id).orderBy('turn').execute();
  const msgs = await db.selectFrom('roundtable_messages').select(MSG_COLUMNS).where('roundtable_id', '=', id).orderBy('seq').execute();
  return { roundtable: toRoundtable(r), turns: turns.map(toTurn), messages: msgs.map(toMsg) };
}

/** Leaves `running` once: true when this call changed the status (the database decides, by the row it updated). */
async function finish(db: Db, id: string, status: Exclude<RoundtableStatus, 'running'>, stoppedBy: StoppedBy): Promise<boolean> {
  const res = await db
    .updateTable('roundtables')
    .set({ status, stopped_by: stoppedBy, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

function alreadyRunning(channelId: string, otherId: string | null): AppError {
  return new AppError('ROUNDTABLE_RUNNING', `Channel ${channelId} already has a running roundtable${otherId ? ` (${otherId})` : ''}`, otherId ? { details: { roundtableId: otherId } } : {});
}

/** The partial unique index `roundtables_one_running` refused a second running roundtable in a channel. */
function isOneRunningViolation(err: unknown): boolean {
  if (!isUniqueViolation(err)) return false;
  const { constraint, message } = err as { constraint?: unknown; message?: unknown };
  return constraint === 'roundtables_one_running' || (typeof message === 'string' && message.includes('roundtables.channel_id'));
}

/**
 * Roundtables, one Kysely implementation for SQLite and PostgreSQL. Every transition is one
 * `handle.write` transaction that first takes the roundtable's lock: on SQLite BEGIN IMMEDIATE
 * holds the database's write lock already; on PostgreSQL `SELECT … FOR UPDATE` locks the
 * roundtable's row, so two workers deciding the same transition queue there and the second
 * reads what the first committed. The updates that decide an outcome are conditional as well
 * (`reply IS NULL`, `status = 'running'`): whether this call won is the row count.
 */
export class KyselyRoundtableStore implements RoundtableStore {
  private readonly db: Db;
  private readonly dialect: Dialect;
  /** Insertion order, the tie-breaker between roundtables started in the same millisecond. */
  private readonly insertionOrder;

  constructor(private readonly handle: DatabaseHandle) {
    this.db = handle.db;
    this.dialect = handle.dialect;
    this.insertionOrder = sql.raw(handle.dialect === 'sqlite' ? 'rowid' : 'rid');
  }

  /** The roundtable's row, locked until the transaction ends (see the class comment). */
  private lock(trx: Db, id: string) {
    return trx
      .selectFrom('roundtables')
      .select(RT_COLUMNS)
      .where('id', '=', id)
      .$if(this.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
  }

  /** Reads of one state in one snapshot: a turn finishing between them cannot tear it. */
  private snapshot<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const t = this.db.transaction();
    return (this.dialect === 'postgres' ? t.setIsolationLevel('repeatable read').setAccessMode('read only') : t).execute(fn);
  }

  async create(input: NewRoundtable, limits: { maxRunningPerCustomer: number }): Promise<Roundtable> {
    try {
      return await this.handle.write(async (trx) => {
        // One customer's creates queue here, so none counts before another's insert is committed
        // (the cap). SQLite's write lock already orders them.
        if (this.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${CREATE_LOCK}, hashtext(${input.customerId}))`.execute(trx);
        const inChannel = await runningRowIn(trx, input.channelId);
        if (inChannel) throw alreadyRunning(input.channelId, inChannel.id);
        const { n } = await trx
          .selectFrom('roundtables')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('customer_id', '=', input.customerId)
          .where('status', '=', 'running')
          .executeTakeFirstOrThrow();
        if (Number(n) >= limits.maxRunningPerCustomer) {
          throw new AppError('ROUNDTABLE_LIMIT', `At most ${limits.maxRunningPerCustomer} roundtables may run at once for one customer`);
        }
        const now = new Date().toISOString();
        await trx
          .insertInto('roundtables')
          .values({
            id: input.id,
            channel_id: input.channelId,
            customer_id: input.customerId,
            user_id: input.userId,
            platform: input.platform,
            topic: input.topic,
            twins: JSON.stringify(input.twins),
            max_turns: input.maxTurns,
            strategy: input.strategy,
            status: 'running',
            stopped_by: null,
            history_seq: input.historySeq,
            meta: JSON.stringify(input.meta ?? {}),
            created_at: now,
            updated_at: now,
          })
          .execute();
        return toRoundtable((await rowOf(trx, input.id))!);
      });
    } catch (err) {
      // Another customer's create in the same channel committed first: the index decided.
      if (!isOneRunningViolation(err)) throw err;
      throw alreadyRunning(input.channelId, (await runningRowIn(this.db, input.channelId))?.id ?? null);
    }
  }

  get(id: string): Promise<RoundtableState | null> {
    return this.snapshot((db) => stateOf(db, id));
  }

  async list(filter: { userId?: string | undefined; channelId?: string | undefined }): Promise<Roundtable[]> {
    let q = this.db.selectFrom('roundtables').select(RT_COLUMNS);
    if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
    if (filter.channelId !== undefined) q = q.where('channel_id', '=', filter.channelId);
    const rows = await q.orderBy('created_at', 'desc').orderBy(this.insertionOrder, 'desc').limit(100).execute();
    return rows.map(toRoundtable);
  }

  async runningIn(channelId: string): Promise<Roundtable | null> {
    const r = await runningRowIn(this.db, channelId);
    return r ? toRoundtable(r) : null;
  }

  async running(): Promise<Roundtable[]> {
    const rows = await this.db.selectFrom('roundtables').select(RT_COLUMNS).where('status', '=', 'running').orderBy('created_at').orderBy(this.insertionOrder).execute();
    return rows.map(toRoundtable);
  }

  startTurn(id: string, t: Omit<Turn, 'reply' | 'finishedAt' | 'startedAt'>): Promise<{ turn: Turn; created: boolean } | null> {
    return this.handle.write(async (trx) => {
      const r = await this.lock(trx, id);
      const get = () => trx.selectFrom('roundtable_turns').select(TURN_COLUMNS).where('roundtable_id', '=', id).where('turn', '=', t.turn).executeTakeFirst();
      const existing = await get();
      if (existing) return { turn: toTurn(existing), created: false };
      if (r?.status !== 'running') return null;
      const res = await trx
        .insertInto('roundtable_turns')
        .values({ roundtable_id: id, turn: t.turn, twin_id: t.twinId, name: t.name, reason: t.reason, reply: null, started_at: new Date().toISOString(), finished_at: null })
        .onConflict((oc) => oc.columns(['roundtable_id', 'turn']).doNothing())
        .executeTakeFirst();
      return { turn: toTurn((await get())!), created: Number(res.numInsertedOrUpdatedRows ?? 0) === 1 };
    });
  }

  finishTurn(id: string, turn: number, reply: string): Promise<FinishTurnResult> {
    return this.handle.write(async (trx): Promise<FinishTurnResult> => {
      const r = await this.lock(trx, id);
      if (!r) throw new AppError('ROUNDTABLE_NOT_FOUND', `No roundtable ${id}`);
      const res = await trx
        .updateTable('roundtable_turns')
        .set({ reply, finished_at: new Date().toISOString() })
        .where('roundtable_id', '=', id)
        .where('turn', '=', turn)
        .where('reply', 'is', null)
        .executeTakeFirst();
      let ended = false;
      let next: { turn: number } | null = null;
      if (r.status === 'running') {
        if (turn >= r.max_turns) ended = await finish(trx, id, 'done', 'max_turns');
        else next = { turn: turn + 1 };
      }
      return { state: (await stateOf(trx, id))!, created: Number(res.numUpdatedRows) === 1, next, ended };
    });
  }

  end(id: string, status: Exclude<RoundtableStatus, 'running'>, stoppedBy: StoppedBy): Promise<EndResult> {
    return this.handle.write(async (trx): Promise<EndResult> => {
      if (!(await this.lock(trx, id))) throw new AppError('ROUNDTABLE_NOT_FOUND', `No roundtable ${id}`);
      const changed = await finish(trx, id, status, stoppedBy);
      const { n } = await trx
        .selectFrom('roundtable_turns')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('roundtable_id', '=', id)
        .where('reply', 'is', null)
        .executeTakeFirstOrThrow();
      return { state: (await stateOf(trx, id))!, changed, turnInFlight: Number(n) > 0 };
    });
  }

  addMessage(id: string, msg: Omit<PersonMessage, 'afterTurn' | 'at'>): Promise<PersonMessage | null> {
    return this.handle.write(async (trx): Promise<PersonMessage | null> => {
      // Under the lock, so no turn starts between reading the last turn and placing the message.
      if ((await this.lock(trx, id))?.status !== 'running') return null;
      const { n } = await trx
        .selectFrom('roundtable_turns')
        .select((eb) => eb.fn.max<number | null>('turn').as('n'))
        .where('roundtable_id', '=', id)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('roundtable_messages')
        .values({ id: msg.id, roundtable_id: id, author_id: msg.authorId, author: msg.author, content: msg.content, after_turn: n ?? 0, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      const row = await trx.selectFrom('roundtable_messages').select(MSG_COLUMNS).where('id', '=', msg.id).executeTakeFirstOrThrow();
      return toMsg(row);
    });
  }

  async setMeta(id: string, meta: Record<string, unknown>): Promise<void> {
    await this.handle.write(async (trx) => {
      const r = await this.lock(trx, id);
      if (!r) return;
      const merged = { ...(JSON.parse(r.meta) as Record<string, unknown>), ...meta };
      await trx.updateTable('roundtables').set({ meta: JSON.stringify(merged) }).where('id', '=', id).execute();
    });
  }
}
