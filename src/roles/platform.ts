import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { PlatformServices } from '../core/services.js';

/** What a platform adapter (Discord, Slack) is built with by its role. */
export interface PlatformAdapterDeps extends PlatformServices {
  logger: Logger;
  metrics: Registry;
}
