/**
 * The Discord role: a discord.js client whose slash commands manage the workspace and whose
 * channels get twin replies streamed as message edits through the render core (src/render).
 * `apiUrl` is the only address it needs: the gateway comes from that server's
 * `GET /gateway/bot`, so one setting points it at a fake.
 *
 * Shape (the same for every platform): inbound/ (platform events → jobs), commands/ (slash
 * commands), render/ (sinks, identity webhooks, rate limits), identity.ts (platform ids → ids).
 */
import { Events, type Client } from 'discord.js';
import { createFollowerRegistry, createWindowBudget, realClock, type Budget, type RenderDeps } from '../../src/render/index.js';
import { buildClient } from './client.js';
import { createInteractionHandler } from './commands/on-interaction.js';
import { resolveOptions, type AdapterContext, type DiscordAdapterDeps, type DiscordAdapterOptions, type ResolvedOptions } from './context.js';
import { createMessageHandler } from './inbound/on-message.js';
import { createDiscordMetrics } from './metrics.js';
import { createInvalidRequestGuard } from './render/guard.js';
import { observeRateLimits } from './render/rate-limits.js';
import { createWebhookCache } from './render/webhooks.js';

export { commandDefinitions, registerCommands, type RegisterOptions } from './commands/definitions.js';
export type { DiscordAdapterDeps, DiscordAdapterOptions, ManagePermission } from './context.js';

export interface DiscordAdapter {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How long shutdown waits for replies in flight to land their final text. */
const DRAIN_MS = 5000;
const READY_TIMEOUT_MS = 30_000;

export function createDiscordAdapter(options: DiscordAdapterOptions, deps: DiscordAdapterDeps): DiscordAdapter {
  const o: ResolvedOptions = resolveOptions(options);
  const logger = deps.logger.child({ role: 'discord' });
  const clock = realClock;
  const metrics = createDiscordMetrics(deps.metrics);
  const guard = createInvalidRequestGuard(
    { limit: o.invalidRequestLimit },
    { clock, logger, onCount: (n) => metrics.invalidRequests.set(n) },
  );
  const pacer = createWindowBudget(o.channelBudget, clock);
  // Edits are what a guarded process gives up first; final texts still land.
  const budget: Budget = { acquire: pacer.acquire, penalise: pacer.penalise, restricted: () => guard.restricted() };
  const jobs = createFollowerRegistry(clock);
  const renderDeps: RenderDeps = {
    follow: (jobId, afterId, onEvent) => deps.chat.follow(jobId, afterId, onEvent),
    budget,
    clock,
    logger,
    idleTimeoutMs: o.followTimeoutMs,
    onWrite: (op) => metrics.writes.inc({ kind: op === 'post' ? 'create' : op === 'remove' ? 'delete' : op }),
    onFirstVisible: (ms) => metrics.firstVisibleSeconds.observe(ms / 1000),
    onReplyLanded: (result) => metrics.editsPerReply.observe(result.edits),
  };
  let client: Client | null = null;

  function build(withContent: boolean): Client {
    const c = buildClient(o, withContent);
    const webhooks = createWebhookCache(c, { logger, clock });
    const ctx: AdapterContext = { client: c, options: o, deps, logger, metrics, budget, clock, webhooks, guard, jobs, renderDeps };
    const onMessage = createMessageHandler(ctx);
    const onInteraction = createInteractionHandler(ctx);
    c.on(Events.MessageCreate, (m) => {
      onMessage(m).catch((err: unknown) => logger.error({ err, discordMessageId: m.id }, 'discord: message handler failed'));
    });
    c.on(Events.InteractionCreate, (i) => void onInteraction(i));
    c.on(Events.Error, (err) => logger.error({ err }, 'discord: client error'));
    c.on(Events.ShardDisconnect, (event, shard) => logger.warn({ code: event.code, shard }, 'discord: gateway disconnected'));
    observeRateLimits(c, { budget, webhooks, guard, clock, metrics, logger });
    return c;
  }

  async function login(withContent: boolean): Promise<Client> {
    const c = build(withContent);
    client = c;
    let timer: NodeJS.Timeout | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      c.once(Events.ClientReady, () => resolve());
      timer = setTimeout(() => reject(new Error('discord: gateway not ready in time')), READY_TIMEOUT_MS);
    });
    try {
      await c.login(o.token);
      await ready;
      return c;
    } catch (err) {
      await c.destroy().catch(() => undefined);
      client = null;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async start() {
      if (client) return;
      let c: Client;
      try {
        c = await login(o.messageContent);
      } catch (err) {
        if (!o.messageContent || !/disallowed intents/i.test(err instanceof Error ? err.message : '')) throw err;
        logger.warn('discord: the Message Content intent is not enabled for this app; only mentions and DMs will be read');
        c = await login(false);
      }
      logger.info({ user: c.user?.tag, guilds: c.guilds.cache.size }, 'discord: connected');
    },
    async stop() {
      await jobs.drain(0, DRAIN_MS);
      const c = client;
      client = null;
      await c?.destroy();
    },
  };
}
