#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { plural } from '../core/text.js';
import { catalogList, catalogSync } from './catalog.js';
import { apiKeyCreate, apiKeyList, apiKeyRevoke, tokenCreate, UsageError } from './commands.js';
import { createCliOutput } from './output.js';

const HELP = `twinbridge — digital twins on Discord, Slack and HTTP

Usage:
  twinbridge serve [--roles api,worker,discord,slack]   run the service (default roles: api,worker)
  twinbridge token create --user <uuid> [--customer <uuid>] [--ttl 1h]
                                                        print a JWT signed with JWT_SECRET
                                                        (without --customer, customer_id = the user)
  twinbridge apikey create --user <uuid> [--customer <uuid>] [--name <text>]
                                                        create an API key (shown once)
  twinbridge apikey list [--user <uuid>]                list API keys (never the keys themselves)
  twinbridge apikey revoke <id|prefix>                  revoke an API key
  twinbridge db migrate                                 apply pending database migrations (SQLite or DATABASE_URL)
  twinbridge db copy --to postgres://… [--from <file>]  copy the SQLite database into an empty PostgreSQL one
  twinbridge catalog sync                               sync remote catalogs (Mind Reasoner) now
  twinbridge catalog list [--category <c>] [--search <text>]
                                                        show the twin catalog
  twinbridge discord register [--guild <id>]            register the slash commands with Discord

Configuration comes from the environment (see README.md); the CLI uses the same DATA_DIR and
JWT_SECRET as the service. Data goes to stdout, one item per line (--json: one JSON object per
line); notes, counts and logs go to stderr, so KEY=$(twinbridge apikey create …) is just the key.`;

const out = createCliOutput();

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      customer: { type: 'string' },
      ttl: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string' },
      guild: { type: 'string' },
      category: { type: 'string' },
      search: { type: 'string' },
      json: { type: 'boolean' },
      to: { type: 'string' },
      from: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, action, arg] = positionals;
  if (values.help || !group || group === 'help') {
    out.data(HELP);
    return 0;
  }
  const env = { ...process.env, ...(values.roles ? { ROLES: values.roles } : {}) };
  const config: Config = loadConfig(env);

  switch (`${group} ${action ?? ''}`.trim()) {
    case 'serve': {
      const { serve } = await import('../main.js');
      const stop = await serve(config);
      const shutdown = () => void stop().then(() => process.exit(0), () => process.exit(1));
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
      return -1;
    }
    case 'token create': {
      const token = await tokenCreate(config, values);
      if (values.json) out.json({ token: token.jwt, ...token.claims });
      else out.data(token.jwt);
      out.say(`Token for user ${token.claims.sub} (customer ${token.claims.customer_id}), valid until ${new Date(token.claims.exp * 1000).toISOString()}.`);
      return 0;
    }
    case 'apikey create': {
      const { key, record } = await apiKeyCreate(config, values);
      if (values.json) out.json({ key, ...record });
      else out.data(key);
      out.say(`API key ${record.id} for user ${record.userId} (customer ${record.customerId}). Store the key now: it is not shown again.`);
      return 0;
    }
    case 'apikey list': {
      const keys = await apiKeyList(config, values);
      for (const k of keys) {
        if (values.json) out.json(k);
        else out.data(`${k.id}  ${k.prefix}…  user ${k.userId}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.name ?? ''}`.trimEnd());
      }
      out.say(plural(keys.length, 'API key'));
      return 0;
    }
    case 'apikey revoke': {
      const { key, already } = await apiKeyRevoke(config, arg);
      if (values.json) out.json({ ...key, alreadyRevoked: already });
      out.say(already ? `${key.id} (${key.prefix}…) was already revoked, at ${key.revokedAt}.` : `Revoked ${key.id} (${key.prefix}…).`);
      return 0;
    }
    case 'catalog sync':
      return catalogSync(config, values, out);
    case 'db migrate':
      return (await import('./db.js')).dbMigrate(config, out);
    case 'db copy':
      return (await import('./db.js')).dbCopy(config, values, out);
    case 'catalog list':
      return catalogList(config, values, out);
    case 'discord register': {
      if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) throw new UsageError('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID first');
      const { registerCommands } = await import('../../adapters/discord/index.js');
      await registerCommands({ token: config.DISCORD_TOKEN, applicationId: config.DISCORD_APPLICATION_ID, apiUrl: config.DISCORD_API_URL, ...(values.guild ? { guildId: values.guild } : {}) });
      out.say(values.guild ? `Registered commands in guild ${values.guild} (available now).` : 'Registered global commands (Discord may take up to an hour to show them).');
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${positionals.join(' ')}". Run "twinbridge help".`);
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError) process.stderr.write(`twinbridge: ${err.message}\n`);
    else if (err instanceof Error && 'code' in err && (err as { code: string }).code.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`twinbridge: ${err.message}\n`);
    else process.stderr.write(`twinbridge: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
