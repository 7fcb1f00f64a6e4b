/**
 * Discord rendering cost: edits per reply and time from the first streamed token to the first
 * text visible on Discord, for 1 and 10 twins streaming in one channel at once, against the fake
 * Discord's rate limits (5 writes per 5 s per channel/webhook). Goal: zero 429s at the defaults.
 *
 * Runs the real app (Redis queue, engine worker, fake Anthropic streaming at a steady pace) and
 * the real discord.js client through the adapter with its default settings.
 */
import type { Histogram } from 'prom-client';
import { wordChunks } from '../test/fakes/anthropic/server.js';
import { startDiscordTestbed } from '../test/fakes/discord/testbed.js';
import { guildOwner } from '../adapters/discord/identity.js';

export interface DiscordBenchRow {
  scenario: string;
  twins: number;
  repliesLanded: number;
  editsPerReplyAvg: number;
  editsPerReplyMax: number;
  /** Adapter-measured: first text_delta received -> first write with text landed (mean). */
  firstTokenToVisibleMs: number;
  /** Outside view: user message posted -> each twin's first message visible (p50 / max). */
  messageToFirstTextP50Ms: number;
  messageToFirstTextMaxMs: number;
  /** Until every twin's final text landed. */
  totalMs: number;
  rateLimited429s: number;
}

export interface DiscordBenchOptions {
  /** Words per reply (one Discord message at the default). */
  words?: number;
  /** Delay between streamed model chunks. */
  chunkDelayMs?: number;
  print?: (line: string) => void;
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

function histogramTotals(h: Histogram): Promise<{ sum: number; count: number }> {
  return Promise.resolve(h.get()).then((m) => ({
    sum: m.values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0,
    count: m.values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0,
  }));
}

/** Prints the table for `npm run bench` (bench/index.ts); the rows come from `measureDiscordBench`. */
export async function runDiscordBench(opts: DiscordBenchOptions = {}): Promise<void> {
  await measureDiscordBench(opts);
}

export async function measureDiscordBench(opts: DiscordBenchOptions = {}): Promise<DiscordBenchRow[]> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const words = opts.words ?? 120;
  const reply = Array.from({ length: words }, (_, i) => `word${i}`).join(' ');
  const tb = await startDiscordTestbed({ app: { env: { MAX_ACTIVE_TWINS_PER_CHANNEL: '10', JOB_ATTEMPTS: '1' } } });
  const rows: DiscordBenchRow[] = [];
  try {
    tb.app.anthropic!.setDefault(() => ({ text: wordChunks(reply), chunkDelayMs: opts.chunkDelayMs ?? 40 }));
    const catalog = (await tb.app.deps.catalog.list({ page: 1, pageSize: 10 })).items;
    const firstVisible = tb.app.deps.metrics.getSingleMetric('twinbridge_discord_first_visible_seconds') as Histogram;

    for (const n of [1, 10]) {
      const guild = tb.fake.addGuild({ name: `bench-${n}`, channels: [`bench-${n}`] });
      const channel = guild.channels[`bench-${n}`]!;
      for (const t of catalog.slice(0, n)) await tb.app.deps.workspace.add(guildOwner(guild.id), { twinId: t.id, participationMode: 'active' });
      await tb.fake.waitFor(() => tb.fake.state.guilds.has(guild.id));
      await new Promise((r) => setTimeout(r, 200)); // let discord.js cache the new guild

      const before429 = tb.fake.stats().rateLimited;
      const beforeHist = await histogramTotals(firstVisible);
      const sent = tb.fake.sendMessage({ channelId: channel, author: tb.member, content: 'everyone, go', mentionBot: true });
      const started = Date.now();
      const landed = await tb.fake.waitFor(() => {
        const msgs = tb.replies(channel).filter((m) => BigInt(m.id) > BigInt(sent.id));
        return msgs.filter((m) => m.content === reply).length >= n ? msgs : null;
      }, 180_000);
      const totalMs = Date.now() - started;
      const afterHist = await histogramTotals(firstVisible);
      const edits = landed.map((m) => m.edits);
      const firstText = landed.map((m) => m.createdAt - sent.createdAt);
      const count = afterHist.count - beforeHist.count;
      rows.push({
        scenario: `${n} twin${n === 1 ? '' : 's'} in one channel`,
        twins: n,
        repliesLanded: landed.length,
        editsPerReplyAvg: Number((edits.reduce((a, b) => a + b, 0) / Math.max(1, edits.length)).toFixed(1)),
        editsPerReplyMax: Math.max(0, ...edits),
        firstTokenToVisibleMs: count ? Math.round(((afterHist.sum - beforeHist.sum) / count) * 1000) : 0,
        messageToFirstTextP50Ms: percentile(firstText, 50),
        messageToFirstTextMaxMs: percentile(firstText, 100),
        totalMs,
        rateLimited429s: tb.fake.stats().rateLimited - before429,
      });
    }
  } finally {
    await tb.close();
  }
  print('| scenario | replies | edits/reply avg | max | first token → visible | msg → first text p50 | max | total | 429s |');
  print('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    print(
      `| ${r.scenario} | ${r.repliesLanded} | ${r.editsPerReplyAvg} | ${r.editsPerReplyMax} | ${r.firstTokenToVisibleMs} ms | ` +
        `${r.messageToFirstTextP50Ms} ms | ${r.messageToFirstTextMaxMs} ms | ${(r.totalMs / 1000).toFixed(1)} s | ${r.rateLimited429s} |`,
    );
  }
  return rows;
}
