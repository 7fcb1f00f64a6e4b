/**
 * The roundtable's domain: a bounded conversation among twins on a topic, in one channel.
 * Everything here is plain data; the store, the queue and the stream live behind ports.
 */
export const STRATEGIES = ['round_robin', 'addressed', 'model'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const STATUSES = ['running', 'done', 'stopped', 'failed'] as const;
export type RoundtableStatus = (typeof STATUSES)[number];

export const STOPPED_BY = ['max_turns', 'stopped', 'nobody', 'error'] as const;
export type StoppedBy = (typeof STOPPED_BY)[number];

/** The hard ceiling on turns, whatever a caller asks for. */
export const MAX_TURNS_LIMIT = 20;

export interface Participant {
  twinId: string;
  slug: string;
  name: string;
}

export interface Turn {
  turn: number;
  twinId: string;
  name: string;
  /** Null while the turn is streaming. */
  reply: string | null;
  reason: string;
  startedAt: string;
  finishedAt: string | null;
}

/** Something a person said while the roundtable ran; `afterTurn` places it in the transcript. */
export interface PersonMessage {
  id: string;
  authorId: string;
  author: string;
  content: string;
  /** The turn it follows: the turn in progress (or the last one) when it arrived. */
  afterTurn: number;
  at: string;
}

export interface Roundtable {
  id: string;
  channelId: string;
  customerId: string;
  userId: string;
  platform: string;
  topic: string;
  twins: Participant[];
  maxTurns: number;
  strategy: Strategy;
  status: RoundtableStatus;
  stoppedBy: StoppedBy | null;
  /** The channel history position the roundtable started at (its earlier history is context). */
  historySeq: number;
  /** Platform data the renderer needs (e.g. Slack thread ts); opaque here. */
  meta: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export type TranscriptEntry =
  | { kind: 'turn'; turn: number; twinId: string; name: string; content: string }
  | { kind: 'person'; author: string; content: string };

/** The conversation so far, in order: finished turns with people's messages between them. */
export function transcriptOf(turns: Turn[], messages: PersonMessage[]): TranscriptEntry[] {
  const out: TranscriptEntry[] = [];
  const finished = turns.filter((t) => t.reply !== null).sort((a, b) => a.turn - b.turn);
  const people = [...messages].sort((a, b) => a.afterTurn - b.afterTurn || a.at.localeCompare(b.at));
  let p = 0;
  const pushPeople = (upTo: number) => {
    while (p < people.length && people[p]!.afterTurn < upTo) {
      const m = people[p++]!;
      out.push({ kind: 'person', author: m.author, content: m.content });
    }
  };
  for (const t of finished) {
    pushPeople(t.turn);
    out.push({ kind: 'turn', turn: t.turn, twinId: t.twinId, name: t.name, content: t.reply ?? '' });
  }
  pushPeople(Number.POSITIVE_INFINITY);
  return out;
}
