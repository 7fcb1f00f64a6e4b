/**
 * The Slack adapter: a Bolt app (HTTP receiver without a port of its own, or Socket Mode) that
 * turns mentions, DMs and thread replies into queued jobs, renders each job's reply stream into
 * the thread, and serves the `/twin` command. See README-section.md for setup.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, ErrorCode, HTTPReceiver, webApi } from '@slack/bolt';
import { boltLogger } from './bolt-logger.js';
import { registerCommands } from './commands/index.js';
import type { SlackContext } from './context.js';
import { registerInbound } from './inbound/events.js';
import { createSlackMetrics } from './metrics.js';
import { resolveOptions, type SlackAdapter, type SlackAdapterDeps, type SlackAdapterOptions } from './options.js';
import { createSlackApi } from './render/api.js';
import { createNativeStreaming, createRenders } from './render/registry.js';
import { createSlackBudget, writerBudget } from './render/budget.js';
import { realClock } from '../../src/render/index.js';
import { createThreadMemory } from './inbound/threads.js';
import { channelIdFor } from '../../src/core/ids.js';
import { slackChannelKey } from './identity.js';

export type { SlackAdapter, SlackAdapterDeps, SlackAdapterOptions } from './options.js';

/** Network retries only; 429s are handled by the rate gate, not by pausing the client. */
const RETRY = { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 3000, randomize: true };

export function createSlackAdapter(options: SlackAdapterOptions, deps: SlackAdapterDeps): SlackAdapter {
  const opts = resolveOptions(options);
  const logger = deps.logger.child({ component: 'slack' });
  const sdkLogger = boltLogger(logger.child({ lib: 'bolt' }));
  const metrics = createSlackMetrics(deps.metrics);

  const client = new webApi.WebClient(opts.botToken, {
    slackApiUrl: opts.apiUrl,
    logger: sdkLogger,
    rejectRateLimitedCalls: true,
    retryConfig: RETRY,
    timeout: 15_000,
  });
  const clock = realClock;
  const methods = createSlackBudget({ limits: opts.rateLimits, burst: opts.rateBurst }, clock);
  const api = createSlackApi({ client, budget: methods, clock, metrics, logger });
  const native = createNativeStreaming(opts.nativeStreaming, { metrics, logger });
  const settings = { maxChars: opts.maxMessageChars, intervalMs: opts.updateIntervalMs, idleTimeoutMs: opts.idleTimeoutMs };
  const budget = writerBudget(methods);
  const renders = createRenders(settings, { chat: deps.chat, api, native, budget, clock, logger });
  const ctx: SlackContext = { options: opts, deps, logger, metrics, api, threads: createThreadMemory({
      // After a restart, the stored history still knows which twin answered in a thread.
      fallback: (teamId, channelId, threadTs) => deps.chat.threadTwin(channelIdFor('slack', slackChannelKey(teamId, channelId)), threadTs),
    }), renders, rendering: { native, budget, clock, settings } };

  // Bolt's own client (auth.test, respond) must reach the same API and must not retry for half an hour.
  const clientOptions = { slackApiUrl: opts.apiUrl, retryConfig: RETRY, timeout: 15_000 };
  const common = { token: opts.botToken, logger: sdkLogger, clientOptions, deferInitialization: true, convoStore: false as const };
  let receiver: HTTPReceiver | null = null;
  let app: App;
  if (opts.appToken) {
    app = new App({ ...common, appToken: opts.appToken, socketMode: true });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: opts.signingSecret ?? '',
      endpoints: opts.endpoint,
      logger: sdkLogger,
      processBeforeResponse: false,
    });
    app = new App({ ...common, receiver });
  }
  app.error(async (err) => {
    logger.error({ err }, 'slack listener failed');
  });
  registerInbound(app, ctx);
  registerCommands(app, ctx);

  let state: 'new' | 'started' | 'stopping' | 'stopped' = 'new';

  function listen(req: IncomingMessage, res: ServerResponse): void {
    if (!receiver || state !== 'started') {
      // Slack retries later; another instance (or this one, once up) takes it.
      res.writeHead(503, { 'retry-after': '1' });
      res.end();
      return;
    }
    try {
      receiver.requestListener(req, res);
    } catch (err) {
      const deferred = (err as { code?: string }).code === ErrorCode.HTTPReceiverDeferredRequestError;
      if (!deferred) logger.error({ err }, 'slack request could not be handled');
      if (!res.headersSent) res.writeHead(deferred ? 404 : 500);
      res.end();
    }
  }

  return {
    requestListener: receiver ? listen : null,

    async start() {
      if (state !== 'new') return;
      // auth.test: learns the bot's user id (to drop our own messages) and fails fast on a bad token.
      await app.init();
      if (opts.appToken) await app.start();
      state = 'started';
      logger.info({ mode: opts.appToken ? 'socket' : 'http', endpoint: opts.appToken ? null : opts.endpoint }, 'slack adapter started');
    },

    async stop() {
      if (state === 'stopping' || state === 'stopped') return;
      const wasStarted = state === 'started';
      state = 'stopping';
      if (opts.appToken && wasStarted) await app.stop();
      await renders.stopAll(opts.stopGraceMs);
      state = 'stopped';
      logger.info('slack adapter stopped');
    },
  };
}
