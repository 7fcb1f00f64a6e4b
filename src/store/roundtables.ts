import { AppError } from '../core/errors.js';
import type { EndResult, FinishTurnResult, NewRoundtable, RoundtableState, RoundtableStore } from '../roundtable/ports.js';
import type { Participant, PersonMessage, Roundtable, RoundtableStatus, StoppedBy, Strategy, Turn } from '../roundtable/types.js';
import type Database from 'better-sqlite3';

type Db = Database.Database;

interface RtRow {
  id: string;
  channel_id: string;
  customer_id: string;
  user_id: string;
  platform: string;
  topic: string;
  twins: string;
  max_turns: number;
  strategy: Strategy;
  status: RoundtableStatus;
  stopped_by: StoppedBy | null;
  history_seq: number;
  meta: string;
  created_at: string;
  updated_at: string;
}
interface TurnRow {
  turn: number;
  twin_id: string;
  name: string;
  reason: string;
  reply: string | null;
  started_at: string;
  finished_at: string | null;
}
interface MsgRow {
  id: string;
  author_id: string;
  author: string;
  content: string;
  after_turn: number;
  created_at: string;
}

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

/**
 * Roundtables in SQLite. better-sqlite3 is synchronous; the port is async so the PostgreSQL
 * dialect can sit behind the same interface. Transitions run in IMMEDIATE transactions: the
 * write lock is taken first, so two processes deciding the same transition serialize.
 */
export class SqliteRoundtableStore implements RoundtableStore {
  constructor(private readonly db: Db) {}

  private row(id: string): RtRow | undefined {
    return this.db.prepare<[string], RtRow>('SELECT * FROM roundtables WHERE id = ?').get(id);
  }

  private stateOf(id: string): RoundtableState | null {
    const r = this.row(id);
    if (!r) return null;
    const turns = this.db.prepare<[string], TurnRow>('SELECT * FROM roundtable_turns WHERE roundtable_id = ? ORDER BY turn').all(id);
    const msgs = this.db.prepare<[string], MsgRow>('SELECT * FROM roundtable_messages WHERE roundtable_id = ? ORDER BY seq').all(id);
    return { roundtable: toRoundtable(r), turns: turns.map(toTurn), messages: msgs.map(toMsg) };
  }

  private setStatus(id: string, status: RoundtableStatus, stoppedBy: StoppedBy | null): void {
    this.db.prepare('UPDATE roundtables SET status = ?, stopped_by = ?, updated_at = ? WHERE id = ?').run(status, stoppedBy, new Date().toISOString(), id);
  }

  async create(input: NewRoundtable, limits: { maxRunningPerCustomer: number }): Promise<Roundtable> {
    const run = this.db.transaction(() => {
      const inChannel = this.db.prepare<[string], { id: string }>("SELECT id FROM roundtables WHERE channel_id = ? AND status = 'running'").get(input.channelId);
      if (inChannel) {
        throw new AppError('ROUNDTABLE_RUNNING', `Channel ${input.channelId} already has a running roundtable (${inChannel.id})`, { details: { roundtableId: inChannel.id } });
      }
      const count = this.db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM roundtables WHERE customer_id = ? AND status = 'running'").get(input.customerId)!.n;
      if (count >= limits.maxRunningPerCustomer) {
        throw new AppError('ROUNDTABLE_LIMIT', `At most ${limits.maxRunningPerCustomer} roundtables may run at once for one customer`);
      }
      const now = new Date().toISOString();
      this.db
        .prepare(
          `INSERT INTO roundtables (id, channel_id, customer_id, user_id, platform, topic, twins, max_turns, strategy, status, stopped_by, history_seq, meta, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', NULL, ?, ?, ?, ?)`,
        )
        .run(input.id, input.channelId, input.customerId, input.userId, input.platform, input.topic, JSON.stringify(input.twins), input.maxTurns, input.strategy, input.historySeq, JSON.stringify(input.meta ?? {}), now, now);
      return toRoundtable(this.row(input.id)!);
    });
    return run.immediate();
  }

  async get(id: string): Promise<RoundtableState | null> {
    return this.stateOf(id);
  }

  async list(filter: { userId?: string | undefined; channelId?: string | undefined }): Promise<Roundtable[]> {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.userId !== undefined) {
      where.push('user_id = ?');
      args.push(filter.userId);
    }
    if (filter.channelId !== undefined) {
      where.push('channel_id = ?');
      args.push(filter.channelId);
    }
    const sql = `SELECT * FROM roundtables ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT 100`;
    return this.db.prepare<string[], RtRow>(sql).all(...args).map(toRoundtable);
  }

  async runningIn(channelId: string): Promise<Roundtable | null> {
    const r = this.db.prepare<[string], RtRow>("SELECT * FROM roundtables WHERE channel_id = ? AND status = 'running'").get(channelId);
    return r ? toRoundtable(r) : null;
  }

  async running(): Promise<Roundtable[]> {
    return this.db.prepare<[], RtRow>("SELECT * FROM roundtables WHERE status = 'running' ORDER BY created_at").all().map(toRoundtable);
  }

  async startTurn(id: string, t: Omit<Turn, 'reply' | 'finishedAt' | 'startedAt'>): Promise<{ turn: Turn; created: boolean } | null> {
    const run = this.db.transaction(() => {
      const get = () => this.db.prepare<[string, number], TurnRow>('SELECT * FROM roundtable_turns WHERE roundtable_id = ? AND turn = ?').get(id, t.turn);
      const existing = get();
      if (existing) return { turn: toTurn(existing), created: false };
      if (this.row(id)?.status !== 'running') return null;
      this.db
        .prepare('INSERT INTO roundtable_turns (roundtable_id, turn, twin_id, name, reason, reply, started_at, finished_at) VALUES (?, ?, ?, ?, ?, NULL, ?, NULL)')
        .run(id, t.turn, t.twinId, t.name, t.reason, new Date().toISOString());
      return { turn: toTurn(get()!), created: true };
    });
    return run.immediate();
  }

  async finishTurn(id: string, turn: number, reply: string): Promise<FinishTurnResult> {
    const run = this.db.transaction((): FinishTurnResult => {
      const changes = this.db
        .prepare('UPDATE roundtable_turns SET reply = ?, finished_at = ? WHERE roundtable_id = ? AND turn = ? AND reply IS NULL')
        .run(reply, new Date().toISOString(), id, turn).changes;
      const r = this.row(id);
      if (!r) throw new AppError('ROUNDTABLE_NOT_FOUND', `No roundtable ${id}`);
      let ended = false;
      let next: { turn: number } | null = null;
      if (r.status === 'running') {
        if (turn >= r.max_turns) {
          this.setStatus(id, 'done', 'max_turns');
          ended = true;
        } else next = { turn: turn + 1 };
      }
      return { state: this.stateOf(id)!, created: changes === 1, next, ended };
    });
    return run.immediate();
  }

  async end(id: string, status: Exclude<RoundtableStatus, 'running'>, stoppedBy: StoppedBy): Promise<EndResult> {
    const run = this.db.transaction((): EndResult => {
      const r = this.row(id);
      if (!r) throw new AppError('ROUNDTABLE_NOT_FOUND', `No roundtable ${id}`);
      const changed = r.status === 'running';
      if (changed) this.setStatus(id, status, stoppedBy);
      const open = this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM roundtable_turns WHERE roundtable_id = ? AND reply IS NULL').get(id)!.n;
      return { state: this.stateOf(id)!, changed, turnInFlight: open > 0 };
    });
    return run.immediate();
  }

  async addMessage(id: string, msg: Omit<PersonMessage, 'afterTurn' | 'at'>): Promise<PersonMessage | null> {
    const run = this.db.transaction((): PersonMessage | null => {
      if (this.row(id)?.status !== 'running') return null;
      const last = this.db.prepare<[string], { n: number | null }>('SELECT MAX(turn) AS n FROM roundtable_turns WHERE roundtable_id = ?').get(id)!.n ?? 0;
      const at = new Date().toISOString();
      this.db
        .prepare('INSERT INTO roundtable_messages (id, roundtable_id, author_id, author, content, after_turn, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
        .run(msg.id, id, msg.authorId, msg.author, msg.content, last, at);
      const row = this.db.prepare<[string], MsgRow>('SELECT * FROM roundtable_messages WHERE id = ?').get(msg.id)!;
      return toMsg(row);
    });
    return run.immediate();
  }

  async setMeta(id: string, meta: Record<string, unknown>): Promise<void> {
    const run = this.db.transaction(() => {
      const r = this.row(id);
      if (!r) return;
      const merged = { ...(JSON.parse(r.meta) as Record<string, unknown>), ...meta };
      this.db.prepare('UPDATE roundtables SET meta = ? WHERE id = ?').run(JSON.stringify(merged), id);
    });
    run.immediate();
  }
}

/** On PostgreSQL until the repository above moves onto the Kysely layer: a clear error, never a crash. */
export function unavailableRoundtableStore(): RoundtableStore {
  const fail = async (): Promise<never> => {
    throw new AppError('PROVIDER_NOT_CONFIGURED', 'roundtables are not available on PostgreSQL yet');
  };
  return { create: fail, get: fail, list: fail, runningIn: fail, running: async () => [], startTurn: fail, finishTurn: fail, end: fail, addMessage: fail, setMeta: fail };
}
