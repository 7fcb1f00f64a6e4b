import type { Logger } from 'pino';
import type { Platform, Twin, WorkspaceOwner } from '../core/domain.js';
import { AppError, validationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { ChatQueue, MessageStore } from '../core/ports.js';
import type { CatalogService, WorkspaceService } from '../core/services.js';
import type { LoggedRoundtableEvent, RoundtableFeed } from './events.js';
import type { RoundtableState, RoundtableStore } from './ports.js';
import { turnJob } from './turns.js';
import { publicTurn } from './view.js';
import { MAX_TURNS_LIMIT, type Participant, type Roundtable, type Strategy, type Turn } from './types.js';

export interface StartInput {
  owner: WorkspaceOwner;
  /** Who started it (owns it for the HTTP API). */
  userId: string;
  platform: Platform;
  channelId: string;
  topic: string;
  /** Twin ids, slugs or names; default: the workspace's active and on-demand twins, favorites first, at most 4. */
  twins?: string[] | undefined;
  maxTurns?: number | undefined;
  strategy?: Strategy | undefined;
  meta?: Record<string, unknown>;
}

export interface RoundtableServiceOptions {
  maxRunningPerCustomer: number;
}

export interface RoundtableServiceDeps {
  store: RoundtableStore;
  feed: RoundtableFeed;
  queue: ChatQueue;
  catalog: CatalogService;
  workspace: Pick<WorkspaceService, 'list'>;
  messages: MessageStore;
  logger: Logger;
}

const DEFAULT_TURNS = 6;
const DEFAULT_TWINS = 4;

/**
 * What HTTP, Discord and Slack do with roundtables: start one (its first turn queued), add a
 * person's message, stop it, read it, follow its events.
 */
export function createRoundtableService(options: RoundtableServiceOptions, deps: RoundtableServiceDeps) {
  const { store, feed } = deps;

  function visible(twin: Twin, owner: WorkspaceOwner): boolean {
    return twin.ownerCustomerId === null || twin.ownerCustomerId === owner.customerId;
  }

  async function participants(input: StartInput): Promise<Participant[]> {
    let twins: Twin[];
    if (input.twins && input.twins.length > 0) {
      twins = await Promise.all(input.twins.map(async (ref, i) => {
        let t: Twin;
        try {
          t = (await deps.catalog.resolve(ref, input.owner.customerId));
        } catch (err) {
          if (err instanceof AppError && err.code === 'VALIDATION_ERROR') throw validationError(`twins[${i}]`, err.message);
          if (err instanceof AppError) throw new AppError(err.code, `twins[${i}]: ${err.message}`, { field: `twins[${i}]`, userMessage: err.userMessage });
          throw err;
        }
        if (!visible(t, input.owner)) throw new AppError('TWIN_NOT_FOUND', `twins[${i}]: no twin "${ref}"`, { field: `twins[${i}]` });
        return t;
      }));
      const seen = new Set<string>();
      twins.forEach((t, i) => {
        if (seen.has(t.id)) throw validationError(`twins[${i}]`, `${t.name} is listed twice`);
        seen.add(t.id);
      });
    } else {
      twins = (await deps.workspace.list(input.owner))
        .filter((w) => w.participationMode !== 'observer')
        .sort((a, b) => Number(b.isFavorite) - Number(a.isFavorite))
        .slice(0, DEFAULT_TWINS)
        .map((w) => w.twin);
    }
    if (twins.length < 2) throw validationError('twins', `a roundtable needs at least 2 twins (got ${twins.length})`);
    if (twins.length > 8) throw validationError('twins', `a roundtable takes at most 8 twins (got ${twins.length})`);
    return twins.map((t) => ({ twinId: t.id, slug: t.slug, name: t.name }));
  }

  /** The channel's newest stored position: the roundtable's context is what came before it. */
  async function historyEnd(channelId: string): Promise<number> {
    const last = (await deps.messages.history(channelId, null, Number.MAX_SAFE_INTEGER, 1))[0];
    return (last?.seq ?? 0) + 1;
  }

  async function requireOwned(id: string, userId: string | null): Promise<RoundtableState> {
    const state = await store.get(id);
    if (!state || (userId !== null && state.roundtable.userId !== userId)) throw new AppError('ROUNDTABLE_NOT_FOUND', `No roundtable ${id}`);
    return state;
  }

  return {
    async start(input: StartInput): Promise<RoundtableState> {
      const maxTurns = input.maxTurns ?? DEFAULT_TURNS;
      if (!Number.isInteger(maxTurns) || maxTurns < 1 || maxTurns > MAX_TURNS_LIMIT) throw validationError('max_turns', `must be 1-${MAX_TURNS_LIMIT}`);
      const twins = await participants(input);
      const rt = await store.create(
        {
          id: newId(),
          channelId: input.channelId,
          customerId: input.owner.customerId,
          userId: input.userId,
          platform: input.platform,
          topic: input.topic,
          twins,
          maxTurns,
          strategy: input.strategy ?? 'addressed',
          historySeq: await historyEnd(input.channelId),
          meta: input.meta ?? {},
        },
        { maxRunningPerCustomer: options.maxRunningPerCustomer },
      );
      await deps.queue.enqueue(turnJob(rt.id, 1));
      return (await store.get(rt.id))!;
    },

    /** `userId` null: any roundtable (platform adapters act for the channel, not one user). */
    get: (id: string, userId: string | null) => requireOwned(id, userId),

    list: (userId: string, channelId?: string) => store.list({ userId, channelId }),

    runningIn: (channelId: string) => store.runningIn(channelId),

    /** A person joins in: stored in the transcript and the channel's history; the next speaker answers. */
    async addMessage(id: string, userId: string | null, author: { id: string; name: string }, content: string, key = newId()): Promise<void> {
      const state = await requireOwned(id, userId);
      const rt = state.roundtable;
      const added = rt.status === 'running' ? await store.addMessage(id, { id: key, authorId: author.id, author: author.name, content }) : null;
      if (!added) throw new AppError('ROUNDTABLE_FINISHED', `Roundtable ${id} has ended (${rt.status})`);
      await deps.messages.appendUser({ channelId: rt.channelId, threadId: null, jobId: `rtmsg-${key}`, authorId: author.id, authorName: author.name, content });
      await feed.publish(id, { event: 'message', data: { author: author.name, content, timestamp: added.at } });
    },

    /** No new turn starts; one streaming completes and announces the end. Idempotent. */
    async stop(id: string, userId: string | null): Promise<RoundtableState> {
      await requireOwned(id, userId);
      const ended = await store.end(id, 'stopped', 'stopped');
      if (ended.changed && !ended.turnInFlight) {
        const r = ended.state.roundtable;
        await feed.publish(id, {
          event: 'done',
          data: { roundtableId: id, status: r.status, stopped_by: r.stoppedBy, turns: ended.state.turns.map(publicTurn) },
        });
      }
      return ended.state;
    },

    /** The last turn's choice in a channel's newest roundtable (`/twin why`). */
    async lastTurn(channelId: string): Promise<{ roundtable: Roundtable; turn: Turn } | null> {
      const newest = (await store.list({ channelId }))[0];
      const state = newest ? await store.get(newest.id) : null;
      const turn = state?.turns[state.turns.length - 1];
      return state && turn ? { roundtable: state.roundtable, turn } : null;
    },

    follow: (id: string, afterId: string, onEvent: (e: LoggedRoundtableEvent) => void) => feed.follow(id, afterId, onEvent),
    streamExists: (id: string) => feed.exists(id),
  };
}

export type RoundtableService = ReturnType<typeof createRoundtableService>;
