/**
 * A roundtable on Discord, end to end on the fakes: `/twin discuss` with three twins → a header,
 * then each turn its own message under its twin's webhook identity, in order; a person's channel
 * message joins (and gets no normal reply); `/twin why` explains the last turn; `/twin stop`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordChunks } from '../fakes/anthropic/server.js';
import type { InteractionHandle } from '../fakes/discord/index.js';
import { MANAGE_GUILD, startDiscordTestbed, type DiscordTestbed } from '../fakes/discord/testbed.js';

let tb: DiscordTestbed;
const ANSWERS: Record<string, string> = {
  'Paul Graham': 'Make something people want, Warren.',
  'Warren Buffett': 'Charlie, price is what you pay; value is what you get.',
  'Charlie Munger': 'Invert, always invert. Paul, you go next.',
};

beforeAll(async () => {
  tb = await startDiscordTestbed({ app: { env: { SHUTDOWN_GRACE_MS: '200' } } });
  tb.app.anthropic!.setDefault((req) => {
    const name = Object.keys(ANSWERS).find((n) => req.lastUserText.includes(`It is your turn, ${n}`));
    return { text: wordChunks(name ? ANSWERS[name]! : 'I am the assistant.'), chunkDelayMs: 80 };
  });
}, 30_000);
afterAll(async () => tb?.close());

const contentOf = (h: InteractionHandle): string => String(h.callback.data?.content ?? h.original()?.content ?? '');
const twin = (sub: string, options: Record<string, string | number | boolean> = {}) =>
  tb.fake.runCommand({ channelId: tb.channel, user: tb.admin, permissions: MANAGE_GUILD, name: 'twin', subcommand: sub, options });

describe('/twin discuss', () => {
  it('suggests twins for a comma-separated list, keeping the names before', async () => {
    const choices = await tb.fake.autocomplete({ channelId: tb.channel, user: tb.admin, name: 'twin', subcommand: 'discuss', options: { topic: 't', twins: 'paul-graham, warren' }, focused: 'twins' });
    expect(choices.map((c) => c.value)).toContain('paul-graham, warren-buffett');
  });

  it('header, then turns under three identities in order; a channel message joins; why; stop', async () => {
    const started = await twin('discuss', { topic: 'How should a founder think about risk?', twins: 'paul-graham, warren-buffett, charlie-munger', turns: 20, strategy: 'round_robin' });
    const header = await started.waitFor(() => (/Roundtable/.test(contentOf(started)) ? contentOf(started) : null));
    expect(header).toContain('**Paul Graham**, **Warren Buffett**, **Charlie Munger**');
    expect(header).toContain('up to 20 turns');

    // Turns 1-3 land as their own messages, each under its twin's name (webhook identity).
    const finished = (n: number) => {
      const first = tb.replies().slice(0, n);
      return first.length === n && first.every((m) => Object.values(ANSWERS).includes(m.content));
    };
    await tb.fake.waitFor(() => finished(1), 15_000);
    const ana = tb.fake.user('ana');
    tb.fake.sendMessage({ channelId: tb.channel, author: ana, content: 'What about a downturn?' });
    await tb.fake.waitFor(() => finished(3), 15_000);
    const replies = tb.replies();
    expect(replies.slice(0, 3).map((m) => [m.author.username, m.content])).toEqual([
      ['Paul Graham', ANSWERS['Paul Graham']],
      ['Warren Buffett', ANSWERS['Warren Buffett']],
      ['Charlie Munger', ANSWERS['Charlie Munger']],
    ]);
    expect(replies.slice(0, 3).every((m) => m.webhookId !== null)).toBe(true);

    const store = tb.app.core.store.roundtables;
    const [rt] = await store.list({});
    expect(rt!.status).toBe('running');
    const state = (await store.get(rt!.id))!;
    expect(state.messages.map((m) => [m.author, m.content])).toEqual([['ana', 'What about a downturn?']]);
    // The person's message joined the roundtable and got no reply of its own.
    const jobs = await tb.app.core.queue.queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
    expect(jobs.filter((j) => j.name === 'chat')).toHaveLength(0);

    const why = await twin('why');
    expect(contentOf(why)).toMatch(/Roundtable turn \d+ went to \*\*(Paul Graham|Warren Buffett|Charlie Munger)\*\*: round robin/);

    const stopped = await twin('stop');
    expect(contentOf(stopped)).toMatch(/Roundtable stopped/);
    const after = (await store.get(rt!.id))!;
    expect(after.roundtable).toMatchObject({ status: 'stopped', stoppedBy: 'stopped' });
    await tb.fake.waitFor(async () => (await store.get(rt!.id))!.turns.every((t) => t.reply !== null), 15_000);
    const again = await twin('stop');
    expect(contentOf(again)).toMatch(/No roundtable is running/);
  });
});
