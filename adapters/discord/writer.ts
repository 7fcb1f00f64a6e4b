/**
 * Lands one twin's reply on Discord as it grows: one write at a time (the next only after the
 * previous completed), at most one edit per interval per message, every write through the
 * channel's shared budget. Content is read at send time, so edits coalesce whatever arrived while
 * waiting, and the final content always lands: failures are retried with backoff, and 429s are
 * waited out by discord.js's REST queue before the request resolves.
 */
import type { Logger } from 'pino';
import type { ChannelPacer, PacerClock } from './pacer.js';
import type { DiscordMetrics } from './metrics.js';

export interface ReplySink {
  /** Key of the shared write budget (the channel). */
  readonly channelKey: string;
  /** Prefix each message needs to say who speaks ('' under a webhook identity). */
  readonly header: string;
  create(content: string, index: number): Promise<string>;
  edit(id: string, content: string, index: number): Promise<void>;
  remove(id: string, index: number): Promise<void>;
}

export interface WriterResult {
  creates: number;
  edits: number;
  messageIds: string[];
  /** When the first write carrying reply text (not just a status) landed. */
  firstTextVisibleAt: number | null;
  failed: boolean;
}

export interface ReplyWriter {
  /** What the reply should show now; `compose` gets the sink's header. */
  set(compose: (header: string) => string[], final: boolean, hasText: boolean): void;
  readonly landed: Promise<WriterResult>;
}

export interface WriterDeps {
  pacer: ChannelPacer;
  clock: PacerClock;
  intervalMs: number;
  metrics: DiscordMetrics;
  logger: Logger;
  /** Gives up on a reply after this many consecutive failed writes. */
  maxFailures?: number;
  /** Called once, when the first write carrying reply text has landed. */
  onFirstText?: (at: number) => void;
}

interface Segment {
  id: string;
  content: string;
  lastStart: number;
  lastEnd: number;
}

type Op = { kind: 'create' | 'edit' | 'remove'; index: number };

const discordCode = (err: unknown): number | undefined =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : undefined;

export function createReplyWriter(sinkPromise: Promise<ReplySink>, deps: WriterDeps): ReplyWriter {
  let compose: (header: string) => string[] = () => [];
  let final = false;
  let hasText = false;
  let wake: (() => void) | null = null;
  const segments: (Segment | undefined)[] = [];
  const result: WriterResult = { creates: 0, edits: 0, messageIds: [], firstTextVisibleAt: null, failed: false };

  function plan(desired: string[]): Op | null {
    for (let i = 0; i < desired.length; i++) {
      const seg = segments[i];
      if (!seg) return { kind: 'create', index: i };
      if (seg.content !== desired[i]) return { kind: 'edit', index: i };
    }
    // Leftovers (a retried attempt came out shorter) go once the reply is final.
    if (final) for (let i = desired.length; i < segments.length; i++) if (segments[i]) return { kind: 'remove', index: i };
    return null;
  }

  async function perform(sink: ReplySink, op: Op, desired: string[]): Promise<void> {
    const start = deps.clock.now();
    const seg = segments[op.index];
    const content = desired[op.index] ?? '';
    const textNow = hasText;
    if (op.kind === 'create') {
      const id = await sink.create(content, op.index);
      segments[op.index] = { id, content, lastStart: start, lastEnd: deps.clock.now() };
      result.creates += 1;
    } else if (op.kind === 'edit' && seg) {
      await sink.edit(seg.id, content, op.index);
      Object.assign(seg, { content, lastStart: start, lastEnd: deps.clock.now() });
      result.edits += 1;
    } else if (seg) {
      await sink.remove(seg.id, op.index);
      segments[op.index] = undefined;
    }
    deps.metrics.writes.inc({ kind: op.kind === 'remove' ? 'delete' : op.kind });
    if (textNow && op.kind !== 'remove' && result.firstTextVisibleAt === null) {
      result.firstTextVisibleAt = deps.clock.now();
      deps.onFirstText?.(result.firstTextVisibleAt);
    }
  }

  async function run(): Promise<WriterResult> {
    let sink: ReplySink;
    try {
      sink = await sinkPromise;
    } catch (err) {
      deps.logger.error({ err }, 'discord: no way to post this reply');
      return { ...result, failed: true };
    }
    let failures = 0;
    for (;;) {
      const op = plan(compose(sink.header));
      if (!op) {
        if (final) break;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const seg = segments[op.index];
      if (seg && op.kind === 'edit') {
        const readyAt = Math.max(seg.lastStart + deps.intervalMs, seg.lastEnd);
        const wait = readyAt - deps.clock.now();
        if (wait > 0) await deps.clock.sleep(wait);
      }
      await deps.pacer.acquire(sink.channelKey);
      // Read again: more text may have arrived while waiting, and it rides along in this write.
      const desired = compose(sink.header);
      const current = plan(desired);
      if (!current) continue;
      try {
        await perform(sink, current, desired);
        failures = 0;
      } catch (err) {
        failures += 1;
        const code = discordCode(err);
        // Someone deleted our message: post it again rather than lose the reply.
        if (code === 10008 && current.kind !== 'create') segments[current.index] = undefined;
        deps.logger.warn({ err, code, op: current.kind, failures }, 'discord: reply write failed');
        if (failures >= (deps.maxFailures ?? 5) || code === 10015 || code === 50013 || code === 50001) {
          result.failed = true;
          break;
        }
        await deps.clock.sleep(Math.min(8000, 500 * 2 ** failures));
      }
    }
    result.messageIds = segments.filter((s): s is Segment => s !== undefined).map((s) => s.id);
    deps.metrics.editsPerReply.observe(result.edits);
    return result;
  }

  const landed = run();
  return {
    set(next, isFinal, text) {
      compose = next;
      final = final || isFinal;
      hasText = text;
      const w = wake;
      wake = null;
      w?.();
    },
    landed,
  };
}
