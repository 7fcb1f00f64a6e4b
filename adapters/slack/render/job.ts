/**
 * Renders one job's reply stream into a Slack thread through the render core: one reply
 * (message series) per twin under the twin's name and icon, a placeholder and an assistant
 * status while twins think or use tools, and a short sentence if the job fails. Events are
 * pushed in with `handle` (the registry follows the stream).
 */
import type { Logger } from 'pino';
import type { LoggedEvent } from '../../../src/core/messages.js';
import { renderJob, type Budget, type Clock } from '../../../src/render/index.js';
import type { SlackApi } from './api.js';
import { slackSink, type NativeStreaming, type ReplyTarget } from './sink.js';
import { createAssistantStatus } from './status.js';

export interface JobRendererDeps {
  api: SlackApi;
  native: NativeStreaming;
  /** Writers' budget (by op): see `writerBudget`. */
  budget: Budget;
  clock: Clock;
  logger: Logger;
  maxChars: number;
  intervalMs: number;
  idleTimeoutMs: number;
  /** A twin spoke in this thread (thread replies then reach it). */
  onTwinReplied?: ((slug: string | null) => void) | undefined;
}

export interface JobRenderer {
  handle(event: LoggedEvent): void;
  /** Resolves when the job ended (done, error or idle) and every reply has landed. */
  readonly finished: Promise<void>;
  /** Ends now: lands what each reply has. */
  close(reason: string): void;
}

export function createJobRenderer(jobId: string, target: ReplyTarget, deps: JobRendererDeps): JobRenderer {
  const status = createAssistantStatus(deps.api, target);
  let push: ((event: LoggedEvent) => void) | null = null;
  const render = renderJob(
    {
      jobId,
      sinkFor: (twin) => Promise.resolve(slackSink(target, twin, deps)),
      // In Slack the message itself says "thinking…" until text arrives (no typing indicator for apps).
      placeholderOnStatus: true,
      onEvent(ev) {
        status.handle(ev);
        if (ev.event === 'twin_done') deps.onTwinReplied?.(ev.twin.slug);
        if (ev.event === 'done') {
          const last = ev.data.replies[ev.data.replies.length - 1];
          if (last) deps.onTwinReplied?.(last.twinId ? last.personality : null);
        }
      },
    },
    {
      follow: (_job, _after, onEvent) => {
        push = onEvent;
        return Promise.resolve(() => (push = null));
      },
      budget: deps.budget,
      clock: deps.clock,
      logger: deps.logger,
      idleTimeoutMs: deps.idleTimeoutMs,
    },
  );
  const finished = render.done.then(() => status.clear());
  return {
    handle: (event) => push?.(event),
    finished,
    close(reason) {
      deps.logger.debug({ jobId, reason }, 'slack job renderer closing');
      render.cancel();
    },
  };
}
