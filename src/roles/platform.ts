import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createTwinFiles } from '../catalog/twin-files.js';
import type { PlatformServices } from '../core/services.js';
import type { RoundtableService } from '../roundtable/service.js';
import type { Core } from './core.js';

/** What a platform adapter (Discord, Slack) is built with by its role. */
export interface PlatformAdapterDeps extends PlatformServices {
  logger: Logger;
  metrics: Registry;
}

/** A running platform role: how to stop it, and any routes it serves on the service's port. */
export interface PlatformRole {
  routes: ((app: FastifyInstance) => void)[];
  stop(): Promise<void>;
}

/** The services every platform adapter is given, the same for each. */
export function platformDeps(core: Core, role: 'discord' | 'slack'): PlatformAdapterDeps & { roundtables: RoundtableService } {
  return {
    chat: core.chat,
    workspace: core.workspace,
    catalog: core.catalog,
    channels: core.store.channels,
    twinFiles: createTwinFiles({ attachments: core.attachmentPolicy }, { twins: core.customTwins }),
    metrics: core.metrics,
    roundtables: core.roundtables,
    logger: core.logger.child({ role }),
  };
}
