/**
 * The platform-neutral rendering core: stream events in, messages on a platform out.
 *
 * An adapter (or any feature that shows a reply stream in a channel: custom twins, roundtables)
 * supplies three things and gets live, throttled, split, always-finished replies:
 *
 * 1. a `ReplySink` per twin: where that twin's messages go (`post`, `edit`, `remove`, optionally
 *    a native append-only `stream`), its `limits` (max characters, edit interval), its `style`
 *    (header, placeholder, status line, empty and failure lines) and `classify(err)` for its
 *    platform's errors (`replace()` too, if its identity can be lost, e.g. a deleted webhook);
 * 2. a `Budget` shared by all replies of the process: `createWindowBudget` (Discord: 5 writes
 *    per 5 s per channel) or `createTokenBudget` (Slack: per-method tiers per team), fed with
 *    `penalise()` from the platform's rate-limit headers;
 * 3. a `Clock` (`realClock` in production, a manual one in tests) and the job's event log
 *    (`follow`, i.e. `ChatService.follow`).
 *
 * Rendering one stream's reply into a channel under a twin identity:
 *
 * ```ts
 * const registry = createFollowerRegistry(realClock);          // once per adapter
 * const render = renderJob(
 *   { jobId, sinkFor: async (twin) => sinkForTwin(channel, twin), onWaiting: (on) => typing.set(on) },
 *   { follow: chat.follow, budget, clock: realClock, logger, idleTimeoutMs: 10 * 60_000 },
 * );
 * registry.track(jobId, render);                                 // drain() on shutdown
 * const { replies } = await render.done;                        // every final text landed
 * ```
 *
 * Lower level: `applyEvent` (the projection of events onto each twin's reply), `composeParts` +
 * `splitMarkdown` (what a reply shows, cut to a limit, fences closed and reopened),
 * `createReplyWriter` (one reply's coalescing write loop), `isTerminal` (does an event end the
 * stream). Nothing here imports a platform SDK.
 */
export { createWindowBudget, type Budget, type WindowBudgetOptions } from './budget.js';
export { realClock, type Clock } from './clock.js';
export { composeParts, STATUS_RESERVE, type PartView, type ReplyStyle } from './compose.js';
export { renderJob, type FollowJob, type JobRender, type RenderDeps, type RenderJobInput, type RenderResult } from './job.js';
export { applyEvent, isVisible, replyKey, type JobView, type ReplyView } from './projection.js';
export { createFollowerRegistry, type FollowerRegistry } from './registry.js';
export type { Failure, FailureKind, NativeStream, ReplySink, WriteOp } from './sink.js';
export { planSplit, renderPiece, splitMarkdown, type SplitPiece } from './split.js';
export { isTerminal } from './terminal.js';
export { createTokenBudget, type TokenBudget, type TokenBudgetOptions } from './token-budget.js';
export { createReplyWriter, type ReplyWriter, type WriterDeps, type WriterResult } from './writer.js';
