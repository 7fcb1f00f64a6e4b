import type { Core } from './core.js';
import { platformDeps, type PlatformRole } from './platform.js';

/**
 * The discord role: the gateway connection (or this process's shards of it) and the adapter.
 * discord.js is loaded only when this role runs.
 */
export async function startDiscord(core: Core): Promise<PlatformRole> {
  const { config } = core;
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) return { routes: [], stop: async () => undefined };
  const { createDiscordAdapter } = await import('../../adapters/discord/index.js');
  const discord = createDiscordAdapter(
    {
      token: config.DISCORD_TOKEN,
      applicationId: config.DISCORD_APPLICATION_ID,
      apiUrl: config.DISCORD_API_URL,
      editIntervalMs: config.DISCORD_EDIT_INTERVAL_MS,
      invalidRequestLimit: config.DISCORD_INVALID_REQUEST_LIMIT,
      manageCommandsPermission: config.DISCORD_MANAGE_PERMISSION,
      shards: config.DISCORD_SHARDS === 'auto' ? 'auto' : config.DISCORD_SHARDS ? { count: config.DISCORD_SHARDS, ids: config.DISCORD_SHARD_IDS } : undefined,
    },
    platformDeps(core, 'discord'),
  );
  await discord.start();
  return { routes: [], stop: () => discord.stop() };
}
