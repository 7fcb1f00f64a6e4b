/**
 * Lands one reply on a platform as it grows: one write at a time (the next only after the
 * previous completed), at most one content change per interval per message, every call through
 * the shared Budget. Content is read at send time, so a slow or rate-limited platform skips
 * intermediate versions instead of queueing them, and the final version always goes out.
 * Parts grow by native stream appends where the sink has them; anything an append cannot
 * express (a reset, a moved cut, the end) stops the stream and continues by edits.
 */
import type { Logger } from 'pino';
import type { Budget } from './budget.js';
import type { Clock } from './clock.js';
import { composeParts, type PartView } from './compose.js';
import type { ReplyView } from './projection.js';
import type { Failure, ReplySink, WriteOp } from './sink.js';

export interface WriterResult {
  creates: number;
  edits: number;
  messageIds: string[];
  /** When the first write carrying reply text (not just a placeholder) landed. */
  firstTextVisibleAt: number | null;
  failed: boolean;
}

export interface ReplyWriter {
  /** What the reply should show now (a snapshot is taken). */
  set(view: ReplyView): void;
  readonly landed: Promise<WriterResult>;
}

export interface WriterDeps {
  budget: Budget;
  clock: Clock;
  logger: Logger;
  /** Consecutive failed writes (network, platform errors) before giving up. */
  maxFailures?: number | undefined;
  onWrite?: ((op: WriteOp) => void) | undefined;
  /** Once, when the first write carrying reply text has landed. */
  onFirstText?: ((at: number) => void) | undefined;
}

interface Segment {
  id: string;
  /** What the message shows: the streamed text while streaming, else the posted/edited content. */
  shown: string;
  streaming: boolean;
  lastStart: number;
  lastEnd: number;
}

interface Op {
  kind: WriteOp;
  index: number;
}

const MAX_RATE_LIMITED = 30;
const MAX_RESPLITS = 8;
const MAX_REPLACEMENTS = 2;
const MIN_CHARS = 100;

export function createReplyWriter(sinkPromise: Promise<ReplySink>, deps: WriterDeps): ReplyWriter {
  const { clock, budget, logger } = deps;
  let view: ReplyView | null = null;
  let wake: (() => void) | null = null;
  let noStream = false;
  let maxChars = 0;
  let segments: (Segment | undefined)[] = [];
  const result: WriterResult = { creates: 0, edits: 0, messageIds: [], firstTextVisibleAt: null, failed: false };

  const desired = (sink: ReplySink): PartView[] => (view ? composeParts(view, sink.style, maxChars) : []);
  const final = (): boolean => view?.final ?? false;

  function plan(sink: ReplySink, parts: PartView[]): Op | null {
    const restricted = budget.restricted?.() === true && !final();
    for (let i = 0; i < parts.length; i += 1) {
      const part = parts[i]!;
      const seg = segments[i];
      const closing = final() || i < parts.length - 1;
      if (!seg) return { kind: sink.stream && !noStream && !closing && sink.stream.available() ? 'start' : 'post', index: i };
      if (seg.streaming) {
        if (part.text !== seg.shown) {
          if (!part.text.startsWith(seg.shown)) return { kind: 'stop', index: i };
          if (!restricted) return { kind: 'append', index: i };
        }
        if (closing) return { kind: 'stop', index: i };
        continue;
      }
      if (seg.shown !== part.shown && !restricted) return { kind: 'edit', index: i };
    }
    // Leftovers (a retried attempt came out shorter) go once the reply is final.
    if (final()) for (let i = parts.length; i < segments.length; i += 1) if (segments[i]) return { kind: 'remove', index: i };
    return null;
  }

  async function perform(sink: ReplySink, op: Op, part: PartView | undefined): Promise<void> {
    const start = clock.now();
    const seg = segments[op.index];
    const hasText = view !== null && (view.text !== '' || view.error !== null || view.final);
    switch (op.kind) {
      case 'post': {
        const id = await sink.post(part!.shown, op.index);
        segments[op.index] = { id, shown: part!.shown, streaming: false, lastStart: start, lastEnd: clock.now() };
        result.creates += 1;
        break;
      }
      case 'start': {
        const id = await sink.stream!.start(part!.text, op.index);
        segments[op.index] = { id, shown: part!.text, streaming: true, lastStart: start, lastEnd: clock.now() };
        result.creates += 1;
        break;
      }
      case 'append':
        await sink.stream!.append(seg!.id, part!.text.slice(seg!.shown.length), op.index);
        Object.assign(seg!, { shown: part!.text, lastStart: start, lastEnd: clock.now() });
        result.edits += 1;
        break;
      case 'stop':
        await sink.stream!.stop(seg!.id, op.index);
        seg!.streaming = false;
        break;
      case 'edit':
        await sink.edit(seg!.id, part!.shown, op.index);
        Object.assign(seg!, { shown: part!.shown, lastStart: start, lastEnd: clock.now() });
        result.edits += 1;
        break;
      case 'remove':
        await sink.remove(seg!.id, op.index);
        segments[op.index] = undefined;
        break;
    }
    deps.onWrite?.(op.kind);
    if (hasText && op.kind !== 'remove' && op.kind !== 'stop' && result.firstTextVisibleAt === null) {
      result.firstTextVisibleAt = clock.now();
      deps.onFirstText?.(result.firstTextVisibleAt);
    }
  }

  async function run(): Promise<WriterResult> {
    let sink: ReplySink;
    try {
      sink = await sinkPromise;
    } catch (err) {
      logger.error({ err }, 'render: no way to post this reply');
      return { ...result, failed: true };
    }
    maxChars = sink.limits.maxChars;
    let failures = 0;
    let limited = 0;
    let resplits = 0;
    let replacements = 0;
    for (;;) {
      const op = plan(sink, desired(sink));
      if (!op) {
        if (final()) break;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const seg = segments[op.index];
      if (seg && (op.kind === 'edit' || op.kind === 'append')) {
        const wait = Math.max(seg.lastStart + sink.limits.editIntervalMs, seg.lastEnd) - clock.now();
        if (wait > 0) await clock.sleep(wait);
      }
      await budget.acquire(sink.budgetKey, op.kind, { essential: op.kind === 'post' || op.kind === 'start' || final() });
      // Read again: more text may have arrived while waiting, and it rides along in this write.
      const parts = desired(sink);
      const current = plan(sink, parts);
      if (!current) continue;
      try {
        await perform(sink, current, parts[current.index]);
        failures = 0;
        limited = 0;
        continue;
      } catch (err) {
        const f: Failure = sink.classify(err);
        logger.warn({ err, code: f.code, kind: f.kind, op: current.kind, failures }, 'render: reply write failed');
        const s = segments[current.index];
        let giveUp = false;
        switch (f.kind) {
          case 'ratelimited':
            budget.penalise(sink.budgetKey, clock.now() + (f.retryAfterMs ?? 1000), current.kind);
            giveUp = (limited += 1) > MAX_RATE_LIMITED;
            break;
          case 'gone':
            segments[current.index] = undefined;
            giveUp = (failures += 1) > (deps.maxFailures ?? 6);
            break;
          case 'stream_closed':
            if (s) s.streaming = false;
            else noStream = true;
            break;
          case 'unavailable':
            sink.stream?.disable(String(f.code ?? 'unavailable'));
            noStream = true;
            if (s) s.streaming = false;
            break;
          case 'too_long': {
            const sent = parts[current.index]?.shown.length ?? maxChars;
            maxChars = Math.max(MIN_CHARS, Math.min(maxChars, Math.floor(sent * 0.6)));
            giveUp = (resplits += 1) > MAX_RESPLITS || sent <= MIN_CHARS;
            break;
          }
          case 'lost': {
            const next = replacements < MAX_REPLACEMENTS ? await sink.replace?.().catch(() => null) : null;
            replacements += 1;
            if (next) {
              // The old messages cannot be edited any more: the reply is posted anew in full.
              logger.info({ code: f.code }, 'render: reply identity lost; continuing with a replacement');
              sink = next;
              maxChars = Math.min(maxChars, sink.limits.maxChars);
              segments = [];
            } else giveUp = true;
            break;
          }
          case 'retry':
            giveUp = (failures += 1) > (deps.maxFailures ?? 6);
            if (!giveUp) await clock.sleep(Math.min(5000, 250 * 2 ** failures));
            break;
          case 'fatal':
            giveUp = true;
            break;
        }
        if (giveUp) {
          result.failed = true;
          break;
        }
      }
    }
    result.messageIds = segments.filter((s): s is Segment => s !== undefined).map((s) => s.id);
    return result;
  }

  const landed = run();
  return {
    set(next) {
      // Once final, a reply only changes by a reset (the projection guarantees it).
      view = { ...next };
      const w = wake;
      wake = null;
      w?.();
    },
    landed,
  };
}
