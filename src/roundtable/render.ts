/**
 * A roundtable shown in a channel through the render core: each turn is its own reply (its own
 * message, under its twin's identity), streamed, split and always finished like any chat reply.
 * Turns are sequential, so one roundtable never has two messages streaming at once. The
 * platform adapter supplies the header and the sinks; nothing here imports a platform SDK.
 */
import type { DonePayload, LoggedEvent, ReplyRecord, TwinRef } from '../core/messages.js';
import { renderJob, type JobRender, type RenderDeps, type ReplySink } from '../render/index.js';
import type { LoggedRoundtableEvent } from './events.js';
import { turnJobId } from './turns.js';

export type FollowRoundtable = (roundtableId: string, afterId: string, onEvent: (e: LoggedRoundtableEvent) => void) => Promise<() => void>;

function record(turn: { twinId: string; personality: string; reply: string }, twin: TwinRef): ReplyRecord {
  return { messageId: '', reply: turn.reply, personality: turn.personality, twinId: turn.twinId, twinName: twin.name, confidence: null, toolsUsed: [], model: '', responseTime: 0, trace: [] };
}

/** One turn's events as the reply-stream events the render core reads; null for other turns'. */
export function turnEvent(e: LoggedRoundtableEvent, turn: number, twin: TwinRef): LoggedEvent | null {
  switch (e.event) {
    case 'text_delta':
      return e.data.turn === turn ? { id: e.id, event: 'text_delta', twin, data: { content: e.data.content, accumulated_length: e.data.accumulated_length } } : null;
    case 'reset':
      return e.data.turn === turn ? { id: e.id, event: 'reset', twin, data: { attempt: e.data.attempt } } : null;
    case 'turn_done':
      return e.data.turn === turn ? { id: e.id, event: 'twin_done', twin, data: record(e.data, twin) } : null;
    case 'error':
      return e.data.turn === turn || e.data.turn === null ? { id: e.id, event: 'error', twin: null, data: { message: e.data.message, streamId: `turn-${turn}`, code: 'MODEL_ERROR' } } : null;
    case 'done':
      // Ends a turn that never finished (a stop before its reply, a failure).
      return { id: e.id, event: 'done', twin: null, data: { replies: [], reply: '' } as unknown as DonePayload };
    default:
      return null;
  }
}

export interface RoundtableRenderInput {
  roundtableId: string;
  /** The identity a turn's twin speaks under (name, avatar). */
  twinRef(twinId: string): TwinRef;
  /** Where a turn's messages go. */
  sinkFor(twin: TwinRef, turn: number): Promise<ReplySink>;
  /** Every roundtable event (platform extras: the header's status, the Stop button). */
  onEvent?: ((e: LoggedRoundtableEvent) => void) | undefined;
}

/** Follows a roundtable from its start and renders each turn as its own reply, until `done`. */
export function renderRoundtable(input: RoundtableRenderInput, deps: { follow: FollowRoundtable; render: Omit<RenderDeps, 'follow'> }): { done: Promise<void>; cancel(): void } {
  const turns = new Map<number, { done: Promise<unknown>; cancel(): void }>();
  // Turns are shown one after another: a turn's render starts once the previous turn's text has
  // landed (each turn follows the roundtable's log from its start, so it misses nothing while it
  // waits). A fast model never has two turn messages streaming in the channel at once.
  let previous: Promise<unknown> = Promise.resolve();
  let cancelled = false;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  function startTurn(turn: number, twin: TwinRef): void {
    if (turns.has(turn)) return;
    const follow = async (_jobId: string, afterId: string, onEvent: (e: LoggedEvent) => void) => {
      let ended = false;
      return deps.follow(input.roundtableId, afterId, (e) => {
        const mapped = ended ? null : turnEvent(e, turn, twin);
        if (!mapped) return;
        if (mapped.event === 'twin_done') {
          // A finished turn ends its own render: the next turn is another reply.
          onEvent(mapped);
          onEvent({ id: e.id, event: 'done', twin: null, data: { replies: [], reply: '' } as unknown as DonePayload });
          ended = true;
          return;
        }
        if (mapped.event === 'done' || mapped.event === 'error') ended = true;
        onEvent(mapped);
      });
    };
    let job: JobRender | null = null;
    const done = previous.then(() => {
      if (cancelled) return null;
      job = renderJob({ jobId: turnJobId(input.roundtableId, turn), sinkFor: () => input.sinkFor(twin, turn) }, { ...deps.render, follow });
      return job.done;
    });
    previous = done.catch(() => undefined);
    turns.set(turn, { done, cancel: () => job?.cancel() });
  }

  const following = deps
    .follow(input.roundtableId, '0', (e) => {
      if (e.event === 'turn_start') startTurn(e.data.turn, input.twinRef(e.data.twinId));
      input.onEvent?.(e);
      if (e.event === 'done') finish();
    })
    .catch(() => {
      finish();
      return null;
    });

  return {
    done: finished.then(async () => {
      (await following)?.();
      await Promise.all([...turns.values()].map((r) => r.done));
    }),
    cancel() {
      cancelled = true;
      for (const r of turns.values()) r.cancel();
      finish();
    },
  };
}
