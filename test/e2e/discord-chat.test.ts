/**
 * Twins answering in Discord channels, end to end: message -> queue -> engine (fake Anthropic)
 * -> reply stream -> streamed edits on the fake Discord, through the real discord.js client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Histogram } from 'prom-client';
import { wordChunks } from '../fakes/anthropic/server.js';
import { guildOwner } from '../../adapters/discord/identity.js';
import { answerAs, startDiscordTestbed, type DiscordTestbed } from '../fakes/discord/testbed.js';
import type { FakeMessage } from '../fakes/discord/index.js';

let tb: DiscordTestbed;
let general: string;
let second: string;
let third: string;

const ANSWERS = {
  'Paul Graham': 'Build something people want. Start small, talk to users, and iterate every week.',
  'Warren Buffett': 'Be fearful when others are greedy, and greedy when others are fearful.',
  'Charlie Munger': 'Invert, always invert.',
};

async function twinId(slug: string): Promise<string> {
  return (await tb.app.deps.catalog.resolve(slug)).id;
}

async function channelUuid(externalId: string): Promise<string> {
  const o = guildOwner(tb.guild.id);
  return (await tb.app.deps.channels.ensure({ platform: 'discord', externalId, customerId: o.customerId, workspaceUserId: o.userId })).id;
}

/** Waits for a twin's reply messages whose joined content satisfies `done`. */
async function replyFrom(channelId: string, name: string, done: (msgs: FakeMessage[]) => boolean, timeoutMs = 15_000): Promise<FakeMessage[]> {
  return tb.fake.waitFor(() => {
    const msgs = tb.replies(channelId).filter((m) => m.author.username === name || m.content.startsWith(`**${name}**`));
    return msgs.length > 0 && done(msgs) ? msgs : null;
  }, timeoutMs);
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  tb = await startDiscordTestbed();
  [general, second, third] = [tb.guild.channels.general!, tb.guild.channels.second!, tb.guild.channels.third!];
  const owner = guildOwner(tb.guild.id);
  await tb.app.deps.workspace.add(owner, { twinId: await twinId('paul-graham'), participationMode: 'active' });
  await tb.app.deps.workspace.add(owner, { twinId: await twinId('warren-buffett'), participationMode: 'on-demand' });
  await tb.app.deps.workspace.add(owner, { twinId: await twinId('charlie-munger'), participationMode: 'observer' });
  // In #third nobody is active: Paul only observes there.
  await tb.app.deps.workspace.setChannelMode(owner, await channelUuid(third), await twinId('paul-graham'), 'observer');
  tb.app.anthropic!.setDefault(answerAs(ANSWERS));
}, 30_000);

afterAll(async () => tb?.close());

describe('twins answering messages', () => {
  it('answers a mention with the active twin, under its own name via the channel webhook, with typing first', async () => {
    const user = tb.fake.user('ana');
    tb.fake.sendMessage({ channelId: general, author: user, content: 'what should I build?', mentionBot: true });
    const [reply] = await replyFrom(general, 'Paul Graham', (m) => m[0]!.content === ANSWERS['Paul Graham']);
    expect(reply!.webhookId).not.toBeNull();
    expect(tb.fake.webhooks(general)).toHaveLength(1);
    expect(tb.fake.stats().byRoute['POST /channels/:id/typing']).toBeGreaterThanOrEqual(1);
    // Only the active twin speaks; the on-demand and observer twins stay silent.
    await settle(300);
    expect(tb.replies(general).filter((m) => m.author.username !== 'Paul Graham')).toHaveLength(0);
  });

  it('answers an addressed on-demand twin, and only that twin', async () => {
    const before = tb.replies(second).length;
    tb.fake.sendMessage({ channelId: second, author: tb.member, content: '@warren-buffett should I buy the dip?' });
    await replyFrom(second, 'Warren Buffett', (m) => m[0]!.content === ANSWERS['Warren Buffett']);
    await settle(300);
    expect(tb.replies(second)).toHaveLength(before + 1);
  });

  it('keeps an observer silent, and ignores messages where nobody is active or addressed', async () => {
    const requests = tb.app.anthropic!.stats.received;
    tb.fake.sendMessage({ channelId: third, author: tb.member, content: 'Charlie Munger, what do you think?' });
    tb.fake.sendMessage({ channelId: third, author: tb.member, content: 'just chatting here' });
    await settle(1500);
    expect(tb.replies(third)).toHaveLength(0);
    expect(tb.app.anthropic!.stats.received).toBe(requests);
  });

  it('lets two addressed twins answer in one channel, each in its own message', async () => {
    tb.fake.sendMessage({ channelId: second, author: tb.member, content: '@paul-graham @warren-buffett how do I pick a market?' });
    const paul = await replyFrom(second, 'Paul Graham', (m) => m.some((x) => x.content === ANSWERS['Paul Graham']));
    const warren = await replyFrom(second, 'Warren Buffett', (m) => m.length >= 2 && m.at(-1)!.content === ANSWERS['Warren Buffett']);
    expect(paul.at(-1)!.id).not.toBe(warren.at(-1)!.id);
  });

  it('explains with /twin why who answered the last message', async () => {
    const why = await tb.fake.runCommand({ channelId: second, user: tb.member, name: 'twin', subcommand: 'why' });
    const content = String(why.callback.data?.content);
    expect(content).toMatch(/Paul Graham\*\* \(addressed\)/);
    expect(content).toMatch(/Warren Buffett\*\* \(addressed\)/);
  });

  it('ignores bot and webhook authors, so twins never answer each other', async () => {
    const requests = tb.app.anthropic!.stats.received;
    const otherBot = { ...tb.fake.user('other-bot'), bot: true };
    tb.fake.sendMessage({ channelId: general, author: otherBot, content: 'I am a bot, hello Paul Graham' });
    await settle(1500);
    expect(tb.app.anthropic!.stats.received).toBe(requests);
  });

  it('answers a redelivered message once', async () => {
    const requests = tb.app.anthropic!.stats.received;
    const before = tb.replies(general).length;
    const msg = tb.fake.sendMessage({ channelId: general, author: tb.member, content: 'one more question' });
    tb.fake.redeliver(msg.id);
    await replyFrom(general, 'Paul Graham', (m) => m.length >= before + 1 && m.at(-1)!.content === ANSWERS['Paul Graham']);
    tb.fake.redeliver(msg.id);
    await settle(1500);
    expect(tb.replies(general)).toHaveLength(before + 1);
    expect(tb.app.anthropic!.stats.received).toBe(requests + 1);
  });
});

describe('streaming', () => {
  it('grows the reply by throttled edits, at most one per second per message', async () => {
    const text = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    tb.app.anthropic!.enqueue({ text: wordChunks(text), chunkDelayMs: 60 });
    const sent = tb.fake.sendMessage({ channelId: general, author: tb.member, content: 'stream please' });
    const [msg] = await replyFrom(general, 'Paul Graham', (m) => m.some((x) => BigInt(x.id) > BigInt(sent.id) && x.content === text))
      .then((m) => m.filter((x) => BigInt(x.id) > BigInt(sent.id)));
    expect(msg!.edits).toBeGreaterThanOrEqual(2);
    expect(msg!.history.at(-1)).toBe(text);
    const edits = tb.fake.state.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${msg!.id}`)).map((r) => r.at);
    for (let i = 1; i < edits.length; i++) expect(edits[i]! - edits[i - 1]!).toBeGreaterThanOrEqual(950);
    // The cost is visible as a metric on the app's registry.
    const metric = await (tb.app.deps.metrics.getSingleMetric('twinbridge_discord_edits_per_reply') as Histogram).get();
    expect(metric.values.find((v) => v.metricName === 'twinbridge_discord_edits_per_reply_count')!.value).toBeGreaterThan(0);
  });

  it('splits a 5,000-character reply with a code block across messages, losing nothing', async () => {
    const prose = (n: number) => Array.from({ length: n }, (_, i) => `Sentence ${i} explains one more detail of the design.`).join(' ');
    const code = Array.from({ length: 70 }, (_, i) => `const step${i} = await run(${i}); // keep going`).join('\n');
    const text = `${prose(28)}\n\n\`\`\`ts\n${code}\n\`\`\`\n\n${prose(18)}`;
    expect(text.length).toBeGreaterThan(5000);
    tb.app.anthropic!.enqueue({ text: wordChunks(text) });
    const sent = tb.fake.sendMessage({ channelId: general, author: tb.member, content: 'give me the long version' });
    const after = (m: FakeMessage[]) => m.filter((x) => BigInt(x.id) > BigInt(sent.id));
    const msgs = after(
      await replyFrom(general, 'Paul Graham', (m) => after(m).length >= 3 && after(m).at(-1)!.content.endsWith(prose(18).slice(-40)), 30_000),
    );
    for (const m of msgs) {
      expect(m.content.length).toBeLessThanOrEqual(2000);
      expect((m.content.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
    const codeLines = msgs.flatMap((m) => m.content.split('\n')).filter((l) => l.startsWith('const step'));
    expect(codeLines).toEqual(code.split('\n'));
    const squash = (s: string) => s.replace(/```(ts)?/g, '').replace(/\s+/g, '');
    expect(squash(msgs.map((m) => m.content).join(''))).toBe(squash(text));
  }, 40_000);

  it('still lands the final text after a 429 during streaming', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `token${i}`).join(' ');
    tb.app.anthropic!.enqueue({ text: wordChunks(text), chunkDelayMs: 50 });
    const limitedBefore = tb.fake.stats().rateLimited;
    tb.fake.script429({ method: 'PATCH', path: /^\/webhooks\/\d+\/[^/]+\/messages\/\d+$/, times: 2, retryAfterMs: 800 });
    const sent = tb.fake.sendMessage({ channelId: general, author: tb.member, content: 'stream through a 429' });
    await replyFrom(general, 'Paul Graham', (m) => m.some((x) => BigInt(x.id) > BigInt(sent.id) && x.content === text), 20_000);
    expect(tb.fake.stats().rateLimited).toBe(limitedBefore + 2);
  }, 30_000);

  it('edits the reply to a short human sentence when the job fails', async () => {
    tb.app.anthropic!.enqueue({ error: { status: 400, type: 'invalid_request_error', message: 'secret internal detail' } });
    const sent = tb.fake.sendMessage({ channelId: general, author: tb.member, content: 'this one fails' });
    const msg = await tb.fake.waitFor(() => tb.fake.messages(general).find((m) => BigInt(m.id) > BigInt(sent.id) && m.content.startsWith('⚠️')), 20_000);
    expect(msg.content).not.toMatch(/secret internal detail|Error:|\n\s+at /);
  }, 30_000);
});

describe('/ask', () => {
  it('streams one twin into the deferred interaction reply', async () => {
    const ask = await tb.fake.runCommand({ channelId: general, user: tb.member, name: 'ask', options: { twin: 'charlie-munger', message: 'how to think?' } });
    expect(ask.callback.type).toBe(5);
    const original = await ask.waitForOriginal((m) => m.content === `**Charlie Munger**\n${ANSWERS['Charlie Munger']}`, 15_000);
    expect(original.interactionId).toBe(ask.id);
  });

  it('answers an unknown twin with an ephemeral sentence and no job', async () => {
    const ask = await tb.fake.runCommand({ channelId: general, user: tb.member, name: 'ask', options: { twin: 'nobody-like-this', message: 'hi' } });
    expect(ask.callback.type).toBe(4);
    expect(ask.ephemeral).toBe(true);
    expect(String(ask.callback.data?.content)).toMatch(/No twin matches/);
  });
});

describe('without Manage Webhooks', () => {
  it('speaks as the bot with the twin name in bold', async () => {
    const plain = tb.fake.addGuild({ name: 'No webhooks', channels: ['plain'], botPermissions: 0n });
    const owner = guildOwner(plain.id);
    await tb.app.deps.workspace.add(owner, { twinId: await twinId('paul-graham') });
    const channel = plain.channels.plain!;
    await settle(200);
    const sent = tb.fake.sendMessage({ channelId: channel, author: tb.member, content: 'hello there' });
    const msg = await tb.fake.waitFor(() => tb.fake.messages(channel).find((m) => m.author.bot && m.content === `**Paul Graham**\n${ANSWERS['Paul Graham']}`), 15_000);
    expect(msg.webhookId).toBeNull();
    expect(msg.replyTo).toBe(sent.id);
    expect(tb.fake.webhooks(channel)).toHaveLength(0);
  });
});

describe('direct messages', () => {
  it('answers a DM with the user own workspace (the default assistant when it is empty)', async () => {
    const dmUser = tb.fake.user('dm-user');
    const dm = tb.fake.openDm(dmUser);
    tb.fake.sendMessage({ channelId: dm, author: dmUser, content: 'hello bot' });
    const msg = await tb.fake.waitFor(() => tb.fake.messages(dm).find((m) => m.content === '**Twinbridge Assistant**\nI am the assistant.'), 15_000);
    expect(msg.author.id).toBe(tb.fake.bot.id);
    expect(msg.webhookId).toBeNull();
  });
});

describe('without the Message Content intent', () => {
  let limited: DiscordTestbed;
  beforeAll(async () => {
    limited = await startDiscordTestbed({ fake: { allowMessageContent: false } });
    const owner = guildOwner(limited.guild.id);
    await limited.app.deps.workspace.add(owner, { twinId: (await limited.app.deps.catalog.resolve('paul-graham')).id, participationMode: 'active' });
    limited.app.anthropic!.setDefault(answerAs(ANSWERS));
  }, 30_000);
  afterAll(async () => limited?.close());

  it('still connects, answers mentions, and cannot see other messages', async () => {
    const channel = limited.channel;
    limited.fake.sendMessage({ channelId: channel, author: limited.member, content: 'no mention, no content visible' });
    await settle(1000);
    expect(limited.replies(channel)).toHaveLength(0);
    limited.fake.sendMessage({ channelId: channel, author: limited.member, content: 'with a mention', mentionBot: true });
    await limited.fake.waitFor(() => limited.replies(channel).find((m) => m.content === ANSWERS['Paul Graham']), 15_000);
    expect(limited.fake.gatewayCounts().identifies).toBe(1);
  });
});
