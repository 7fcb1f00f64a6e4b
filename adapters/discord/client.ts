/**
 * The discord.js client the adapter runs on: the intents it needs, DM partials, REST pointed at
 * `apiUrl`, no pings. One function, so client options (sharding, caching) have one home.
 */
import { Client, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { ResolvedOptions } from './context.js';

/** discord.js's own sharding: one process runs every shard, or just the ids it was given. */
function shardOptions(shards: ResolvedOptions['shards']): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (!shards) return {};
  if (shards === 'auto') return { shards: 'auto' };
  return { shards: shards.ids ?? Array.from({ length: shards.count }, (_, i) => i), shardCount: shards.count };
}

export function buildClient(o: ResolvedOptions, withContent: boolean, extra: Partial<ClientOptions> = {}): Client {
  return new Client({
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
    ...shardOptions(o.shards),
    ...extra,
  });
}
