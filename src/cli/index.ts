#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { apiKeyCreate, apiKeyList, apiKeyRevoke, tokenCreate, UsageError } from './commands.js';

const HELP = `twinbridge — digital twins on Discord, Slack and HTTP

Usage:
  twinbridge serve [--roles api,worker,discord,slack]   run the service (default roles: api,worker)
  twinbridge token create --user <uuid> [--customer <uuid>] [--ttl 1h]
                                                        print a JWT signed with JWT_SECRET
  twinbridge apikey create --user <uuid> [--customer <uuid>] [--name <text>]
                                                        create an API key (shown once)
  twinbridge apikey list [--user <uuid>]                list API keys (never the keys themselves)
  twinbridge apikey revoke <id|prefix>                  revoke an API key
  twinbridge catalog sync                               sync remote catalogs (Mind Reasoner) now
  twinbridge catalog list [--category <c>] [--search <text>]
                                                        show the twin catalog
  twinbridge discord register [--guild <id>]            register the slash commands with Discord

Configuration comes from the environment (see README.md); the CLI uses the same DATA_DIR and
JWT_SECRET as the service.`;

const out = (text: string) => process.stdout.write(`${text}\n`);

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
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, action, arg] = positionals;
  if (values.help || !group || group === 'help') {
    out(HELP);
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
    case 'token create':
      out(await tokenCreate(config, values));
      return 0;
    case 'apikey create': {
      const { key, record } = await apiKeyCreate(config, values);
      if (values.json) out(JSON.stringify({ key, ...record }));
      else out(`${key}\n\nid ${record.id} for user ${record.userId} (customer ${record.customerId}). Store the key now: it is not shown again.`);
      return 0;
    }
    case 'apikey list': {
      const keys = await apiKeyList(config, values);
      if (values.json) out(JSON.stringify(keys));
      else if (keys.length === 0) out('No API keys.');
      else for (const k of keys) out(`${k.id}  ${k.prefix}…  user ${k.userId}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.name ?? ''}`);
      return 0;
    }
    case 'apikey revoke': {
      const k = await apiKeyRevoke(config, arg);
      out(`Revoked ${k.id} (${k.prefix}…).`);
      return 0;
    }
    case 'catalog sync': {
      const { createCore } = await import('../app.js');
      const core = await createCore(config, { logger: pino({ level: 'warn' }) });
      try {
        if (!core.mindReasoner) {
          out('No remote catalog is configured (set MIND_REASONER_API_KEY). The bundled catalog is loaded.');
          return 0;
        }
        const results = await core.catalogSync.run();
        for (const r of results) {
          if (r.ok) out(`${r.source}: ${r.count} twins (${r.added} added, ${r.updated} updated, ${r.retired} retired, ${r.skipped} untrained skipped)`);
          else out(`${r.source}: FAILED — ${r.error.message}. The last good copy of the catalog is kept.`);
        }
        return results.every((r) => r.ok) ? 0 : 1;
      } finally {
        await core.close();
      }
    }
    case 'catalog list': {
      const { createStore } = await import('../store/index.js');
      const { storeOptions } = await import('../app.js');
      const { seedBundledCatalog } = await import('../catalog/seed.js');
      const { BUNDLED_TWINS } = await import('../catalog/bundled/index.js');
      const logger = pino({ level: 'silent' });
      const store = await createStore(storeOptions(config), { logger });
      try {
        await seedBundledCatalog(BUNDLED_TWINS, { catalog: store.twins, logger });
        const page = await store.twins.list({ page: 1, pageSize: 100, category: values.category as never, search: values.search });
        for (const t of page.items) out(`${t.id}  ${t.slug.padEnd(24)} ${t.category.padEnd(12)} ${t.name}`);
        out(`${page.total} twins`);
        return 0;
      } finally {
        await store.close();
      }
    }
    case 'discord register': {
      if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) throw new UsageError('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID first');
      const { registerCommands } = await import('../../adapters/discord/index.js');
      await registerCommands({ token: config.DISCORD_TOKEN, applicationId: config.DISCORD_APPLICATION_ID, apiUrl: config.DISCORD_API_URL, ...(values.guild ? { guildId: values.guild } : {}) });
      out(values.guild ? `Registered commands in guild ${values.guild} (available now).` : 'Registered global commands (Discord may take up to an hour to show them).');
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
