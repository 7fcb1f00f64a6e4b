/**
 * The jobs this process is rendering (the render core's follower registry): follows each job's
 * reply stream into its renderer until it ends, and on shutdown gives replies in flight a grace
 * period to land. Also the per-team memory of native streaming, bounded.
 */
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { ChatService } from '../../../src/core/services.js';
import { createFollowerRegistry, type Budget, type Clock } from '../../../src/render/index.js';
import type { SlackMetrics } from '../metrics.js';
import type { SlackApi } from './api.js';
import { createJobRenderer } from './job.js';
import type { NativeStreaming, ReplyTarget } from './sink.js';

export interface RenderSettings {
  maxChars: number;
  intervalMs: number;
  idleTimeoutMs: number;
}

export interface Renders {
  /** Starts following `jobId` and rendering it into `target`; resolves once the follow is set up. */
  start(jobId: string, target: ReplyTarget, onTwinReplied?: (slug: string | null) => void): Promise<void>;
  /** Waits up to `graceMs` for renders in flight, then closes the rest. */
  stopAll(graceMs: number): Promise<void>;
  readonly active: number;
}

const MAX_TEAMS = 10_000;

export function createNativeStreaming(enabled: boolean, deps: { metrics: SlackMetrics; logger: Logger }): NativeStreaming {
  const off = new LRUCache<string, true>({ max: MAX_TEAMS });
  return {
    enabled: (teamId) => enabled && !off.has(teamId),
    disable(teamId, reason) {
      if (off.has(teamId)) return;
      off.set(teamId, true);
      deps.metrics.streamFallbacks.inc();
      deps.logger.info({ teamId, reason }, 'slack native streaming unavailable; using chat.update for this team');
    },
  };
}

export function createRenders(
  settings: RenderSettings,
  deps: { chat: ChatService; api: SlackApi; native: NativeStreaming; budget: Budget; clock: Clock; logger: Logger },
): Renders {
  const registry = createFollowerRegistry(deps.clock);
  const follows = new Set<() => void>();

  return {
    async start(jobId, target, onTwinReplied) {
      if (registry.has(jobId)) return;
      const logger = deps.logger.child({ jobId });
      const renderer = createJobRenderer(jobId, target, { ...deps, logger, ...settings, onTwinReplied });
      let ended = false;
      let unsubscribe: (() => void) | null = null;
      registry.track(jobId, {
        done: renderer.finished.then(() => ({ replies: [], timedOut: false })),
        cancel: () => renderer.close('shutdown'),
      });
      void renderer.finished.then(() => {
        ended = true;
        if (unsubscribe) follows.delete(unsubscribe);
        unsubscribe?.();
      });
      try {
        const stop = await deps.chat.follow(jobId, '0', (event) => renderer.handle(event));
        // A short job can end before follow() returns.
        if (ended) stop();
        else {
          unsubscribe = stop;
          follows.add(stop);
        }
      } catch (err) {
        logger.error({ err }, 'could not follow the reply stream');
        renderer.close('follow failed');
      }
    },

    async stopAll(graceMs) {
      await registry.drain(graceMs, Math.min(graceMs, 3000));
      for (const stop of follows) stop();
      follows.clear();
    },

    get active() {
      return registry.size;
    },
  };
}
