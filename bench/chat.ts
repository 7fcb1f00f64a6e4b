/**
 * Chat engine overhead. The deployment runs as in production: an `api` process and a `worker`
 * process (src/main.ts with ROLES=api / ROLES=worker) on the real Redis and a SQLite file (or a
 * throwaway PostgreSQL database, BENCH_DATABASE; bench/databases.ts). The
 * model is the loopback fake of the Messages API (a thread of this process, record: false), which
 * answers at once. Streams are driven over HTTP by clients in this process, each with its own
 * keep-alive connection and channel; the baseline sends the engine's exact request (persona,
 * rules, tools, cache marks) straight through @anthropic-ai/sdk to the same fake.
 *
 *   npx tsx bench/chat.ts            (or `npm run bench -- chat`; about 75 s)
 *   BENCH_TOPOLOGY=single            api and worker in one process (ROLES=api,worker)
 *   BENCH_APP_ENTRY=dist/src/main.js run compiled JS instead of src/main.ts through tsx
 *   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"   profile the app processes
 *   BENCH_DATABASE=postgres|both     the store: SQLite (default), PostgreSQL, or both side by side
 *   BENCH_SCALE=0.02                 every client count and job total times this (a quick check
 *                                    that the bench runs; goals are judged only at 1)
 *   DATABASE_POOL_SIZE=32            PostgreSQL connections per app process (default 10)
 *
 * B. Held streams (run first): replies of 5 chunks paced by the fake (the first after `pace`), clients
 *    ramping up, so 100 or 1,000 streams are open at once while new ones start: time to first
 *    token (request sent -> first `text_delta` frame) against the SDK's under the same pacing,
 *    and the RSS of the app processes while 1,000 streams are open.
 * A. Closed loop with the instant model at 1, 100 and 1,000 concurrent streams: TTFT against the
 *    SDK's, jobs/s, time to `connected` (the api's share: auth, validation, database insert,
 *    enqueue) and per-delta relay (the fake stamps each chunk with when it wrote it; relay is
 *    the time until its `text_delta` frame arrives: SDK parse, engine, Redis publish, pub/sub,
 *    SSE). With no think time anywhere this saturates above a few streams: TTFT there is mostly
 *    queueing (streams / throughput).
 *
 * C. Redis commands per chat job (INFO commandstats deltas, on a private redis-server unless
 *    BENCH_REDIS_URL is set) and a BullMQ no-op job round trip on the same Redis, as a ratio.
 *
 * Goals (issue 11): >= 1,000 chat jobs/s at saturation; added TTFT p50 <= 4 ms, p99 <= 15 ms at 100
 * held streams, p99 <= 60 ms at 1,000; 1,000 streams in <= 300 MB RSS for api + worker, idle api
 * <= 90 MB. Run compiled (npm run build; BENCH_APP_ENTRY=dist/src/main.js) as the goals assume.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { printChatReport, type ChatRun, type Row } from './chat-report.js';
import { onEachDatabase, type BenchDatabase } from './databases.js';

const now = (): number => performance.timeOrigin + performance.now();
const CHUNKS = 8;
const REPO = fileURLToPath(new URL('..', import.meta.url));
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
/** Set BENCH_REDIS_URL to use a given Redis; by default a private redis-server is started, so
 * INFO commandstats counts this bench's commands only (the shared Redis carries other work). */
let REDIS_URL = process.env['BENCH_REDIS_URL'] ?? '';
const JWT_SECRET = randomBytes(32).toString('hex');
const MODEL = 'claude-sonnet-4-6';
const BUDGET_MS = 110_000;

// ---------------------------------------------------------------------------------------------
// The fake model (its own thread, so serving it does not queue behind the load generator)

interface FakeControl {
  /** Milliseconds before each chunk (0: the whole reply at once). */
  pace?: number;
  chunks?: number;
}

if (!isMainThread && (workerData as { kind?: string } | undefined)?.kind === 'chat-bench-fake') {
  const { startFakeAnthropic } = await import('../test/fakes/anthropic/server.js');
  const fake = await startFakeAnthropic({ record: false });
  let pace = 0;
  let chunks = CHUNKS;
  // Each chunk carries the time the reply was produced and its index: chunk i is written at
  // that time plus (i + 1) * pace (at once when pace is 0).
  fake.setDefault(() => {
    const t = now().toFixed(3);
    return { text: Array.from({ length: chunks }, (_, i) => `w${i}~${t}~${pace} `), ...(pace ? { chunkDelayMs: pace } : {}) };
  });
  parentPort!.on('message', (m: FakeControl) => {
    if (m.pace !== undefined) pace = m.pace;
    if (m.chunks !== undefined) chunks = m.chunks;
  });
  parentPort!.postMessage({ url: fake.url });
}

// ---------------------------------------------------------------------------------------------
// Helpers

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function stats(xs: number[]): { p50: number; p99: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

const ms = (x: number): number => +x.toFixed(2);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Resident and peak resident set (MB) of a process, from /proc. */
function rssOf(pid: number | undefined): { rss: number; hwm: number } {
  if (!pid) return { rss: NaN, hwm: NaN };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/** A private redis-server on a free port, without persistence. */
async function startPrivateRedis(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const { Redis } = await import('ioredis');
  for (let i = 0; i < 100; i++) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const ok = await r.connect().then(() => r.ping(), () => null);
    r.disconnect();
    if (ok === 'PONG') return { url, stop: () => child.kill('SIGTERM') };
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error('private redis-server did not start');
}

/** Commands served by Redis so far, by command (INFO commandstats). */
async function redisCommands(url: string): Promise<Map<string, number>> {
  const { Redis } = await import('ioredis');
  const r = new Redis(url);
  const info = await r.info('commandstats');
  r.disconnect();
  const out = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out.set(m[1]!, Number(m[2]));
  return out;
}

const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

/** Saturation throughput of BullMQ itself on the same Redis: no-op jobs, add -> completed. */
async function bullNoop(url: string, total: number, concurrency: number): Promise<number> {
  const { Queue, Worker: BullWorker } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const conn = () => new Redis(url, { maxRetriesPerRequest: null });
  const prefix = `tbbench-noop-${randomBytes(3).toString('hex')}`;
  const queue = new Queue('noop', { connection: conn(), prefix, defaultJobOptions: { removeOnComplete: true } });
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const worker = new BullWorker('noop', async () => undefined, { connection: conn(), prefix, concurrency });
  worker.on('completed', () => {
    if (++done === total) resolveAll();
  });
  await worker.waitUntilReady();
  const t0 = now();
  // Closed loop like the chat phase: `concurrency` producers, each adding its next job at once.
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        await queue.add('noop', {});
      }
    }),
  );
  await all;
  const rate = total / ((now() - t0) / 1000);
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return rate;
}

async function signToken(userId: string): Promise<string> {
  const { SignJWT } = await import('jose');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + 3600)
    .sign(new TextEncoder().encode(JWT_SECRET));
}

function spawnRoles(roles: string, env: Record<string, string>): ChildProcess & { tail: string[] } {
  // BENCH_NODE_ARGS lets a profile be taken (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof");
  // BENCH_APP_ENTRY runs a compiled main.js instead of src/main.ts through tsx.
  const extra = (process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const entry = process.env['BENCH_APP_ENTRY'];
  const child = spawn(process.execPath, [...extra, ...(entry ? [entry] : ['--import', 'tsx', MAIN])], {
    cwd: REPO,
    env: { PATH: process.env['PATH'] ?? '', ...env, ROLES: roles },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { tail: string[] };
  child.tail = [];
  const keep = (chunk: Buffer) => {
    child.tail.push(chunk.toString());
    if (child.tail.length > 20) child.tail.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return child;
}

async function waitHealthy(url: string, child: ChildProcess & { tail: string[] }): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api exited (${child.exitCode}):\n${child.tail.join('')}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`api did not start:\n${child.tail.join('')}`);
}

// ---------------------------------------------------------------------------------------------
// Load: streams through the service, and the same prompt straight through the SDK

interface Sample {
  connected: number;
  ttft: number;
  relay: number[];
  ok: boolean;
}

interface Plan {
  /** Concurrent clients, each with its own connection and channel, one stream at a time. */
  clients: number;
  /** Streams in all (closed loop until then). */
  total: number;
  /** Client c starts at c * rampMs / clients (0: all at once). */
  rampMs?: number;
  /** No client starts a stream later than this after the phase began. */
  untilMs?: number;
}

interface Phase {
  samples: Sample[];
  wallMs: number;
  maxOpen: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `one` per the plan's clients, ramp and limits; `open` tracks streams in flight. */
async function drive(plan: Plan, deadline: number, one: (client: number, open: { n: number; max: number }) => Promise<Sample>): Promise<Phase> {
  const samples: Sample[] = [];
  const open = { n: 0, max: 0 };
  let next = 0;
  const started = now();
  const stopAt = Math.min(deadline, Date.now() + (plan.untilMs ?? Infinity));
  await Promise.all(
    Array.from({ length: plan.clients }, async (_, c) => {
      if (plan.rampMs) await sleep((c * plan.rampMs) / plan.clients);
      while (next < plan.total && Date.now() < stopAt) {
        next++;
        samples.push(await one(c, open));
      }
    }),
  );
  return { samples, wallMs: now() - started, maxOpen: open.max };
}

/** Relay of chunk i: its arrival minus when the fake wrote it (reply time + (i + 1) * pace). */
function relayOf(frame: string, at: number): number | null {
  const m = /"content":"w(\d+)~(\d+\.\d+)~(\d+)/.exec(frame);
  return m ? at - (Number(m[2]) + (Number(m[1]) + 1) * Number(m[3])) : null;
}

/** One stream: POST, read SSE frames until the connection closes after done/error. */
function streamOnce(agent: Agent, base: URL, token: string, body: string, open: { n: number; max: number }): Promise<Sample> {
  return new Promise((resolve) => {
    const t0 = now();
    const sample: Sample = { connected: NaN, ttft: NaN, relay: [], ok: false };
    open.n++;
    open.max = Math.max(open.max, open.n);
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      open.n--;
      resolve(sample);
    };
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path: '/api/v2/chat/stream',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          res.on('end', finish);
          return;
        }
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk: string) => {
          const at = now();
          buf += chunk;
          let cut: number;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const event = /^event: (\w+)$/m.exec(frame)?.[1];
            if (event === 'connected') sample.connected = at - t0;
            else if (event === 'text_delta') {
              if (Number.isNaN(sample.ttft)) sample.ttft = at - t0;
              const relay = relayOf(frame, at);
              if (relay !== null) sample.relay.push(relay);
            } else if (event === 'done') sample.ok = true;
          }
        });
        res.on('end', finish);
        res.on('error', finish);
      },
    );
    req.on('error', finish);
    req.end(body);
  });
}

function streams(url: string, tokens: string[], plan: Plan, deadline: number): Promise<Phase> {
  const base = new URL(url);
  const agents = new Map<number, { agent: Agent; body: string }>();
  return drive(plan, deadline, (c, open) => {
    let client = agents.get(c);
    if (!client) {
      client = { agent: new Agent({ keepAlive: true, maxSockets: 1 }), body: JSON.stringify({ message: `Hello from client ${c}, what is new?`, channelId: randomUUID() }) };
      agents.set(c, client);
    }
    return streamOnce(client.agent, base, tokens[c % tokens.length]!, client.body, open);
  }).finally(() => {
    for (const { agent } of agents.values()) agent.destroy();
  });
}

async function sdkStreams(fakeUrl: string, plan: Plan, deadline: number): Promise<Phase> {
  const { default: Anthropic } = await import('@anthropic-ai/sdk');
  const { toSdkParams } = await import('../src/model/anthropic-request.js');
  const { systemPrompt } = await import('../src/engine/prompt.js');
  const { DEFAULT_ASSISTANT } = await import('../src/core/default-twin.js');
  const { knowledgeSearchTool } = await import('../src/engine/tools.js');
  const client = new Anthropic({ apiKey: 'sk-ant-bench', baseURL: fakeUrl, maxRetries: 0 });
  // The request the engine sends for a first message: persona, house rules, tools, cache marks.
  const params = (c: number) =>
    toSdkParams(
      {
        model: null,
        system: systemPrompt(DEFAULT_ASSISTANT, 'api'),
        messages: [{ role: 'user', content: [{ type: 'text', text: `[User] Hello from client ${c}, what is new?` }] }],
        tools: [knowledgeSearchTool({ messages: null as never }).spec],
        webSearch: 'off',
        maxTokens: 1024,
        twin: { id: DEFAULT_ASSISTANT.id, slug: DEFAULT_ASSISTANT.slug, name: DEFAULT_ASSISTANT.name, source: 'bundled', externalId: null },
      },
      { defaultModel: MODEL, webSearchMaxUses: 5 },
    );
  return drive(plan, deadline, async (c, open) => {
    const t0 = now();
    const sample: Sample = { connected: NaN, ttft: NaN, relay: [], ok: false };
    open.n++;
    open.max = Math.max(open.max, open.n);
    try {
      const stream = await client.messages.create(params(c));
      for await (const ev of stream) {
        if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') {
          const at = now();
          if (Number.isNaN(sample.ttft)) sample.ttft = at - t0;
          const relay = relayOf(`"content":${JSON.stringify(ev.delta.text)}`, at);
          if (relay !== null) sample.relay.push(relay);
        }
      }
      sample.ok = true;
    } catch {
      // counted as an error
    } finally {
      open.n--;
    }
    return sample;
  });
}

function row(label: string, phase: Phase, sdk: Phase, extra: Row = {}): Row {
  const ok = phase.samples.filter((s) => s.ok);
  const t = stats(ok.map((s) => s.ttft));
  const b = stats(sdk.samples.filter((s) => s.ok).map((s) => s.ttft));
  const relay = stats(ok.flatMap((s) => s.relay));
  return {
    load: label,
    jobs: ok.length,
    'jobs/s': Math.round(ok.length / (phase.wallMs / 1000)),
    'max open': phase.maxOpen,
    'TTFT p50': ms(t.p50),
    'TTFT p99': ms(t.p99),
    'SDK p50': ms(b.p50),
    'SDK p99': ms(b.p99),
    'added p50': ms(t.p50 - b.p50),
    'added p99': ms(t.p99 - b.p99),
    ratio: +(t.p50 / b.p50).toFixed(2),
    'connected p50': ms(stats(ok.map((s) => s.connected)).p50),
    'relay p50': ms(relay.p50),
    'relay p99': ms(relay.p99),
    errors: phase.samples.length - ok.length + (sdk.samples.length - sdk.samples.filter((s) => s.ok).length),
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// Driver

/** BENCH_SCALE (0 < s <= 1, default 1): every client count and job total times s, at least 1. */
function benchScale(): number {
  const s = Number(process.env['BENCH_SCALE'] ?? 1);
  if (!(s > 0 && s <= 1)) throw new Error(`BENCH_SCALE=${process.env['BENCH_SCALE']}: expected a number in (0, 1]`);
  return s;
}

interface Setup {
  db: BenchDatabase;
  fakeUrl: string;
  control: (m: FakeControl) => void;
  single: boolean;
  /** Scales a client count or job total (BENCH_SCALE). */
  n: (x: number) => number;
  deadline: number;
}

/** One run of phases B, A and C on one database: app processes started for it, stopped after. */
async function measureChat({ db, fakeUrl, control, single, n, deadline }: Setup): Promise<ChatRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'twinbridge-bench-'));
  const prefix = `tbbench-${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    ...db.env,
    // The pool is a knob worth turning on PostgreSQL: one worker holds up to 1,024 jobs at once.
    ...(process.env['DATABASE_POOL_SIZE'] ? { DATABASE_POOL_SIZE: process.env['DATABASE_POOL_SIZE'] } : {}),
    REDIS_URL,
    REDIS_PREFIX: prefix,
    REDIS_AUTOSTART: 'false',
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    ANTHROPIC_API_KEY: 'sk-ant-bench',
    ANTHROPIC_BASE_URL: fakeUrl,
    ANTHROPIC_MODEL: MODEL,
    // One worker holds every stream of the 1,000 phases at once.
    WORKER_CONCURRENCY: '1024',
    RATE_LIMIT_CHAT_PER_IP_PER_MIN: '1000000',
    RATE_LIMIT_CHAT_PER_USER_PER_MIN: '1000000',
  };
  const procs = single ? [spawnRoles('api,worker', env)] : [spawnRoles('api', env), spawnRoles('worker', env)];
  const names = single ? ['api+worker (one process)'] : ['api', 'worker'];
  const rss = () => {
    const each = procs.map((p) => rssOf(p.pid));
    return { each, sum: each.reduce((a, r) => a + r.rss, 0) };
  };
  let peak = 0;
  let peakEach: number[] = [];
  const sampler = setInterval(() => {
    const r = rss();
    if (r.sum > peak) {
      peak = r.sum;
      peakEach = r.each.map((e) => e.rss);
    }
  }, 50);
  try {
    await waitHealthy(url, procs[0]!);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => signToken(`bench-${randomUUID()}`)));
    // Warm-up: worker start, JIT, connection pools, database pages.
    const warmPlan = { clients: n(20), total: n(400) };
    const warm = await streams(url, tokens, warmPlan, Date.now() + 30_000);
    if (!warm.samples.some((s) => s.ok)) throw new Error(`no stream completed during warm-up:\n${procs.map((p) => p.tail.join('')).join('\n')}`);
    await sdkStreams(fakeUrl, warmPlan, deadline);
    const idle = rss();
    peak = 0;

    // B (run first, so the RSS of 1,000 held streams is not the heap left over from the closed-loop
    //    bursts). Held streams: replies last a while (first chunk after `pace`, like a model that
    //    thinks and then streams), clients ramp up, so N streams are open at once while new ones
    //    keep starting. TTFT here is what a user sees on a busy, not saturated, service; the SDK
    //    baseline gets the same pacing.
    const held: Row[] = [];
    control({ chunks: 5, pace: 400 });
    {
      const plan = { clients: n(100), total: 100_000, rampMs: 2000, untilMs: 7000 };
      held.push(row(`${plan.clients} held (2 s replies)`, await streams(url, tokens, plan, deadline), await sdkStreams(fakeUrl, plan, deadline)));
    }
    control({ chunks: 5, pace: 1500 });
    peak = 0;
    const plan1000 = { clients: n(1000), total: n(1000), rampMs: 6000 };
    const phase1000 = await streams(url, tokens, plan1000, Math.max(deadline, Date.now() + 20_000));
    const heldPeak = peak;
    const heldEach = peakEach;
    held.push(row(`${plan1000.clients} held (7.5 s replies)`, phase1000, await sdkStreams(fakeUrl, plan1000, Math.max(deadline, Date.now() + 20_000))));
    control({ chunks: CHUNKS, pace: 0 });

    // A. Closed loop, the model instant: no think time anywhere, so beyond a few streams this
    //    measures saturation (TTFT ~ streams / throughput); it is where jobs/s comes from.
    const closed: Row[] = [];
    for (const [clients, total] of [
      [1, 200],
      [100, 1500],
      [1000, 2000],
    ] as const) {
      const plan = { clients: n(clients), total: n(total) };
      closed.push(row(`${plan.clients} closed-loop`, await streams(url, tokens, plan, deadline), await sdkStreams(fakeUrl, plan, deadline)));
    }

    // C. Redis commands per chat job of CHUNKS chunks (INFO commandstats deltas over sequential
    //    jobs, the warm process otherwise idle), and BullMQ's own no-op round trip on this Redis.
    const before = await redisCommands(REDIS_URL);
    const perJobRun = await streams(url, tokens, { clients: 1, total: n(200) }, Date.now() + 30_000);
    const jobsCounted = perJobRun.samples.filter((s) => s.ok).length;
    const after = await redisCommands(REDIS_URL);
    const jobs = Math.max(1, jobsCounted);
    // The INFO call itself is one command.
    const perJob = (sum(after) - sum(before) - 1) / jobs;
    const perJobByCommand = [...after]
      .map(([cmd, calls]) => [cmd, (calls - (before.get(cmd) ?? 0) - (cmd === 'info' ? 1 : 0)) / jobs] as const)
      .filter(([, perJobCalls]) => perJobCalls > 0)
      .sort((a, b) => b[1] - a[1]);
    const chatRate = Number(closed[2]!['jobs/s']);
    const bullJobs = n(5000);
    const beforeNoop = await redisCommands(REDIS_URL);
    const bullRate = await bullNoop(REDIS_URL, bullJobs, n(1000));
    // The floor: what BullMQ itself spends on a job that does nothing (INFO is one command).
    const bullPerJob = (sum(await redisCommands(REDIS_URL)) - sum(beforeNoop) - 1) / bullJobs;

    const end = rss();
    return {
      closed,
      held,
      processes: procs.map((_, i) => ({
        process: names[i]!,
        'idle RSS MB': Math.round(idle.each[i]!.rss),
        [`peak RSS MB, ${plan1000.clients} held`]: Math.round(heldEach[i] ?? NaN),
        'VmHWM MB, whole run': Math.round(end.each[i]!.hwm),
      })),
      idleApiMb: idle.each[0]!.rss,
      idleSumMb: idle.sum,
      heldPeakMb: heldPeak,
      maxOpen: Number(held[1]!['max open']),
      perJob,
      perJobByCommand,
      jobsCounted,
      chatRate,
      bullRate,
      bullPerJob,
    };
  } finally {
    clearInterval(sampler);
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null) return resolve();
            const t = setTimeout(() => {
              p.kill('SIGKILL');
              resolve();
            }, 5000);
            p.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
          }),
      ),
    );
    const { Redis } = await import('ioredis');
    const r = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [nextCursor, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = nextCursor;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
    r.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runChatBench(): Promise<void> {
  const scale = benchScale();
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const privateRedis = REDIS_URL ? null : await startPrivateRedis();
  if (privateRedis) REDIS_URL = privateRedis.url;
  const single = process.env['BENCH_TOPOLOGY'] === 'single';
  const self = JSON.stringify(import.meta.url);
  const boot = import.meta.url.endsWith('.ts')
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${self}); })`
    : `import(${self})`;
  const fakeThread = new Worker(boot, { eval: true, workerData: { kind: 'chat-bench-fake' } });
  try {
    const fakeUrl = await new Promise<string>((resolve, reject) => {
      fakeThread.once('message', (m: { url: string }) => resolve(m.url));
      fakeThread.once('error', reject);
    });
    const control = (m: FakeControl) => fakeThread.postMessage(m);
    // Each database gets the whole time budget: a run on one does not eat into the other's.
    const runs = await onEachDatabase('chat', (db) => measureChat({ db, fakeUrl, control, single, n, deadline: Date.now() + BUDGET_MS }));
    const runtime = process.env['BENCH_APP_ENTRY'] ? `compiled JS (${process.env['BENCH_APP_ENTRY']})` : 'TypeScript through tsx';
    printChatReport(runs, { single, runtime, scale, privateRedis: privateRedis !== null, n100: n(100), n1000: n(1000) });
  } finally {
    await fakeThread.terminate();
    privateRedis?.stop();
  }
}

const invokedDirectly = isMainThread && process.argv[1] !== undefined && new URL(import.meta.url).pathname === process.argv[1];
if (invokedDirectly) {
  runChatBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
