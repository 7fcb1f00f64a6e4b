import type { Logger } from 'pino';
import type { SlackMetrics } from './metrics.js';
import type { ResolvedOptions, SlackAdapterDeps } from './options.js';
import type { SlackApi } from './render/api.js';
import type { RenderSettings, Renders } from './render/registry.js';
import type { NativeStreaming } from './render/sink.js';
import type { Budget, Clock } from '../../src/render/index.js';
import type { ThreadMemory } from './inbound/threads.js';

/** What the adapter's handlers share (built once per adapter in index.ts). */
export interface SlackContext {
  options: ResolvedOptions;
  deps: SlackAdapterDeps;
  logger: Logger;
  metrics: SlackMetrics;
  api: SlackApi;
  threads: ThreadMemory;
  renders: Renders;
  /** What renderers outside `renders` (roundtables) need for their sinks. */
  rendering: { native: NativeStreaming; budget: Budget; clock: Clock; settings: RenderSettings };
}
