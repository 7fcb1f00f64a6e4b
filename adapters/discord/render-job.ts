/**
 * Follows one job's reply stream and keeps one writer per answering twin. Stops following at
 * `done` or `error`; resolves once every reply's final content has landed.
 */
import type { Logger } from 'pino';
import type { LoggedEvent, TwinRef } from '../../src/core/messages.js';
import type { ChatService } from '../../src/core/services.js';
import type { DiscordMetrics } from './metrics.js';
import type { ChannelPacer, PacerClock } from './pacer.js';
import { applyEvent, composeChunks, isVisible, type JobView } from './render-model.js';
import type { Typing } from './typing.js';
import { createReplyWriter, type ReplySink, type ReplyWriter, type WriterResult } from './writer.js';

export interface RenderDeps {
  chat: ChatService;
  pacer: ChannelPacer;
  clock: PacerClock;
  metrics: DiscordMetrics;
  logger: Logger;
  editIntervalMs: number;
  maxMessageLength: number;
  /** A job with no terminal event after this long is closed with an error line. */
  followTimeoutMs: number;
}

export interface RenderJobInput {
  jobId: string;
  sinkFor(twin: TwinRef | null): Promise<ReplySink>;
  typing: Typing | null;
}

export interface RenderResult {
  replies: { key: string; twin: TwinRef | null; result: WriterResult; firstTextAt: number | null }[];
  timedOut: boolean;
}

export interface JobRender {
  done: Promise<RenderResult>;
  /** Stops following (shutdown); what is already final still lands. */
  cancel(): void;
}

const TIMEOUT_MESSAGE = 'This reply took too long and was abandoned. Please try again.';

export function renderJob(input: RenderJobInput, deps: RenderDeps): JobRender {
  const log = deps.logger.child({ jobId: input.jobId });
  const view: JobView = new Map();
  const writers = new Map<string, ReplyWriter>();
  let terminal = false;
  let timedOut = false;
  let unsubscribe: (() => void) | null = null;
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));

  function push(key: string): void {
    const reply = view.get(key);
    if (!reply || !isVisible(reply)) return;
    let writer = writers.get(key);
    if (!writer) {
      writer = createReplyWriter(input.sinkFor(reply.twin), {
        pacer: deps.pacer,
        clock: deps.clock,
        intervalMs: deps.editIntervalMs,
        metrics: deps.metrics,
        logger: log,
        onFirstText: (at) => {
          const first = view.get(key)?.firstTextAt;
          if (first != null) deps.metrics.firstVisibleSeconds.observe(Math.max(0, at - first) / 1000);
        },
      });
      writers.set(key, writer);
    }
    const snapshot = { ...reply };
    writer.set((header) => composeChunks(snapshot, header, deps.maxMessageLength), reply.final, reply.text !== '');
  }

  function updateTyping(): void {
    // Typing says "working on it" until every twin that started has text on screen.
    const waiting = view.size === 0 || [...view.values()].some((r) => r.text === '' && !r.final);
    input.typing?.set(!terminal && waiting);
  }

  function end(): void {
    if (terminal) return;
    terminal = true;
    input.typing?.set(false);
    unsubscribe?.();
    clearTimeout(timer);
    finish();
  }

  function onEvent(event: LoggedEvent): void {
    if (terminal) return;
    for (const key of applyEvent(view, event, deps.clock.now())) push(key);
    if (event.event === 'done' || (event.event === 'error' && event.twin === null)) end();
    else updateTyping();
  }

  const timer = setTimeout(() => {
    timedOut = true;
    log.warn('discord: job stream ended without done/error; closing the reply');
    onEvent({ id: 'timeout', event: 'error', twin: null, data: { message: TIMEOUT_MESSAGE, streamId: input.jobId, code: 'TIMEOUT' } });
  }, deps.followTimeoutMs);
  timer.unref();

  updateTyping();
  deps.chat
    .follow(input.jobId, '0', onEvent)
    .then((stop) => {
      if (terminal) stop();
      else unsubscribe = stop;
    })
    .catch((err: unknown) => {
      log.error({ err }, 'discord: could not follow the reply stream');
      onEvent({ id: 'follow-failed', event: 'error', twin: null, data: { message: 'The reply could not be shown here.', streamId: input.jobId, code: 'INTERNAL' } });
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
      for (const reply of view.values()) reply.final = true;
      for (const key of view.keys()) push(key);
      end();
    },
  };
}
