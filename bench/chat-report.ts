/**
 * The chat bench's tables and goal lines, for one database or several side by side (BENCH_DATABASE).
 * Goals are judged only at full size (BENCH_SCALE=1): a smaller run checks the bench, not the service.
 */
import type { BenchDatabaseKind } from './databases.js';

export interface Row {
  [key: string]: string | number;
}

/** What one run of the chat bench measured (bench/chat.ts). */
export interface ChatRun {
  /** A. closed loop at 1, 100, 1,000 streams (scaled). */
  closed: Row[];
  /** B. held streams: 100 and 1,000 (scaled). */
  held: Row[];
  /** RSS per app process. */
  processes: Row[];
  idleApiMb: number;
  idleSumMb: number;
  heldPeakMb: number;
  maxOpen: number;
  /** C. Redis commands per chat job over `jobsCounted` sequential jobs. */
  perJob: number;
  /** The same, by command, most first. */
  perJobByCommand: (readonly [string, number])[];
  jobsCounted: number;
  chatRate: number;
  bullRate: number;
  /** Redis commands per BullMQ no-op job on the same Redis (the floor). */
  bullPerJob: number;
}

export interface ChatReportOptions {
  single: boolean;
  runtime: string;
  scale: number;
  privateRedis: boolean;
  /** 100 and 1,000 streams, as the run scaled them (BENCH_SCALE). */
  n100: number;
  n1000: number;
}

type Runs = { kind: BenchDatabaseKind; result: ChatRun }[];

/** Row i of every run, one after the other, each tagged with its database. */
function interleave(runs: Runs, pick: (r: ChatRun) => Row[]): Row[] {
  const rows: Row[] = [];
  const n = Math.max(...runs.map((r) => pick(r.result).length));
  for (let i = 0; i < n; i++) {
    for (const { kind, result } of runs) {
      const row = pick(result)[i];
      if (row) rows.push({ db: kind, ...row });
    }
  }
  return rows;
}

const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

function goals(run: ChatRun, o: ChatReportOptions, tag: string): void {
  const at100 = run.held[0]!;
  const a50 = Number(at100['added p50']);
  const a99 = Number(at100['added p99']);
  console.log(
    `${tag}goal at 100 streams: added TTFT p50 ${a50} ms (<= 4: ${met(a50 <= 4)}), p99 ${a99} ms (<= 15: ${met(a99 <= 15)}) ` +
      `[held streams; closed loop at 100 gives p50 ${run.closed[1]!['added p50']} / p99 ${run.closed[1]!['added p99']} ms, which is queueing at saturation]`,
  );
  const c99 = Number(run.held[1]!['added p99']);
  console.log(`${tag}goal at 1,000 held streams: added TTFT p99 ${c99} ms (<= 60: ${met(c99 <= 60)})`);
  console.log(`${tag}goal: >= 1,000 chat jobs/s at 1,000 closed-loop streams: ${met(run.chatRate >= 1000)} (${run.chatRate})`);
  if (!o.single) console.log(`${tag}goal: idle api process <= 90 MB RSS: ${met(run.idleApiMb <= 90)} (${Math.round(run.idleApiMb)} MB after warm-up)`);
  console.log(
    `${tag}goal: 1,000 concurrent streams in < 300 MB RSS (api + worker): ${met(run.heldPeakMb < 300 && run.maxOpen >= 1000)} ` +
      `(peak ${Math.round(run.heldPeakMb)} MB with ${run.maxOpen} streams open; idle ${Math.round(run.idleSumMb)} MB)`,
  );
}

/** The figures a reader compares across databases, one column per database. */
function beside(runs: Runs): Row[] {
  const metrics = ['jobs/s', 'added p50', 'added p99', 'connected p50', 'relay p50', 'errors'];
  const first = runs[0]!.result;
  return [...first.closed, ...first.held].map((row, i) => {
    const out: Row = { load: row['load']! };
    for (const metric of metrics) {
      for (const { kind, result } of runs) out[`${metric} ${kind}`] = [...result.closed, ...result.held][i]?.[metric] ?? NaN;
    }
    return out;
  });
}

export function printChatReport(runs: Runs, o: ChatReportOptions): void {
  const topology = o.single ? 'api and worker in ONE process' : 'api and worker as two processes';
  const dbs = runs.map((r) => (r.kind === 'sqlite' ? 'SQLite file' : 'throwaway PostgreSQL database')).join(', then ');
  const size = o.scale === 1 ? '' : `; BENCH_SCALE=${o.scale} (loads scaled down, goals not judged)`;
  console.log(`\nChat engine bench: ${topology}, ${o.runtime}; store: ${dbs}; fake Messages API in a thread of this process; WORKER_CONCURRENCY=1024${size}.`);
  console.log('TTFT = request sent -> first text_delta frame; SDK = the same request straight through @anthropic-ai/sdk to the same fake;');
  console.log('added = TTFT - SDK; connected = request -> `connected` frame (api share); relay = fake wrote a chunk -> its text_delta frame arrived. ms.');
  console.log('\nA. closed loop, model instant (all chunks of a reply written at once): saturation and throughput');
  console.table(interleave(runs, (r) => r.closed));
  console.log(`\nB. held streams: 5 chunks per reply, paced; clients ramp up, ${o.n100} or ${o.n1000} streams open at once`);
  console.table(interleave(runs, (r) => r.held));
  console.table(interleave(runs, (r) => r.processes));
  for (const { kind, result } of runs) {
    const tag = runs.length > 1 ? `[${kind}] ` : '';
    console.log(
      `\n${tag}C. saturation: ${result.chatRate} chat jobs/s at ${o.n1000} closed-loop streams; BullMQ no-op job round trip on the same Redis: ` +
        `${Math.round(result.bullRate)} jobs/s; ratio ${(result.chatRate / result.bullRate).toFixed(3)}`,
    );
    console.log(
      `${tag}Redis commands per chat job (${result.jobsCounted} sequential jobs, INFO commandstats delta${o.privateRedis ? ', private redis-server' : ', SHARED Redis: other clients included'}): ${result.perJob.toFixed(1)}`,
    );
    console.log(`${tag}  BullMQ no-op job on the same Redis: ${result.bullPerJob.toFixed(1)} commands (the floor a queued job cannot go below)`);
    console.log(`${tag}  by command: ${result.perJobByCommand.map(([c, n]) => `${c} ${n.toFixed(1)}`).join(', ')}`);
    if (o.scale === 1) goals(result, o, tag);
  }
  if (runs.length > 1) {
    console.log(`\nPostgreSQL beside SQLite (the same loads on the same fake and Redis; only the store differs):`);
    console.table(beside(runs));
  }
}
