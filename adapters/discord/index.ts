/**
 * The Discord role: a discord.js client whose slash commands manage the workspace and whose
 * channels get twin replies streamed as message edits. `apiUrl` is the only address it needs:
 * the gateway comes from that server's `GET /gateway/bot`, so one setting points it at a fake.
 */
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import {
  createJobTracker,
  resolveOptions,
  type AdapterContext,
  type DiscordAdapterDeps,
  type DiscordAdapterOptions,
  type ResolvedOptions,
} from './context.js';
import { createDiscordMetrics } from './metrics.js';
import { createMessageHandler } from './on-message.js';
import { createInteractionHandler } from './on-interaction.js';
import { createChannelPacer, realClock, type ChannelPacer } from './pacer.js';
import { createWebhookCache, type WebhookCache } from './webhooks.js';

export { commandDefinitions, registerCommands, type RegisterOptions } from './commands.js';
export type { DiscordAdapterDeps, DiscordAdapterOptions, ManagePermission } from './context.js';

export interface DiscordAdapter {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How long shutdown waits for replies in flight to land their final text. */
const DRAIN_MS = 5000;
const READY_TIMEOUT_MS = 30_000;

interface RestResponseLike {
  status: number;
  headers: { get(name: string): string | null };
}

/** Feeds Discord's rate-limit headers into the pacer, so streaming slows before a 429. */
function observeRateLimits(client: Client, pacer: ChannelPacer, webhooks: WebhookCache, ctx: Pick<AdapterContext, 'metrics' | 'logger'>): void {
  client.rest.on('response', (request, response) => {
    const res = response as unknown as RestResponseLike;
    if (res.status === 429) {
      // discord.js waits `retry_after` and sends again by itself; this only makes the cost visible.
      ctx.metrics.rateLimited.inc({ route: request.route });
      ctx.logger.warn({ route: request.route, retryAfter: res.headers.get('retry-after') }, 'discord: 429 from Discord');
    }
    const channel = /^\/channels\/(\d+)\/messages/.exec(request.path)?.[1] ?? webhooks.channelOf(/^\/webhooks\/(\d+)\//.exec(request.path)?.[1] ?? '');
    if (!channel) return;
    const now = Date.now();
    if (res.status === 429) {
      pacer.block(channel, now + Number(res.headers.get('retry-after') ?? 1) * 1000);
    } else if (res.headers.get('x-ratelimit-remaining') === '0') {
      pacer.block(channel, now + Number(res.headers.get('x-ratelimit-reset-after') ?? 0) * 1000);
    }
  });
  client.rest.on('rateLimited', (info) => {
    ctx.logger.debug({ route: info.route, waitMs: info.timeToReset, global: info.global }, 'discord: waiting for a rate-limit bucket');
  });
}

export function createDiscordAdapter(options: DiscordAdapterOptions, deps: DiscordAdapterDeps): DiscordAdapter {
  const o: ResolvedOptions = resolveOptions(options);
  const logger = deps.logger.child({ role: 'discord' });
  const metrics = createDiscordMetrics(deps.metrics);
  const pacer = createChannelPacer(o.channelBudget, realClock);
  const jobs = createJobTracker();
  let client: Client | null = null;

  function build(withContent: boolean): Client {
    const c = new Client({
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.DirectMessages,
        ...(withContent ? [GatewayIntentBits.MessageContent] : []),
      ],
      // DM channels are not cached before their first message; without this their messages are dropped.
      partials: [Partials.Channel],
      rest: { api: o.apiUrl },
      allowedMentions: { parse: [] },
    });
    const webhooks = createWebhookCache(c, logger);
    const ctx: AdapterContext = {
      client: c,
      options: o,
      deps,
      logger,
      metrics,
      pacer,
      clock: realClock,
      webhooks,
      jobs,
      renderDeps: {
        chat: deps.chat,
        pacer,
        clock: realClock,
        metrics,
        logger,
        editIntervalMs: o.editIntervalMs,
        maxMessageLength: o.maxMessageLength,
        followTimeoutMs: o.followTimeoutMs,
      },
    };
    const onMessage = createMessageHandler(ctx);
    const onInteraction = createInteractionHandler(ctx);
    c.on(Events.MessageCreate, (m) => {
      onMessage(m).catch((err: unknown) => logger.error({ err, discordMessageId: m.id }, 'discord: message handler failed'));
    });
    c.on(Events.InteractionCreate, (i) => void onInteraction(i));
    c.on(Events.Error, (err) => logger.error({ err }, 'discord: client error'));
    c.on(Events.ShardDisconnect, (event, shard) => logger.warn({ code: event.code, shard }, 'discord: gateway disconnected'));
    observeRateLimits(c, pacer, webhooks, ctx);
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
      await jobs.drain(DRAIN_MS);
      const c = client;
      client = null;
      await c?.destroy();
    },
  };
}
