import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const ROLES = ['api', 'worker', 'discord', 'slack'] as const;
export type Role = (typeof ROLES)[number];

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const url = z.url();
/** `host:port,host:port` (Redis Cluster seed nodes, Sentinels). */
const hostPorts = z.string().transform((s, ctx) => {
  const nodes: { host: string; port: number }[] = [];
  for (const item of s.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(item);
    const port = Number(m?.[2]);
    if (!m || port < 1 || port > 65535) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not host:port` });
      return z.NEVER;
    }
    nodes.push({ host: m[1]!.replace(/^\[|\]$/g, ''), port });
  }
  if (nodes.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'must list at least one host:port' });
    return z.NEVER;
  }
  return nodes;
});
const shardIds = z
  .string()
  .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, 'must be comma-separated shard numbers, e.g. 0,1')
  .transform((s) => [...new Set(s.split(',').map((x) => Number(x.trim())))].sort((a, b) => a - b));
const optionalSecret = z.string().min(1).optional();
/** Names fastify's trustProxy (proxy-addr) knows for the loopback and private ranges. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
/** Dotted IPv4 or IPv6 only (ipaddr.js alone would also take `1` as 0.0.0.1). */
const isIp = (x: string) => ipaddr.IPv4.isValidFourPartDecimal(x) || ipaddr.IPv6.isValid(x);
const isCidr = (x: string) => /^[^/]+\/\d{1,3}$/.test(x) && isIp(x.split('/')[0]!) && ipaddr.isValidCIDR(x);
/** IPs, CIDR ranges or range names, comma-separated. */
const proxyAddresses = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const items = s.split(',').map((x) => x.trim()).filter(Boolean);
    const bad = items.find((x) => !PROXY_RANGES.includes(x) && !isIp(x) && !isCidr(x));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `"${bad}" is not an IP address, a CIDR range or one of ${PROXY_RANGES.join(', ')}` });
      return z.NEVER;
    }
    return items;
  });

/**
 * The whole environment, with every default declared once. Only main.ts and the CLI read
 * process.env; everything else gets this frozen object.
 */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Defaults to $DATA_DIR/twinbridge.db. */
  DATABASE_PATH: z.string().min(1).optional(),
  /** `postgres://user:pass@host:5432/db` selects PostgreSQL (several hosts); unset = the SQLite file. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL (leave unset for SQLite)')
    .optional(),
  /** Connections per process to PostgreSQL. */
  DATABASE_POOL_SIZE: int(1, 1000).default(10),
  /** PostgreSQL statement_timeout; on SQLite, how long a writer waits for the lock (busy_timeout). */
  DATABASE_STATEMENT_TIMEOUT_MS: int(100, 600_000).default(10_000),
  REDIS_URL: url.default('redis://127.0.0.1:6379'),
  /** Namespace for every Redis key, queue and channel (several deployments can share a Redis). */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('tb'),
  /** Start a private redis-server under $DATA_DIR/redis when none answers at REDIS_URL. */
  REDIS_AUTOSTART: bool.default(true),
  /** Redis Cluster seed nodes; REDIS_URL then only lends its username/password. */
  REDIS_CLUSTER_NODES: hostPorts.optional(),
  /** Sentinels that know the master named REDIS_SENTINEL_NAME; REDIS_URL lends its password and db. */
  REDIS_SENTINELS: hostPorts.optional(),
  REDIS_SENTINEL_NAME: z.string().min(1).optional(),
  ROLES: z
    .string()
    .default('api,worker')
    .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(z.enum(ROLES)).min(1)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool.default(false),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_JWKS_URL: url.optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),

  RATE_LIMIT_WORKSPACE_PER_MIN: int(1, 1_000_000).default(60),
  RATE_LIMIT_CHAT_PER_IP_PER_MIN: int(1, 1_000_000).default(100),
  RATE_LIMIT_CHAT_PER_USER_PER_MIN: int(1, 1_000_000).default(30),
  BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024).default(12 * 1024 * 1024),
  /**
   * Addresses of the reverse proxies in front of the api, whose X-Forwarded-For is believed: the
   * client address (per-IP rate limits, logs) is then the one the proxy saw. Empty: the peer.
   */
  TRUST_PROXY: proxyAddresses,

  ANTHROPIC_API_KEY: optionalSecret,
  ANTHROPIC_BASE_URL: url.optional(),
  ANTHROPIC_MODEL: z.string().min(1).default('claude-sonnet-4-6'),
  MODEL_MAX_TOKENS: int(64, 64_000).default(1024),
  MODEL_TIMEOUT_MS: int(1000, 600_000).default(120_000),
  OFFLINE_CHUNK_DELAY_MS: int(0, 5000).default(25),

  MIND_REASONER_API_URL: url.default('https://app.mindreasoner.com/api/public/v1'),
  MIND_REASONER_API_KEY: optionalSecret,
  MIND_REASONER_MODEL: z.string().min(1).default('mind-reasoner-pro'),
  CATALOG_SYNC_INTERVAL_MS: int(60_000, 7 * 24 * 3600_000).default(3600_000),
  CATALOG_SYNC_TIMEOUT_MS: int(1000, 300_000).default(15_000),

  QUEUE_NAME: z.string().regex(/^[A-Za-z0-9_-]+$/).default('chat'),
  WORKER_CONCURRENCY: int(1, 10_000).default(64),
  JOB_ATTEMPTS: int(1, 20).default(5),
  JOB_LOCK_MS: int(1000, 600_000).default(30_000),
  STALLED_INTERVAL_MS: int(500, 600_000).default(30_000),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(20_000),
  STREAM_TTL_SECONDS: int(10, 30 * 24 * 3600).default(3600),
  /** Finished jobs kept (so a repeated idempotency key finds its job), bounded by count and age. */
  JOB_KEEP_COMPLETED: int(0, 10_000_000).default(10_000),
  JOB_KEEP_COMPLETED_SECONDS: int(0, 30 * 24 * 3600).default(24 * 3600),
  JOB_KEEP_FAILED: int(0, 10_000_000).default(10_000),
  JOB_KEEP_FAILED_SECONDS: int(0, 30 * 24 * 3600).default(7 * 24 * 3600),
  /** Longest a reply waits for the channel's earlier messages to start before it goes anyway. */
  TURN_MAX_WAIT_MS: int(0, 3600_000).default(15_000),
  /** Every SSE response ends after this long (clients re-attach with Last-Event-ID). */
  SSE_MAX_LIFETIME_MS: int(1000, 24 * 3600_000).default(30 * 60_000),
  /** A follower whose socket will not drain past this many buffered bytes is ended. */
  SSE_MAX_BUFFER_BYTES: int(1024, 256 * 1024 * 1024).default(1024 * 1024),
  HISTORY_LIMIT: int(0, 100).default(10),
  MAX_ACTIVE_TWINS_PER_CHANNEL: int(1, 25).default(1),
  MAX_TOOL_ROUNDS: int(0, 20).default(4),
  DEFAULT_PERSONALITY: z.string().min(1).default('assistant'),
  /** Roundtables running at once per customer (each channel runs at most one). */
  ROUNDTABLE_MAX_RUNNING_PER_CUSTOMER: int(1, 10_000).default(5),
  /** Tokens of channel history plus transcript in one roundtable turn's prompt; older turns are dropped first. */
  ROUNDTABLE_CONTEXT_TOKENS: int(500, 200_000).default(8000),

  ATTACHMENT_MAX_BYTES: int(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  ATTACHMENT_TIMEOUT_MS: int(100, 120_000).default(10_000),
  /** Comma-separated hosts/CIDRs the attachment fetcher may reach although private. */
  ATTACHMENT_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((h) => h.trim()).filter(Boolean)),
  IMAGE_MAX_BYTES: int(1024, 20 * 1024 * 1024).default(5 * 1024 * 1024),
  /**
   * How long an image sent with a message stays stored for its job (jobs carry a reference, not
   * the bytes); a job that runs later fails with IMAGE_EXPIRED.
   */
  IMAGE_TTL_SECONDS: int(60, 30 * 24 * 3600).default(3600),
  /** Largest chat job payload (JSON bytes) put on the queue; a message that would need more is refused with 413. */
  CHAT_JOB_MAX_BYTES: int(16 * 1024, 64 * 1024 * 1024).default(512 * 1024),

  /**
   * Where Discord and Slack can reach this service (https://twins.example.com): stored avatars
   * (from imported PNG cards) are linked under it; unset, those twins post without an avatar.
   */
  PUBLIC_URL: url.optional(),

  DISCORD_TOKEN: optionalSecret,
  DISCORD_APPLICATION_ID: z.string().regex(/^\d+$/, 'must be a numeric snowflake').optional(),
  DISCORD_API_URL: url.default('https://discord.com/api'),
  DISCORD_EDIT_INTERVAL_MS: int(100, 60_000).default(1000),
  /**
   * 401/403/429 answers per 10 minutes after which the process sends only final texts (Discord
   * bans an IP for an hour at 10,000).
   */
  DISCORD_INVALID_REQUEST_LIMIT: int(100, 9_000).default(2000),
  DISCORD_MANAGE_PERMISSION: z.enum(['ManageGuild', 'Administrator', 'ManageChannels', 'none']).default('ManageGuild'),
  /** Gateway shards in total: `auto` (Discord's recommendation from GET /gateway/bot) or a number. */
  DISCORD_SHARDS: z.union([z.literal('auto'), int(1, 100_000)]).optional(),
  /** The shards this process runs (default: all of DISCORD_SHARDS). */
  DISCORD_SHARD_IDS: shardIds.optional(),

  SLACK_BOT_TOKEN: optionalSecret,
  SLACK_SIGNING_SECRET: optionalSecret,
  SLACK_APP_TOKEN: optionalSecret,
  SLACK_API_URL: url.default('https://slack.com/api/'),
  SLACK_UPDATE_INTERVAL_MS: int(100, 60_000).default(1200),
});

type Parsed = z.infer<typeof ConfigSchema>;

/**
 * Every default, as declared above. Modules that can be built without a Config (adapters in
 * tests) fall back to these rather than declaring their own.
 */
export const CONFIG_DEFAULTS: Readonly<Parsed> = Object.freeze(ConfigSchema.parse({}));
export type Config = Readonly<Parsed & { DATABASE_PATH: string }>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    // One problem reads as one line; several as a list, one per line.
    super(problems.length === 1 ? `Invalid configuration: ${problems[0]}` : `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every problem by variable name. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset" (docker-compose passes `VAR=` through).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const c = result.data;
  const problems: string[] = [];
  if (c.ROLES.includes('discord') && !c.DISCORD_TOKEN) problems.push('DISCORD_TOKEN: required for the discord role');
  if (c.DISCORD_TOKEN && !c.DISCORD_APPLICATION_ID) problems.push('DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set');
  if (c.ROLES.includes('slack') && !c.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: required for the slack role');
  if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) {
    problems.push('SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  // Platform roles start whenever their token is present, unless ROLES was given explicitly.
  const roles = new Set(c.ROLES);
  if (!('ROLES' in cleaned)) {
    if (c.DISCORD_TOKEN) roles.add('discord');
    if (c.SLACK_BOT_TOKEN) roles.add('slack');
  }
  // A generated development secret in a shared volume is no way to run production: refuse it.
  if (c.NODE_ENV === 'production' && !c.JWT_SECRET && !c.JWT_JWKS_URL && (roles.has('api') || roles.has('slack'))) {
    problems.push('JWT_SECRET: required when NODE_ENV=production (at least 32 characters, e.g. `openssl rand -base64 48`), or set JWT_JWKS_URL');
  }
  if (c.REDIS_CLUSTER_NODES && c.REDIS_SENTINELS) problems.push('REDIS_SENTINELS: set either REDIS_CLUSTER_NODES or REDIS_SENTINELS, not both');
  if (c.REDIS_SENTINELS && !c.REDIS_SENTINEL_NAME) problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the master name the sentinels monitor)');
  if (c.DISCORD_SHARD_IDS) {
    if (typeof c.DISCORD_SHARDS !== 'number') problems.push('DISCORD_SHARD_IDS: needs DISCORD_SHARDS set to the total number of shards');
    else {
      const total = c.DISCORD_SHARDS;
      const outside = c.DISCORD_SHARD_IDS.filter((id) => id >= total);
      if (outside.length > 0) problems.push(`DISCORD_SHARD_IDS: ${outside.join(', ')} not below DISCORD_SHARDS=${total}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    ...c,
    ROLES: [...roles],
    DATABASE_PATH: c.DATABASE_PATH ?? `${c.DATA_DIR.replace(/\/+$/, '')}/twinbridge.db`,
  });
}
