import type { LoggedEvent, StreamEvent } from '../core/messages.js';
import type { ReplyStream } from '../core/ports.js';
import type { PublicTurn } from './view.js';
import type { RoundtableStatus, StoppedBy } from './types.js';

/** The roundtable's stream events (api/roundtables.md), one log per roundtable. */
export type RoundtableEvent =
  | { event: 'turn_start'; data: { turn: number; twinId: string; personality: string; name: string; reason: string } }
  | { event: 'text_delta'; data: { turn: number; twinId: string; personality: string; content: string; accumulated_length: number } }
  | { event: 'reset'; data: { turn: number; attempt: number } }
  | { event: 'turn_done'; data: { turn: number; twinId: string; personality: string; reply: string } }
  | { event: 'message'; data: { author: string; content: string; timestamp: string } }
  | { event: 'done'; data: { roundtableId: string; status: RoundtableStatus; stopped_by: StoppedBy | null; turns: PublicTurn[] } }
  | { event: 'error'; data: { message: string; turn: number | null } };

export type LoggedRoundtableEvent = RoundtableEvent & { id: string };

export function streamIdOf(roundtableId: string): string {
  return `rt-${roundtableId}`;
}

/**
 * The roundtable's event log, carried by the reply-stream transport (ordered, replayable from an
 * id, expiring). The transport stores whatever JSON it is given; its StreamEvent type is chat's,
 * so this is the one place the roundtable's events cross that type.
 */
export class RoundtableFeed {
  constructor(private readonly stream: ReplyStream) {}

  publish(roundtableId: string, event: RoundtableEvent): Promise<string> {
    return this.stream.publish(streamIdOf(roundtableId), event as unknown as StreamEvent);
  }

  read(roundtableId: string, afterId: string): Promise<LoggedRoundtableEvent[]> {
    return this.stream.read(streamIdOf(roundtableId), afterId) as unknown as Promise<LoggedRoundtableEvent[]>;
  }

  follow(roundtableId: string, afterId: string, onEvent: (e: LoggedRoundtableEvent) => void): Promise<() => void> {
    return this.stream.follow(streamIdOf(roundtableId), afterId, (e: LoggedEvent) => onEvent(e as unknown as LoggedRoundtableEvent));
  }

  exists(roundtableId: string): Promise<boolean> {
    return this.stream.exists(streamIdOf(roundtableId));
  }

  /**
   * A ReplyStream for one turn, for the engine's answerTwin: its text deltas become the turn's
   * `text_delta` events; status and tool events are the chat stream's business and are dropped.
   */
  turnStream(roundtableId: string, turn: number, twin: { id: string; slug: string }): ReplyStream {
    return {
      publish: async (_jobId: string, events: StreamEvent | readonly StreamEvent[]): Promise<string> => {
        // The publisher hands over batches (deltas merged while a publish was in flight).
        let id = '';
        for (const e of Array.isArray(events) ? (events as readonly StreamEvent[]) : [events as StreamEvent]) {
          if (e.event !== 'text_delta') continue;
          id = await this.publish(roundtableId, {
            event: 'text_delta',
            data: { turn, twinId: twin.id, personality: twin.slug, content: e.data.content, accumulated_length: e.data.accumulated_length },
          });
        }
        return id;
      },
      read: (jobId, afterId) => this.stream.read(jobId, afterId),
      follow: (jobId, afterId, onEvent) => this.stream.follow(jobId, afterId, onEvent),
      exists: (jobId) => this.stream.exists(jobId),
    };
  }
}
