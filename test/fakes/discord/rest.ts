/**
 * The REST half of the fake: the routes a bot adapter uses, behind Discord's auth rules (bot token
 * for bot routes, none for interaction callbacks and token webhooks) and rate-limit buckets.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PermissionFlagsBits } from 'discord.js';
import type { FakeState } from './model.js';
import { snowflake } from './model.js';
import { apiChannel, apiUser } from './payloads.js';
import { FakeApiError, createMessage, deleteMessage, editMessage, findMessage, type Dispatcher, type FakeFile, type MessageBody } from './messages.js';
import type { BucketName, RateLimiter } from './ratelimit.js';
import { handleCallback, interactionWebhook, type RouteResult } from './interactions.js';
import { channelWebhook, createWebhook, webhookPayload } from './webhooks.js';

export interface RestContext {
  state: FakeState;
  gateway: Dispatcher;
  limiter: RateLimiter;
  wsUrl(): string;
  /** What `GET /gateway/bot` recommends as `shards`. */
  recommendedShards: number;
}

interface Request {
  params: string[];
  body: unknown;
  query: URLSearchParams;
}

interface Route {
  method: string;
  pattern: RegExp;
  auth: boolean;
  bucket: BucketName | null;
  /** Index of the param that scopes the bucket (channel, webhook, token). */
  major?: number;
  run(ctx: RestContext, req: Request): RouteResult;
}

const ok = (body: unknown, status = 200): RouteResult => ({ status, body });

function channelOf(ctx: RestContext, id: string) {
  const channel = ctx.state.channels.get(id);
  if (!channel) throw new FakeApiError(404, 10003, 'Unknown Channel');
  return channel;
}

function requireBotPermission(ctx: RestContext, channelId: string, perm: bigint): void {
  const channel = channelOf(ctx, channelId);
  const guild = channel.guildId ? ctx.state.guilds.get(channel.guildId) : undefined;
  if (!guild) return;
  const perms = guild.everyonePermissions | guild.botPermissions;
  if (!(perms & PermissionFlagsBits.Administrator) && !(perms & perm)) {
    throw new FakeApiError(403, 50013, 'Missing Permissions');
  }
}

function putCommands(ctx: RestContext, body: unknown, guildId: string | null): unknown[] {
  if (!Array.isArray(body)) throw new FakeApiError(400, 50035, 'Invalid Form Body');
  const stored = body.map((c: Record<string, unknown>) => ({
    id: snowflake(),
    application_id: ctx.state.applicationId,
    version: snowflake(),
    type: 1,
    default_member_permissions: null,
    nsfw: false,
    ...(guildId ? { guild_id: guildId } : {}),
    ...c,
  }));
  if (guildId) ctx.state.commands.guild.set(guildId, stored);
  else ctx.state.commands.global = stored;
  ctx.state.changed();
  return stored;
}

const ROUTES: Route[] = [
  {
    method: 'GET', pattern: /^\/gateway\/bot$/, auth: true, bucket: 'other',
    run: (ctx) => ok({
      url: ctx.wsUrl(),
      shards: ctx.recommendedShards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    }),
  },
  { method: 'GET', pattern: /^\/gateway$/, auth: false, bucket: 'other', run: (ctx) => ok({ url: ctx.wsUrl() }) },
  { method: 'GET', pattern: /^\/users\/@me$/, auth: true, bucket: 'other', run: (ctx) => ok(apiUser(ctx.state.bot)) },
  {
    method: 'GET', pattern: /^\/applications\/@me$/, auth: true, bucket: 'other',
    run: (ctx) => ok({
      id: ctx.state.applicationId, name: ctx.state.bot.username, icon: null, description: '',
      bot_public: true, bot_require_code_grant: false, verify_key: '0'.repeat(64), flags: 0,
      bot: apiUser(ctx.state.bot), summary: '', team: null,
    }),
  },
  {
    method: 'PUT', pattern: /^\/applications\/(\d+)\/commands$/, auth: true, bucket: 'commands', major: 0,
    run: (ctx, req) => ok(putCommands(ctx, req.body, null)),
  },
  {
    method: 'PUT', pattern: /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, auth: true, bucket: 'commands', major: 1,
    run: (ctx, req) => ok(putCommands(ctx, req.body, req.params[1]!)),
  },
  {
    method: 'GET', pattern: /^\/applications\/(\d+)\/commands$/, auth: true, bucket: 'commands', major: 0,
    run: (ctx) => ok(ctx.state.commands.global),
  },
  {
    method: 'POST', pattern: /^\/interactions\/(\d+)\/([^/]+)\/callback$/, auth: false, bucket: null,
    run: (ctx, req) => handleCallback(ctx.state, ctx.gateway, req.params[0]!, req.params[1]!, req.body, req.query),
  },
  {
    method: '*', pattern: /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/, auth: false, bucket: 'webhook-edit', major: 0,
    run: (ctx, req) => {
      const [id, token, messageId] = req.params as [string, string, string | undefined];
      const method = String(req.query.get('__method'));
      return ctx.state.interactionsByToken.has(token)
        ? interactionWebhook(ctx.state, ctx.gateway, { token, messageId, method, body: req.body as MessageBody })
        : channelWebhook(ctx.state, ctx.gateway, { id, token, messageId, method, body: req.body as MessageBody, wait: req.query.get('wait') === 'true' });
    },
  },
  {
    method: 'GET', pattern: /^\/channels\/(\d+)\/webhooks$/, auth: true, bucket: 'webhooks-manage', major: 0,
    run: (ctx, req) => {
      requireBotPermission(ctx, req.params[0]!, PermissionFlagsBits.ManageWebhooks);
      const hooks = [...ctx.state.webhooks.values()].filter((w) => w.channelId === req.params[0]);
      return ok(hooks.map((w) => webhookPayload(ctx.state, w)));
    },
  },
  {
    method: 'POST', pattern: /^\/channels\/(\d+)\/webhooks$/, auth: true, bucket: 'webhooks-manage', major: 0,
    run: (ctx, req) => {
      requireBotPermission(ctx, req.params[0]!, PermissionFlagsBits.ManageWebhooks);
      const name = (req.body as { name?: unknown }).name;
      if (typeof name !== 'string' || name.length < 1 || name.length > 80) throw new FakeApiError(400, 50035, 'Invalid Form Body');
      return ok(webhookPayload(ctx.state, createWebhook(ctx.state, channelOf(ctx, req.params[0]!), name)));
    },
  },
  {
    method: 'POST', pattern: /^\/channels\/(\d+)\/messages$/, auth: true, bucket: 'message-create', major: 0,
    run: (ctx, req) => {
      requireBotPermission(ctx, req.params[0]!, PermissionFlagsBits.SendMessages);
      const message = createMessage(ctx.state, ctx.gateway, {
        channelId: req.params[0]!, author: apiUser(ctx.state.bot), body: req.body as MessageBody,
      });
      return ok(message.payload);
    },
  },
  {
    method: 'GET', pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/, auth: true, bucket: 'other', major: 0,
    run: (ctx, req) => ok(findMessage(ctx.state, req.params[0]!, req.params[1]!).payload),
  },
  {
    method: 'PATCH', pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/, auth: true, bucket: 'message-edit', major: 0,
    run: (ctx, req) => {
      const message = findMessage(ctx.state, req.params[0]!, req.params[1]!);
      if (message.author.id !== ctx.state.bot.id || message.webhookId) {
        throw new FakeApiError(403, 50005, 'Cannot edit a message authored by another user');
      }
      return ok(editMessage(ctx.state, ctx.gateway, message, req.body as MessageBody).payload);
    },
  },
  {
    method: 'DELETE', pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/, auth: true, bucket: 'message-delete', major: 0,
    run: (ctx, req) => {
      deleteMessage(ctx.state, ctx.gateway, findMessage(ctx.state, req.params[0]!, req.params[1]!));
      return ok(undefined, 204);
    },
  },
  {
    method: 'POST', pattern: /^\/channels\/(\d+)\/typing$/, auth: true, bucket: 'typing', major: 0,
    run: (ctx, req) => {
      channelOf(ctx, req.params[0]!);
      return ok(undefined, 204);
    },
  },
  {
    method: 'GET', pattern: /^\/channels\/(\d+)$/, auth: true, bucket: 'other', major: 0,
    run: (ctx, req) => ok(apiChannel(channelOf(ctx, req.params[0]!))),
  },
];

function routeName(method: string, path: string): string {
  return `${method} ${path.replace(/\/\d{5,}/g, '/:id').replace(/\/webhooks\/:id\/[^/]+/, '/webhooks/:id/:token').replace(/\/interactions\/:id\/[^/]+/, '/interactions/:id/:token')}`;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const raw = Buffer.concat(chunks);
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) return readMultipart(raw, type);
  if (!type.includes('application/json')) {
    throw new FakeApiError(400, 50035, 'This fake only accepts JSON or multipart/form-data bodies');
  }
  return JSON.parse(raw.toString('utf8')) as unknown;
}

/**
 * Discord's file uploads: multipart/form-data with the JSON body in `payload_json` and each file
 * in a `files[n]` part (https://discord.com/developers/docs/reference#uploading-files).
 */
async function readMultipart(raw: Buffer, type: string): Promise<unknown> {
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  const json = form.get('payload_json');
  const body = (typeof json === 'string' ? JSON.parse(json) : {}) as Record<string, unknown>;
  const files: FakeFile[] = [];
  for (const [field, value] of form.entries()) {
    if (!/^files\[\d+\]$/.test(field) || typeof value === 'string') continue;
    files.push({ field, filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
  }
  return { ...body, files };
}

export function createRestHandler(ctx: RestContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const path = decodeURIComponent(url.pathname).replace(/^\/api(\/v\d+)?/, '');
      const method = req.method ?? 'GET';
      let status = 500;
      let headers: Record<string, string> = {};
      let payload: unknown;
      let body: unknown;
      try {
        body = await readBody(req);
        const route = ROUTES.find((r) => (r.method === method || r.method === '*') && r.pattern.test(path));
        if (!route) throw new FakeApiError(404, 0, '404: Not Found');
        const params = (route.pattern.exec(path) ?? []).slice(1) as string[];
        if (route.auth && req.headers.authorization !== `Bot ${ctx.state.token}`) {
          throw new FakeApiError(401, 0, '401: Unauthorized');
        }
        if (route.bucket) {
          const major = route.major === undefined ? 'global' : (params[route.major] ?? 'global');
          const bucket: BucketName = route.bucket === 'webhook-edit' ? webhookBucket(ctx, method, params) : route.bucket;
          const decision = ctx.limiter.check({ method, path, bucket, major: bucket === 'interaction-webhook' ? (params[1] ?? major) : major });
          headers = decision.headers;
          if (decision.refusal) {
            ctx.state.rateLimited += 1;
            status = 429;
            payload = decision.refusal.body;
            return;
          }
        }
        url.searchParams.set('__method', method);
        const result = route.run(ctx, { params, body, query: url.searchParams });
        status = result.status;
        payload = result.body;
      } catch (err) {
        if (err instanceof FakeApiError) {
          status = err.status;
          payload = err.body();
        } else {
          status = 500;
          payload = { message: String(err), code: 0 };
        }
      } finally {
        ctx.state.requests.push({ method, path, route: routeName(method, path), status, at: Date.now(), body });
        res.writeHead(status, { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) });
        res.end(payload === undefined ? undefined : JSON.stringify(payload));
        ctx.state.changed();
      }
    })();
  };
}

/** Token webhooks are two different limits: interaction responses, and channel webhook traffic. */
function webhookBucket(ctx: RestContext, method: string, params: string[]): BucketName {
  if (method === 'GET') return 'other';
  if (ctx.state.interactionsByToken.has(params[1] ?? '')) return 'interaction-webhook';
  return method === 'POST' ? 'webhook-execute' : 'webhook-edit';
}
