import type { FastifyInstance } from 'fastify';
import type { Core } from './app.js';
import { createTwinFiles } from './catalog/twin-files.js';
import type { Role } from './config.js';

type Route = (app: FastifyInstance) => void;
/**
 * The discord and slack roles. Adapters are loaded only when their role runs, so a deployment
 * without Discord never loads discord.js.
 */
export async function startPlatformRoles(core: Core, roles: Set<Role>): Promise<{ routes: Route[]; stop(): Promise<void> }> {
  const { config } = core;
  const stops: (() => Promise<void>)[] = [];
  const routes: Route[] = [];
  const deps = {
    chat: core.chat,
    workspace: core.workspace,
    catalog: core.catalog,
    channels: core.store.channels,
    twinFiles: createTwinFiles({ attachments: core.attachmentPolicy }, { twins: core.customTwins }),
    metrics: core.metrics,
    roundtables: core.roundtables,
  };

  if (roles.has('discord') && config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID) {
    const { createDiscordAdapter } = await import('../adapters/discord/index.js');
    const discord = createDiscordAdapter(
      {
        token: config.DISCORD_TOKEN,
        applicationId: config.DISCORD_APPLICATION_ID,
        apiUrl: config.DISCORD_API_URL,
        editIntervalMs: config.DISCORD_EDIT_INTERVAL_MS,
        manageCommandsPermission: config.DISCORD_MANAGE_PERMISSION,
        shards: config.DISCORD_SHARDS === 'auto' ? 'auto' : config.DISCORD_SHARDS ? { count: config.DISCORD_SHARDS, ids: config.DISCORD_SHARD_IDS } : undefined,
      },
      { ...deps, logger: core.logger.child({ role: 'discord' }) },
    );
    await discord.start();
    stops.push(() => discord.stop());
  }

  if (roles.has('slack') && config.SLACK_BOT_TOKEN) {
    const { createSlackAdapter } = await import('../adapters/slack/index.js');
    const slack = createSlackAdapter(
      {
        botToken: config.SLACK_BOT_TOKEN,
        signingSecret: config.SLACK_SIGNING_SECRET,
        appToken: config.SLACK_APP_TOKEN,
        apiUrl: config.SLACK_API_URL,
        updateIntervalMs: config.SLACK_UPDATE_INTERVAL_MS,
      },
      { ...deps, logger: core.logger.child({ role: 'slack' }) },
    );
    await slack.start();
    stops.push(() => slack.stop());
    const { slackRoute } = await import('../adapters/slack/route.js');
    routes.push(slackRoute(slack));
  }

  return {
    routes,
    async stop() {
      for (const s of stops.reverse()) await s();
    },
  };
}
