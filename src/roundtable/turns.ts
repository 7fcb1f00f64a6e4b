import type { Logger } from 'pino';
import type { Twin } from '../core/domain.js';
import { AppError } from '../core/errors.js';
import { JOB_VERSION, type RoundtableTurnJob } from '../core/messages.js';
import type { ModelProvider } from '../core/model.js';
import type { ChatQueue, MessageStore, TwinCatalog } from '../core/ports.js';
import { answerTwin } from '../engine/answer.js';
import { JobPublisher } from '../engine/publisher.js';
import type { Tool } from '../engine/tools.js';
import type { RoundtableFeed } from './events.js';
import type { RoundtableState, RoundtableStore } from './ports.js';
import { buildTurnPrompt } from './prompt.js';
import { chooseByModel, selectSpeaker, type Selection } from './select.js';
import { transcriptOf, type Roundtable, type Turn } from './types.js';
import { publicTurn } from './view.js';

export interface TurnRunContext {
  run: number;
  lastAttempt: boolean;
  logger: Logger;
  signal: AbortSignal;
}

export interface RoundtableTurnOptions {
  historyLimit: number;
  maxTokens: number;
  maxToolRounds: number;
  /** Tokens of channel history and transcript in one turn's prompt. */
  contextTokens: number;
}

export interface RoundtableTurnDeps {
  store: RoundtableStore;
  feed: RoundtableFeed;
  catalog: TwinCatalog;
  messages: MessageStore;
  queue: ChatQueue;
  providerFor(twin: Twin): ModelProvider;
  /** Asked who speaks next under the `model` strategy. */
  moderator: ModelProvider;
  tools: Tool[];
  logger: Logger;
}

/** BullMQ refuses ':' in custom ids (bar a legacy three-part form), so `rt:<id>:<turn>` is spelled with '-'. */
export function turnJobId(roundtableId: string, turn: number): string {
  return `rt-${roundtableId}-${turn}`;
}

export function turnJob(roundtableId: string, turn: number): RoundtableTurnJob {
  return { v: JOB_VERSION, kind: 'roundtable', jobId: turnJobId(roundtableId, turn), roundtableId, turn, enqueuedAt: new Date().toISOString() };
}

/** The turn that should be queued for a running roundtable: the unfinished one, or the next. */
export function currentTurn(state: RoundtableState): number | null {
  if (state.roundtable.status !== 'running') return null;
  const last = state.turns[state.turns.length - 1];
  if (!last) return 1;
  if (last.reply === null) return last.turn;
  return last.turn < state.roundtable.maxTurns ? last.turn + 1 : null;
}

/**
 * One roundtable turn as one queued job: pick the speaker (stored once), stream the twin's
 * reply, store it once, and in that same store transaction decide what follows; then enqueue
 * the next turn under its fixed job id, so a retry or a racing worker enqueues nothing new.
 */
export function createRoundtableTurns(options: RoundtableTurnOptions, deps: RoundtableTurnDeps) {
  const { store, feed } = deps;

  async function announceEnd(rt: Roundtable): Promise<void> {
    const state = await store.get(rt.id);
    if (!state) return;
    const r = state.roundtable;
    await feed.publish(r.id, { event: 'done', data: { roundtableId: r.id, status: r.status, stopped_by: r.stoppedBy, turns: state.turns.map(publicTurn) } });
  }

  async function choose(state: RoundtableState, signal: AbortSignal): Promise<Selection> {
    const { roundtable: rt } = state;
    const transcript = transcriptOf(state.turns, state.messages);
    if (rt.strategy === 'model') return chooseByModel({ topic: rt.topic, participants: rt.twins, transcript, signal }, deps.moderator);
    return selectSpeaker(rt.strategy, rt.twins, transcript);
  }

  /** The turn row for this job: found, or chosen and started now; null when there is none to play. */
  async function startOrResume(job: RoundtableTurnJob, state: RoundtableState, ctx: TurnRunContext): Promise<{ turn: Turn; fresh: boolean } | null> {
    const existing = state.turns.find((t) => t.turn === job.turn);
    if (existing) return { turn: existing, fresh: false };
    if (state.roundtable.status !== 'running') return null;
    const choice = await choose(state, ctx.signal);
    if (choice.kind === 'nobody') {
      const ended = await store.end(job.roundtableId, 'done', 'nobody');
      if (ended.changed) await announceEnd(ended.state.roundtable);
      return null;
    }
    const twin = state.roundtable.twins.find((t) => t.twinId === choice.twinId)!;
    const started = await store.startTurn(job.roundtableId, { turn: job.turn, twinId: twin.twinId, name: twin.name, reason: choice.reason });
    if (!started) return null;
    if (started.created) {
      await feed.publish(job.roundtableId, {
        event: 'turn_start',
        data: { turn: job.turn, twinId: twin.twinId, personality: twin.slug, name: twin.name, reason: started.turn.reason },
      });
    }
    return { turn: started.turn, fresh: started.created };
  }

  async function generate(state: RoundtableState, turn: Turn, ctx: TurnRunContext): Promise<string> {
    const rt = state.roundtable;
    const twin = (await deps.catalog.get(turn.twinId));
    if (!twin) throw new AppError('TWIN_NOT_FOUND', `twin ${turn.twinId} is no longer in the catalog`);
    const history = (await deps.messages.history(rt.channelId, null, rt.historySeq, options.historyLimit));
    // Turns before this one, and everything people said up to now (also during this turn's retry).
    const earlier = state.turns.filter((t) => t.turn < turn.turn);
    const { system, messages } = buildTurnPrompt({
      twin,
      platform: rt.platform,
      topic: rt.topic,
      participants: rt.twins,
      transcript: transcriptOf(earlier, state.messages),
      history,
      turn: turn.turn,
      maxTurns: rt.maxTurns,
      budgetTokens: options.contextTokens,
    });
    const publisher = new JobPublisher(feed.turnStream(rt.id, turn.turn, twin), turnJobId(rt.id, turn.turn));
    try {
      const result = await answerTwin(
        {
          twin,
          ref: { id: twin.id, slug: twin.slug, name: twin.name, avatarUrl: twin.avatarUrl },
          entry: { twinId: twin.id, slug: twin.slug, name: twin.name, rule: 'explicit', reason: turn.reason },
          system,
          messages,
          model: null,
          webSearch: 'off',
          maxTokens: options.maxTokens,
          maxToolRounds: options.maxToolRounds,
          channelId: rt.channelId,
          messageId: null,
          signal: ctx.signal,
        },
        { provider: deps.providerFor(twin), tools: deps.tools, publisher, logger: ctx.logger },
      );
      await publisher.flush();
      return result.text;
    } catch (err) {
      await publisher.flush().catch(() => undefined);
      throw err;
    }
  }

  /** After a turn is stored: what the store decided, carried out (idempotently). */
  async function advance(rt: Roundtable, turn: Turn, outcome: { next: { turn: number } | null; ended: boolean; announce: boolean }): Promise<void> {
    if (outcome.next) {
      await deps.queue.enqueue(turnJob(rt.id, outcome.next.turn));
      return;
    }
    if (outcome.ended || outcome.announce) await announceEnd(rt);
    deps.logger.debug({ roundtableId: rt.id, turn: turn.turn }, 'roundtable ended');
  }

  async function storeReply(rt: Roundtable, turn: Turn, twinSlug: string, reply: string): Promise<void> {
    // The channel's history, like any reply: idempotent per (job, twin).
    (await deps.messages.appendReply({
      channelId: rt.channelId,
      threadId: null,
      jobId: turnJobId(rt.id, turn.turn),
      twinId: turn.twinId,
      authorName: turn.name,
      content: reply,
      meta: { roundtable: { id: rt.id, turn: turn.turn, reason: turn.reason }, record: { personality: twinSlug } },
    }));
  }

  return {
    async process(job: RoundtableTurnJob, ctx: TurnRunContext): Promise<void> {
      const state = await store.get(job.roundtableId);
      if (!state) return void ctx.logger.warn({ roundtableId: job.roundtableId }, 'turn of an unknown roundtable dropped');
      const found = await startOrResume(job, state, ctx);
      if (!found) return;
      const { turn } = found;
      const rt = state.roundtable;
      const slug = rt.twins.find((t) => t.twinId === turn.twinId)?.slug ?? turn.twinId;
      if (ctx.run > 1 && !found.fresh) await feed.publish(rt.id, { event: 'reset', data: { turn: turn.turn, attempt: ctx.run } });
      let reply = turn.reply;
      let created = false;
      let decided: { next: { turn: number } | null; ended: boolean; status: string };
      if (reply === null) {
        const fresh = await store.get(rt.id);
        const text = await generate(fresh ?? state, turn, ctx);
        const result = await store.finishTurn(rt.id, turn.turn, text);
        const stored = result.state.turns.find((t) => t.turn === turn.turn)!;
        reply = stored.reply ?? text;
        created = result.created;
        decided = { next: result.next, ended: result.ended, status: result.state.roundtable.status };
        // A racing worker stored its reply first: show that one, not ours.
        if (!created) {
          await feed.publish(rt.id, { event: 'reset', data: { turn: turn.turn, attempt: ctx.run } });
          await feed.publish(rt.id, { event: 'text_delta', data: { turn: turn.turn, twinId: turn.twinId, personality: slug, content: reply, accumulated_length: reply.length } });
        }
      } else {
        // An earlier attempt stored this turn and died before finishing the step: replay, then advance.
        await feed.publish(rt.id, { event: 'text_delta', data: { turn: turn.turn, twinId: turn.twinId, personality: slug, content: reply, accumulated_length: reply.length } });
        const again = await store.finishTurn(rt.id, turn.turn, reply);
        decided = { next: again.next, ended: again.ended, status: again.state.roundtable.status };
      }
      await storeReply(rt, turn, slug, reply);
      await feed.publish(rt.id, { event: 'turn_done', data: { turn: turn.turn, twinId: turn.twinId, personality: slug, reply } });
      // Stopped while this turn streamed: the stop left the announcement to this turn.
      const announce = !decided.next && !decided.ended && decided.status !== 'running' && (created || turn.reply !== null);
      await advance(rt, turn, { next: decided.next, ended: decided.ended, announce });
    },

    /** The turn failed for good: the roundtable ends `failed`, with the turn's error shown. */
    async failed(job: RoundtableTurnJob, error: AppError): Promise<void> {
      const ended = await store.end(job.roundtableId, 'failed', 'error');
      if (!ended.changed && !ended.turnInFlight) return;
      await feed.publish(job.roundtableId, { event: 'error', data: { message: error.userMessage, turn: job.turn } });
      await announceEnd(ended.state.roundtable);
    },

    /** After a restart: every running roundtable gets its current turn queued (a no-op when it is). */
    async resume(): Promise<number> {
      let n = 0;
      for (const rt of await store.running()) {
        const state = await store.get(rt.id);
        const turn = state ? currentTurn(state) : null;
        if (turn === null) continue;
        // Rare (a restart), so worth the lookup: the hot path enqueues without one.
        const job = turnJob(rt.id, turn);
        const queued = await deps.queue.has(job.jobId);
        await deps.queue.enqueue(job);
        if (!queued) n++;
      }
      return n;
    },
  };
}

export type RoundtableTurns = ReturnType<typeof createRoundtableTurns>;
