import type { Logger } from 'pino';
import type { SlackMetrics } from './metrics.js';
import type { ResolvedOptions, SlackAdapterDeps } from './options.js';
import type { SlackApi } from './render/api.js';
import type { Renders } from './render/registry.js';
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
}
