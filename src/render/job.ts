/**
 * Renders one job's reply stream: follows it from the start, folds events into the projection,
 * and keeps one writer per answering twin, each on the sink `sinkFor` gives for that twin.
 * Stops following at the terminal event (or after `idleTimeoutMs` without events, closing with
 * a sentence); `done` resolves once every reply's final content has landed.
 */
import type { Logger } from 'pino';
import type { LoggedEvent, TwinRef } from '../core/messages.js';
import type { Budget } from './budget.js';
import type { Clock } from './clock.js';
import { applyEvent, isVisible, type JobView } from './projection.js';
import type { ReplySink, WriteOp } from './sink.js';
import { isTerminal } from './terminal.js';
import { createReplyWriter, type ReplyWriter, type WriterResult } from './writer.js';

/** Follows a job's event log from after `afterId` ('0' = the start); resolves to an unsubscribe. */
export type FollowJob = (jobId: string, afterId: string, onEvent: (event: LoggedEvent) => void) => Promise<() => void>;

export interface RenderDeps {
  follow: FollowJob;
  budget: Budget;
  clock: Clock;
  logger: Logger;
  /** A job silent this long (no event) is closed with an error line. */
  idleTimeoutMs: number;
  onWrite?: ((op: WriteOp) => void) | undefined;
  /** One reply's final content landed (or it gave up): what it cost. */
  onReplyLanded?: ((result: WriterResult) => void) | undefined;
  /** A reply's first text became visible, `latencyMs` after its first token arrived. */
  onFirstVisible?: ((latencyMs: number) => void) | undefined;
}

export interface RenderJobInput {
  jobId: string;
  sinkFor(twin: TwinRef | null): Promise<ReplySink>;
  /** True while some twin works with nothing on screen yet (a typing indicator), false after. */
  onWaiting?: ((waiting: boolean) => void) | undefined;
  /**
   * Post a placeholder ("thinking…") as soon as a twin starts, rather than at its first text
   * (for platforms where an app has no typing indicator).
   */
  placeholderOnStatus?: boolean | undefined;
  /** Every event, after the projection took it (platform extras: assistant status, thread memory). */
  onEvent?: ((event: LoggedEvent) => void) | undefined;
}

export interface RenderResult {
  replies: { key: string; twin: TwinRef | null; result: WriterResult; firstTextAt: number | null }[];
  timedOut: boolean;
}

export interface JobRender {
  readonly done: Promise<RenderResult>;
  /** Stops following (shutdown): what each reply has now lands as final. */
  cancel(): void;
}

const TIMEOUT_MESSAGE = 'This reply took too long and was abandoned. Please try again.';
const FOLLOW_FAILED = 'The reply could not be shown here.';

export function renderJob(input: RenderJobInput, deps: RenderDeps): JobRender {
  const log = deps.logger.child({ jobId: input.jobId });
  const view: JobView = new Map();
  const writers = new Map<string, ReplyWriter>();
  let terminal = false;
  let timedOut = false;
  let unsubscribe: (() => void) | null = null;
  let cancelIdle: () => void = () => undefined;
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));

  function push(key: string, early = false): void {
    const reply = view.get(key);
    // A reply gets a writer once it shows something; after that every change goes to it (a reset too).
    if (!reply || (!writers.has(key) && !isVisible(reply) && !early)) return;
    let writer = writers.get(key);
    if (!writer) {
      writer = createReplyWriter(input.sinkFor(reply.twin), {
        budget: deps.budget,
        clock: deps.clock,
        logger: log,
        onWrite: deps.onWrite,
        onFirstText: (at) => {
          const first = view.get(key)?.firstTextAt;
          if (first != null) deps.onFirstVisible?.(Math.max(0, at - first));
        },
      });
      writers.set(key, writer);
      void writer.landed.then((result) => deps.onReplyLanded?.(result));
    }
    writer.set(reply);
  }

  function updateWaiting(): void {
    const waiting = view.size === 0 || [...view.values()].some((r) => r.text === '' && !r.final);
    input.onWaiting?.(!terminal && waiting);
  }

  function end(): void {
    if (terminal) return;
    terminal = true;
    input.onWaiting?.(false);
    unsubscribe?.();
    cancelIdle();
    finish();
  }

  function armIdle(): void {
    cancelIdle();
    cancelIdle = deps.clock.timer(deps.idleTimeoutMs, () => {
      timedOut = true;
      log.warn('render: job stream went silent without done/error; closing the reply');
      onEvent({ id: 'timeout', event: 'error', twin: null, data: { message: TIMEOUT_MESSAGE, streamId: input.jobId, code: 'TIMEOUT' } });
    });
  }

  function onEvent(event: LoggedEvent): void {
    if (terminal) return;
    const early = input.placeholderOnStatus === true && event.event === 'status';
    for (const key of applyEvent(view, event, deps.clock.now())) push(key, early);
    try {
      input.onEvent?.(event);
    } catch (err) {
      log.warn({ err }, 'render: event observer failed');
    }
    if (isTerminal(event)) end();
    else {
      armIdle();
      updateWaiting();
    }
  }

  armIdle();
  updateWaiting();
  deps
    .follow(input.jobId, '0', onEvent)
    .then((stop) => {
      if (terminal) stop();
      else unsubscribe = stop;
    })
    .catch((err: unknown) => {
      log.error({ err }, 'render: could not follow the reply stream');
      onEvent({ id: 'follow-failed', event: 'error', twin: null, data: { message: FOLLOW_FAILED, streamId: input.jobId, code: 'INTERNAL' } });
    });

  const done = ended.then(async () => {
    const replies = await Promise.all(
      [...writers.entries()].map(async ([key, writer]) => {
        const result = await writer.landed;
        const reply = view.get(key);
        return { key, twin: reply?.twin ?? null, result, firstTextAt: reply?.firstTextAt ?? null };
      }),
    );
    return { replies, timedOut };
  });

  return {
    done,
    cancel() {
      if (terminal) return;
      for (const reply of view.values()) Object.assign(reply, { final: true, status: null });
      for (const key of view.keys()) push(key);
      end();
    },
  };
}
