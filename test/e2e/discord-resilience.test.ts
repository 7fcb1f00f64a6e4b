/**
 * Discord channels that must not break: a webhook deleted mid-reply is recreated (or replaced by
 * the bot's own messages) and the reply finishes; a process that piles up invalid requests
 * (401/403/429) stops streaming edits but still lands final texts, and says so in a metric.
 * Real discord.js against the fake Discord.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gauge } from 'prom-client';
import { wordChunks } from '../fakes/anthropic/server.js';
import { guildOwner } from '../../adapters/discord/identity.js';
import { answerAs, startDiscordTestbed, type DiscordTestbed } from '../fakes/discord/testbed.js';
import type { FakeMessage } from '../fakes/discord/index.js';

const words = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(' ');

async function withPaul(tb: DiscordTestbed): Promise<void> {
  await tb.app.deps.workspace.add(guildOwner(tb.guild.id), { twinId: (await tb.app.deps.catalog.resolve('paul-graham')).id, participationMode: 'active' });
  tb.app.anthropic!.setDefault(answerAs({ 'Paul Graham': 'Short answer.' }));
}

const after = (msgs: FakeMessage[], id: string) => msgs.filter((m) => BigInt(m.id) > BigInt(id));

describe('a deleted channel webhook', () => {
  let tb: DiscordTestbed;
  beforeAll(async () => {
    tb = await startDiscordTestbed({ guild: { channels: ['general', 'second'] } });
    await withPaul(tb);
  }, 30_000);
  afterAll(async () => tb?.close());

  it('is recreated once and the reply finishes under the twin; the channel keeps working', async () => {
    const channel = tb.guild.channels.general!;
    const text = words(40, 'w');
    tb.app.anthropic!.enqueue({ text: wordChunks(text), chunkDelayMs: 60 });
    const sent = tb.fake.sendMessage({ channelId: channel, author: tb.member, content: 'a long one please' });
    const first = await tb.fake.waitFor(() => after(tb.fake.messages(channel), sent.id).find((m) => m.webhookId !== null));
    tb.fake.deleteWebhook(first.webhookId!);
    const done = await tb.fake.waitFor(() => after(tb.fake.messages(channel), sent.id).find((m) => m.content === text), 20_000);
    expect(done.webhookId).not.toBe(first.webhookId);
    expect(done.author.username).toBe('Paul Graham');
    expect(tb.fake.webhooks(channel)).toHaveLength(1);

    const next = tb.fake.sendMessage({ channelId: channel, author: tb.member, content: 'and now?' });
    const reply = await tb.fake.waitFor(() => after(tb.fake.messages(channel), next.id).find((m) => m.content === 'Short answer.'), 15_000);
    expect(reply.webhookId).toBe(tb.fake.webhooks(channel)[0]!.id);
  }, 40_000);

  it('finishes as the bot when a new webhook is refused', async () => {
    const channel = tb.guild.channels.second!;
    const text = words(40, 'v');
    tb.app.anthropic!.enqueue({ text: wordChunks(text), chunkDelayMs: 60 });
    const sent = tb.fake.sendMessage({ channelId: channel, author: tb.member, content: 'another long one' });
    const first = await tb.fake.waitFor(() => after(tb.fake.messages(channel), sent.id).find((m) => m.webhookId !== null));
    tb.fake.setBotPermissions(tb.guild.id, 0n);
    tb.fake.deleteWebhook(first.webhookId!);
    const done = await tb.fake.waitFor(() => after(tb.fake.messages(channel), sent.id).find((m) => m.content === `**Paul Graham**\n${text}`), 20_000);
    expect(done.webhookId).toBeNull();
    expect(done.author.id).toBe(tb.fake.bot.id);
  }, 40_000);
});

describe('the invalid-request guard', () => {
  let tb: DiscordTestbed;
  beforeAll(async () => {
    tb = await startDiscordTestbed({ adapter: { invalidRequestLimit: 3 } });
    await withPaul(tb);
  }, 30_000);
  afterAll(async () => tb?.close());

  it('stops streaming edits past the limit, still lands the final text, and shows the count', async () => {
    const channel = tb.channel;
    const one = words(30, 'a');
    tb.app.anthropic!.enqueue({ text: wordChunks(one), chunkDelayMs: 50 });
    tb.fake.script429({ method: 'PATCH', path: /^\/webhooks\/\d+\/[^/]+\/messages\/\d+$/, times: 3, retryAfterMs: 200 });
    const s1 = tb.fake.sendMessage({ channelId: channel, author: tb.member, content: 'first' });
    await tb.fake.waitFor(() => after(tb.fake.messages(channel), s1.id).find((m) => m.content === one), 20_000);
    const gauge = (await (tb.app.deps.metrics.getSingleMetric('twinbridge_discord_invalid_requests') as Gauge).get()).values[0]!.value;
    expect(gauge).toBeGreaterThanOrEqual(3);

    const two = words(60, 'b');
    tb.app.anthropic!.enqueue({ text: wordChunks(two), chunkDelayMs: 60 });
    const s2 = tb.fake.sendMessage({ channelId: channel, author: tb.member, content: 'second' });
    const msg = await tb.fake.waitFor(() => after(tb.fake.messages(channel), s2.id).find((m) => m.content === two), 20_000);
    // Posted once with what it had, then the final text: no edits in between.
    expect(msg.edits).toBeLessThanOrEqual(1);
  }, 40_000);
});
