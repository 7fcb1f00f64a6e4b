/**
 * The jobs this process is rendering: follows each job's reply stream until it ends, and on
 * shutdown gives replies in flight a grace period to land.
 */
import type { Logger } from 'pino';
import type { ChatService } from '../../../src/core/services.js';
import type { SlackMetrics } from '../metrics.js';
import type { SlackApi } from './api.js';
import { createJobRenderer, type JobRenderer } from './job.js';
import type { NativeStreaming, ReplyTarget } from './reply.js';

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

export function createNativeStreaming(enabled: boolean, deps: { metrics: SlackMetrics; logger: Logger }): NativeStreaming {
  const off = new Set<string>();
  return {
    enabled: (teamId) => enabled && !off.has(teamId),
    disable(teamId, reason) {
      if (off.has(teamId)) return;
      off.add(teamId);
      deps.metrics.streamFallbacks.inc();
      deps.logger.info({ teamId, reason }, 'slack native streaming unavailable; using chat.update for this team');
    },
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export function createRenders(
  settings: RenderSettings,
  deps: { chat: ChatService; api: SlackApi; native: NativeStreaming; logger: Logger },
): Renders {
  const active = new Map<string, { renderer: JobRenderer; unsubscribe: (() => void) | null; ended: boolean }>();

  return {
    async start(jobId, target, onTwinReplied) {
      if (active.has(jobId)) return;
      const logger = deps.logger.child({ jobId });
      const renderer = createJobRenderer(jobId, target, {
        api: deps.api,
        native: deps.native,
        logger,
        ...settings,
        ...(onTwinReplied ? { onTwinReplied } : {}),
      });
      const entry = { renderer, unsubscribe: null as (() => void) | null, ended: false };
      active.set(jobId, entry);
      void renderer.finished.then(() => {
        entry.ended = true;
        entry.unsubscribe?.();
        active.delete(jobId);
      });
      try {
        const unsubscribe = await deps.chat.follow(jobId, '0', (event) => renderer.handle(event));
        // A short job can end before follow() returns.
        if (entry.ended) unsubscribe();
        else entry.unsubscribe = unsubscribe;
      } catch (err) {
        logger.error({ err }, 'could not follow the reply stream');
        renderer.close('follow failed');
      }
    },

    async stopAll(graceMs) {
      const all = () => Promise.all([...active.values()].map((e) => e.renderer.finished));
      await Promise.race([all(), sleep(graceMs)]);
      for (const e of active.values()) e.renderer.close('shutdown');
      // Closing lands what each reply has; give that a moment, then stop following regardless.
      await Promise.race([all(), sleep(Math.min(graceMs, 3000))]);
      for (const e of active.values()) e.unsubscribe?.();
      active.clear();
    },

    get active() {
      return active.size;
    },
  };
}
