/**
 * Roundtables on Discord: 10 roundtables of 4 twins × 8 turns running at once in 10 channels,
 * started with `/twin discuss`, rendered by the real adapter (real discord.js client) against
 * the fake Discord's rate limits, with the fake model streaming each turn at a steady pace.
 *
 * Prints zero-or-not 429s, the adapter's own first-token → first-visible-text latency (p50/p99
 * from the raw observations of its histogram), and the gap between one turn's last
 * text landing and the next turn's first text, measured outside on the fake's message log. The
 * fake model sends a turn's first chunk with its response headers, so the gap is the engine's
 * and the renderer's own time plus the channel's rate budget.
 */
import { wordChunks } from '../test/fakes/anthropic/server.js';
import { MANAGE_GUILD, startDiscordTestbed } from '../test/fakes/discord/testbed.js';

const ROUNDTABLES = Number(process.env['BENCH_ROUNDTABLES'] ?? 10);
const TWINS = ['paul-graham', 'warren-buffett', 'charlie-munger', 'steve-jobs'];
const TURNS = 8;
const WORDS = 60;
const CHUNK_DELAY_MS = 25;

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

export async function runRoundtableBench(print: (line: string) => void = (l) => console.log(l)): Promise<void> {
  const names = Array.from({ length: ROUNDTABLES }, (_, i) => `rt-${i}`);
  const tb = await startDiscordTestbed({
    app: { env: { ROUNDTABLE_MAX_RUNNING_PER_CUSTOMER: String(ROUNDTABLES), JOB_ATTEMPTS: '1', WORKER_CONCURRENCY: String(ROUNDTABLES * 2) } },
    guild: { name: 'Bench', channels: names },
  });
  let requests = 0;
  tb.app.anthropic!.setDefault(() => {
    requests++;
    const words = Array.from({ length: WORDS }, (_, i) => `w${i}`).join(' ');
    return { text: wordChunks(words), chunkDelayMs: CHUNK_DELAY_MS };
  });
  const firstVisible: number[] = [];
  const recordFirstVisible = (ms: number) => firstVisible.push(ms);
  // The adapter reports each reply's first visible write through its metrics histogram; read the
  // raw figures by wrapping the histogram's observe.
  const hist = tb.app.deps.metrics.getSingleMetric('twinbridge_discord_first_visible_seconds') as unknown as { observe(v: number): void } | undefined;
  if (hist) {
    const observe = hist.observe.bind(hist);
    hist.observe = (v: number) => (recordFirstVisible(v * 1000), observe(v));
  }
  try {
    const channels = names.map((n) => tb.guild.channels[n]!);
    const before429 = tb.fake.stats().rateLimited;
    const started = Date.now();
    await Promise.all(
      channels.map((channelId) =>
        tb.fake.runCommand({
          channelId,
          user: tb.admin,
          permissions: MANAGE_GUILD,
          name: 'twin',
          subcommand: 'discuss',
          options: { topic: 'What should a small team build first?', twins: TWINS.join(', '), turns: TURNS, strategy: 'round_robin' },
        }),
      ),
    );
    // Every turn's final text landed: TURNS twin messages per channel, each with the whole reply.
    const full = Array.from({ length: WORDS }, (_, i) => `w${i}`).join(' ');
    await tb.fake.waitFor(() => channels.every((c) => tb.replies(c).filter((m) => m.webhookId !== null && m.content === full).length >= TURNS), 600_000);
    const totalMs = Date.now() - started;
    const rateLimited = tb.fake.stats().rateLimited - before429;

    // Gap: one turn's last write landed → the next turn's message (first text) created.
    const gaps: number[] = [];
    for (const c of channels) {
      const turns = tb.replies(c).filter((m) => m.webhookId !== null);
      for (let i = 1; i < turns.length; i++) gaps.push(turns[i]!.createdAt - (turns[i - 1]!.editedAt ?? turns[i - 1]!.createdAt));
    }
    print(`${ROUNDTABLES} roundtables × ${TWINS.length} twins × ${TURNS} turns on the Discord fake (${WORDS} words per turn, a chunk every ${CHUNK_DELAY_MS} ms)`);
    print('| turns landed | 429s | first token → visible p50 | p99 | turn end → next turn text p50 | p99 | total |');
    print('|---|---|---|---|---|---|---|');
    print(
      `| ${gaps.length + channels.length} | ${rateLimited} | ${percentile(firstVisible, 50).toFixed(0)} ms | ${percentile(firstVisible, 99).toFixed(0)} ms | ` +
        `${percentile(gaps, 50)} ms | ${percentile(gaps, 99)} ms | ${(totalMs / 1000).toFixed(1)} s |`,
    );
    print(`(model requests: ${requests}; first-visible samples: ${firstVisible.length})`);
  } finally {
    await tb.close();
  }
}
