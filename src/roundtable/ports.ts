import type { PersonMessage, Roundtable, RoundtableStatus, StoppedBy, Turn } from './types.js';

/** What starting a roundtable stores: everything but the state it gains as it runs. */
export type NewRoundtable = Omit<Roundtable, 'status' | 'stoppedBy' | 'meta' | 'createdAt' | 'updatedAt'> & {
  meta?: Record<string, unknown>;
};

export interface RoundtableState {
  roundtable: Roundtable;
  turns: Turn[];
  messages: PersonMessage[];
}

export interface FinishTurnResult {
  state: RoundtableState;
  /** False when this turn's reply was already stored (a racing or retried worker): keep that one. */
  created: boolean;
  /** What follows: the next turn, or nothing because the roundtable has ended (now or before). */
  next: { turn: number } | null;
  /** True when this call ended the roundtable (status left `running` here). */
  ended: boolean;
}

export interface EndResult {
  state: RoundtableState;
  /** True when the roundtable was running and this call ended it. */
  changed: boolean;
  /** A turn had started and not finished when it ended: that turn's worker will announce the end. */
  turnInFlight: boolean;
}

/**
 * The roundtable's stored state. Every transition is one store transaction, so two workers
 * racing on one turn, or a worker dying between two steps, leave exactly one outcome.
 */
export interface RoundtableStore {
  /** Throws ROUNDTABLE_RUNNING (the channel has one) or ROUNDTABLE_LIMIT (the customer's cap). */
  create(input: NewRoundtable, limits: { maxRunningPerCustomer: number }): Promise<Roundtable>;
  get(id: string): Promise<RoundtableState | null>;
  /** Newest first (at most 100), by starter and/or channel. */
  list(filter: { userId?: string | undefined; channelId?: string | undefined }): Promise<Roundtable[]>;
  runningIn(channelId: string): Promise<Roundtable | null>;
  /** Every running roundtable (to resume them after a restart). */
  running(): Promise<Roundtable[]>;
  /**
   * Starts a turn once: returns the stored turn (created=false if it had started before), or null
   * when it had not started and the roundtable is no longer running.
   */
  startTurn(id: string, turn: Omit<Turn, 'reply' | 'finishedAt' | 'startedAt'>): Promise<{ turn: Turn; created: boolean } | null>;
  /** Stores a started turn's reply once and decides, in the same transaction, what follows it. */
  finishTurn(id: string, turn: number, reply: string): Promise<FinishTurnResult>;
  /** Ends a running roundtable (`stopped`, `nobody`, `error`); a finished one is left as it is. */
  end(id: string, status: Exclude<RoundtableStatus, 'running'>, stoppedBy: StoppedBy): Promise<EndResult>;
  /** A person's message, placed after the turn in progress (or the last one); null once it ended. */
  addMessage(id: string, msg: Omit<PersonMessage, 'afterTurn' | 'at'>): Promise<PersonMessage | null>;
  /** Platform data the renderer keeps with the roundtable (merged). */
  setMeta(id: string, meta: Record<string, unknown>): Promise<void>;
}
