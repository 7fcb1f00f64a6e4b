/**
 * Discord gateway sharding with discord.js's own sharding: two `discord` adapters on shards 0 and
 * 1 of one fake (which routes each guild by `(guild_id >> 22) % num_shards`, as Discord does), and
 * one adapter with `auto` taking the shard count from `GET /gateway/bot`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from '../../adapters/discord/index.js';
import type { ChatService } from '../../src/core/services.js';
import { shardOf } from '../fakes/discord/gateway.js';
import { startFakeDiscord, type FakeDiscord, type FakeGuildInfo } from '../fakes/discord/index.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let app: TestApp;
const adapters: DiscordAdapter[] = [];
const fakes: FakeDiscord[] = [];

/** A guild id whose shard (of `count`) is `shard`: the timestamp bits above bit 22 decide it. */
function guildIdOnShard(shard: number, count: number, n: number): string {
  const base = BigInt(Date.now() - 1420070400000) + BigInt(n * count);
  const ts = base - (base % BigInt(count)) + BigInt(shard);
  return ((ts << 22n) | BigInt(n + 1)).toString();
}

/** The app's services, with every message an adapter hands over recorded under its name. */
function tracked(name: string, seen: Map<string, string[]>) {
  const chat: ChatService = app.deps.chat;
  const note = (channel: string) => seen.set(name, [...(seen.get(name) ?? []), channel]);
  return {
    ...app.deps,
    chat: {
      ...chat,
      submit: (inbound, jobId) => (note(inbound.channel.externalId), chat.submit(inbound, jobId)),
      record: (inbound, key) => (note(inbound.channel.externalId), chat.record(inbound, key)),
    } satisfies ChatService,
  };
}

async function start(fake: FakeDiscord, name: string, shards: DiscordAdapterOptions['shards'], seen: Map<string, string[]>): Promise<void> {
  const adapter = createDiscordAdapter({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, shards }, tracked(name, seen));
  adapters.push(adapter);
  await adapter.start();
}

function guilds(fake: FakeDiscord, count: number): FakeGuildInfo[] {
  return [0, 1, 2, 3].map((n) => fake.addGuild({ id: guildIdOnShard(n % count, count, n), name: `Guild ${n}`, channels: ['general'] }));
}

/** Mentions the bot in every guild and waits until each has a reply; returns replies per channel. */
async function askEverywhere(fake: FakeDiscord, list: FakeGuildInfo[]): Promise<Map<string, number>> {
  const user = fake.user(`user-${randomUUID().slice(0, 6)}`);
  for (const g of list) fake.sendMessage({ channelId: g.channels.general!, author: user, content: 'hello, which shard am I on?', mentionBot: true });
  const replies = (channelId: string) => fake.messages(channelId).filter((m) => m.author.id !== user.id && m.content.length > 0);
  await fake.waitFor(() => list.every((g) => replies(g.channels.general!).length > 0), 20_000);
  return new Map(list.map((g) => [g.channels.general!, replies(g.channels.general!).length]));
}

beforeAll(async () => {
  app = await startTestApp({ env: { MAX_ACTIVE_TWINS_PER_CHANNEL: '1' } });
}, 30_000);

afterAll(async () => {
  for (const a of adapters) await a.stop();
  for (const f of fakes) await f.close();
  await app?.close();
});

describe('Discord sharding', () => {
  it('two processes on shards 0 and 1 of 2: each guild is answered by exactly one of them', async () => {
    const fake = await startFakeDiscord({ shards: 2 });
    fakes.push(fake);
    const list = guilds(fake, 2);
    expect(list.map((g) => shardOf(g.id, 2))).toEqual([0, 1, 0, 1]);
    const seen = new Map<string, string[]>();
    await start(fake, 'shard-0', { count: 2, ids: [0] }, seen);
    await start(fake, 'shard-1', { count: 2, ids: [1] }, seen);
    expect(fake.identifiedShards().sort()).toEqual([[0, 2], [1, 2]]);

    const replies = await askEverywhere(fake, list);
    for (const g of list) {
      const channel = g.channels.general!;
      const handledBy = [...seen.entries()].filter(([, channels]) => channels.includes(channel)).map(([name]) => name);
      expect(handledBy, `guild ${g.id}`).toEqual([`shard-${shardOf(g.id, 2)}`]);
      expect(seen.get(handledBy[0]!)!.filter((c) => c === channel)).toHaveLength(1);
    }
    expect([...replies.values()]).toEqual([1, 1, 1, 1]);
  });

  it('DISCORD_SHARDS=auto runs every shard GET /gateway/bot recommends in one process', async () => {
    const fake = await startFakeDiscord({ shards: 2 });
    fakes.push(fake);
    const list = guilds(fake, 2);
    const seen = new Map<string, string[]>();
    await start(fake, 'auto', 'auto', seen);
    expect(fake.identifiedShards().sort()).toEqual([[0, 2], [1, 2]]);
    await askEverywhere(fake, list);
    expect(seen.get('auto')!.sort()).toEqual(list.map((g) => g.channels.general!).sort());
  });
});
