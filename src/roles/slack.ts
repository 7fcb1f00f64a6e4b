import type { Core } from './core.js';
import { platformDeps, type PlatformRole } from './platform.js';

/**
 * The slack role: Socket Mode or the Events API receiver (served on the service's HTTP port) and
 * the adapter. @slack/bolt is loaded only when this role runs.
 */
export async function startSlack(core: Core): Promise<PlatformRole> {
  const { config } = core;
  if (!config.SLACK_BOT_TOKEN) return { routes: [], stop: async () => undefined };
  const { createSlackAdapter } = await import('../../adapters/slack/index.js');
  const slack = createSlackAdapter(
    {
      botToken: config.SLACK_BOT_TOKEN,
      signingSecret: config.SLACK_SIGNING_SECRET,
      appToken: config.SLACK_APP_TOKEN,
      apiUrl: config.SLACK_API_URL,
      updateIntervalMs: config.SLACK_UPDATE_INTERVAL_MS,
    },
    platformDeps(core, 'slack'),
  );
  await slack.start();
  const { slackRoute } = await import('../../adapters/slack/route.js');
  return { routes: [slackRoute(slack)], stop: () => slack.stop() };
}
