/** loadConfig: one schema, defaults declared once, every bad value listed by its variable name. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('has a default for everything a fresh start needs', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATA_DIR: './data',
      DATABASE_PATH: './data/twinbridge.db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: 'tb',
      ROLES: ['api', 'worker'],
      RATE_LIMIT_WORKSPACE_PER_MIN: 60,
      MAX_ACTIVE_TWINS_PER_CHANNEL: 1,
      HISTORY_LIMIT: 10,
      MIND_REASONER_API_URL: 'https://app.mindreasoner.com/api/public/v1',
      DEFAULT_PERSONALITY: 'assistant',
    });
    expect(c.JWT_SECRET).toBeUndefined();
    expect(c.ANTHROPIC_API_KEY).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('parses numbers, booleans, lists and derived paths', () => {
    const c = loadConfig({
      PORT: '8080',
      DATA_DIR: '/var/lib/tb/',
      REDIS_AUTOSTART: 'no',
      ROLES: 'api, worker ,',
      RATE_LIMIT_WORKSPACE_PER_MIN: '5',
      ATTACHMENT_ALLOW_HOSTS: 'a.example, 10.0.0.0/8',
    });
    expect(c.PORT).toBe(8080);
    expect(c.DATABASE_PATH).toBe('/var/lib/tb/twinbridge.db');
    expect(c.REDIS_AUTOSTART).toBe(false);
    expect(c.ROLES).toEqual(['api', 'worker']);
    expect(c.RATE_LIMIT_WORKSPACE_PER_MIN).toBe(5);
    expect(c.ATTACHMENT_ALLOW_HOSTS).toEqual(['a.example', '10.0.0.0/8']);
    expect(loadConfig({ DATABASE_PATH: '/tmp/x.db' }).DATABASE_PATH).toBe('/tmp/x.db');
  });

  it('keeps images on their own expiry and bounds chat job payloads', () => {
    expect(loadConfig({})).toMatchObject({ IMAGE_TTL_SECONDS: 3600, CHAT_JOB_MAX_BYTES: 524_288 });
    expect(loadConfig({ IMAGE_TTL_SECONDS: '86400', CHAT_JOB_MAX_BYTES: '65536' })).toMatchObject({ IMAGE_TTL_SECONDS: 86_400, CHAT_JOB_MAX_BYTES: 65_536 });
    expect(problems({ IMAGE_TTL_SECONDS: '10', CHAT_JOB_MAX_BYTES: '1024' })).toEqual([
      'IMAGE_TTL_SECONDS: must be at least 60',
      'CHAT_JOB_MAX_BYTES: must be at least 16384',
    ]);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', JWT_SECRET: '', REDIS_URL: undefined }).PORT).toBe(3000);
  });

  it('lists every bad value by variable name at once', () => {
    const found = problems({
      PORT: 'eighty',
      REDIS_URL: 'not a url',
      JWT_SECRET: 'short',
      RATE_LIMIT_WORKSPACE_PER_MIN: '0',
      LOG_LEVEL: 'loud',
      ROLES: 'api,cron',
      REDIS_PREFIX: 'has spaces',
      MAX_ACTIVE_TWINS_PER_CHANNEL: '26',
      NODE_ENV: 'staging',
    });
    const vars = found.map((p) => p.split(':')[0]);
    expect(vars.sort()).toEqual(
      ['JWT_SECRET', 'LOG_LEVEL', 'MAX_ACTIVE_TWINS_PER_CHANNEL', 'NODE_ENV', 'PORT', 'RATE_LIMIT_WORKSPACE_PER_MIN', 'REDIS_PREFIX', 'REDIS_URL', 'ROLES.1'].sort(),
    );
    expect(found.find((p) => p.startsWith('JWT_SECRET'))).toContain('at least 32 characters');
  });

  it('puts every problem into the error message, one per line', () => {
    try {
      loadConfig({ PORT: '-1', HISTORY_LIMIT: 'x' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toMatch(/^Invalid configuration:/);
      expect(message).toMatch(/\n {2}- PORT: /);
      expect(message).toMatch(/\n {2}- HISTORY_LIMIT: /);
    }
  });

  it('checks the platform settings that depend on each other', () => {
    expect(problems({ ROLES: 'discord' })).toEqual(['DISCORD_TOKEN: required for the discord role']);
    expect(problems({ DISCORD_TOKEN: 'x' })).toEqual(['DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set']);
    expect(problems({ DISCORD_TOKEN: 'x', DISCORD_APPLICATION_ID: 'abc' })[0]).toMatch(/^DISCORD_APPLICATION_ID: /);
    expect(problems({ ROLES: 'slack' })).toEqual(['SLACK_BOT_TOKEN: required for the slack role']);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })[0]).toMatch(/^SLACK_SIGNING_SECRET: /);
  });

  it('in production, a missing JWT_SECRET (and no JWKS) stops startup with one clear line', () => {
    let message = '';
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration: JWT_SECRET: required when NODE_ENV=production/);
    expect(message).not.toContain('\n');
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).NODE_ENV).toBe('production');
    expect(loadConfig({ NODE_ENV: 'production', JWT_JWKS_URL: 'https://id.example/jwks.json' }).JWT_SECRET).toBeUndefined();
    // A role that verifies no tokens does not need it.
    expect(loadConfig({ NODE_ENV: 'production', ROLES: 'worker' }).ROLES).toEqual(['worker']);
    // Development keeps generating one into DATA_DIR.
    expect(loadConfig({}).JWT_SECRET).toBeUndefined();
  });

  it('parses Redis Cluster / Sentinel nodes and Discord shards, refusing contradictions', () => {
    const c = loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7000, [::1]:7001', DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '2,0,2' });
    expect(c.REDIS_CLUSTER_NODES).toEqual([{ host: '127.0.0.1', port: 7000 }, { host: '::1', port: 7001 }]);
    expect(c.DISCORD_SHARDS).toBe(4);
    expect(c.DISCORD_SHARD_IDS).toEqual([0, 2]);
    expect(loadConfig({ DISCORD_SHARDS: 'auto' }).DISCORD_SHARDS).toBe('auto');
    expect(problems({ REDIS_CLUSTER_NODES: 'nohost' })[0]).toMatch(/^REDIS_CLUSTER_NODES: "nohost" is not host:port/);
    expect(problems({ REDIS_SENTINELS: '127.0.0.1:26379' })).toEqual([expect.stringMatching(/^REDIS_SENTINEL_NAME: required/)]);
    expect(problems({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'm', REDIS_CLUSTER_NODES: 'b:2' })[0]).toMatch(/not both/);
    expect(problems({ DISCORD_SHARD_IDS: '0' })[0]).toMatch(/^DISCORD_SHARD_IDS: needs DISCORD_SHARDS/);
    expect(problems({ DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1,2' })[0]).toMatch(/^DISCORD_SHARD_IDS: 2 not below DISCORD_SHARDS=2/);
  });

  it('parses TRUST_PROXY as proxy addresses, ranges and range names, refusing anything else', () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: 'uniquelocal, 10.0.0.0/8,::1' }).TRUST_PROXY).toEqual(['uniquelocal', '10.0.0.0/8', '::1']);
    expect(problems({ TRUST_PROXY: '1' })[0]).toMatch(/^TRUST_PROXY: "1" is not an IP address, a CIDR range or one of loopback, linklocal, uniquelocal/);
    expect(problems({ TRUST_PROXY: 'nginx' })[0]).toMatch(/^TRUST_PROXY: "nginx"/);
  });

  it('adds platform roles when their token is set, unless ROLES was given', () => {
    const withTokens = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123', SLACK_BOT_TOKEN: 'xoxb', SLACK_SIGNING_SECRET: 's' };
    expect(loadConfig(withTokens).ROLES).toEqual(['api', 'worker', 'discord', 'slack']);
    expect(loadConfig({ ...withTokens, ROLES: 'api' }).ROLES).toEqual(['api']);
  });
});
