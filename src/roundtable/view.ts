import type { RoundtableState } from './ports.js';
import type { Turn } from './types.js';

export interface PublicTurn {
  turn: number;
  twin_id: string;
  name: string;
  reply: string | null;
  reason: string;
  started_at: string;
  finished_at: string | null;
}

export function publicTurn(t: Turn): PublicTurn {
  return { turn: t.turn, twin_id: t.twinId, name: t.name, reply: t.reply, reason: t.reason, started_at: t.startedAt, finished_at: t.finishedAt };
}

/** The roundtable object of api/roundtables.md. */
export function publicRoundtable(s: RoundtableState) {
  const r = s.roundtable;
  return {
    id: r.id,
    channel_id: r.channelId,
    stream_id: `rt-${r.id}`,
    topic: r.topic,
    twins: r.twins.map((t) => ({ twin_id: t.twinId, slug: t.slug, name: t.name })),
    max_turns: r.maxTurns,
    strategy: r.strategy,
    status: r.status,
    turns: s.turns.map(publicTurn),
    stopped_by: r.stoppedBy,
    created_at: r.createdAt,
  };
}
