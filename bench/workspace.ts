/**
 * Workspace API under concurrency: the real app (harness: real SQLite file, real Redis, real rate
 * limiter and event fan-out) on 127.0.0.1, driven by 50 closed-loop clients, each with its own
 * keep-alive connection and its own user. The clients run in a worker thread so their work does
 * not queue behind the server's on one event loop (this machine has two cores: one each).
 *
 *   npx tsx bench/workspace.ts            (or `npm run bench -- workspace`)
 *   BENCH_REQUESTS=40000 BENCH_CLIENTS=50 BENCH_ONLY=available,cycle,mine npx tsx bench/workspace.ts
 *
 * Goal (issue 2): p99 under 10 ms at 50 concurrent clients.
 */
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 50);
const AVAILABLE_REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 20_000);
const CYCLES = Math.round(AVAILABLE_REQUESTS / 4);
const WARMUP = 1_000;
const SEARCHES = ['design', 'steve jobs', 'JOBS steve', 'stoicism', 'user experience', 'engineering', 'physics', 'ada', 'startups essays', 'zzq'];
const TWINS = [
  '8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c',
  '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
  'b2c3d4e5-6f7a-8b9c-0d1e-2f3a4b5c6d7e',
];

type Scenario = 'available' | 'cycle' | 'mine';

interface LoadJob {
  kind: 'workspace-bench-load';
  url: string;
  tokens: string[];
  scenario: Scenario;
  /** Requests (or add+remove cycles) across all clients. */
  total: number;
}

interface LoadResult {
  /** Latencies in ms per operation label. */
  samples: Record<string, number[]>;
  errors: Record<string, number>;
  wallMs: number;
  requests: number;
  /** Share of the wall time the load generator's own event loop was busy (1 = it is the bottleneck). */
  clientBusy: number;
}

// ---------------------------------------------------------------------------------------------
// Load generator (worker thread)

function send(agent: Agent, base: URL, method: string, path: string, token: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function runLoad(job: LoadJob): Promise<LoadResult> {
  const base = new URL(job.url);
  const samples: Record<string, number[]> = {};
  const errors: Record<string, number> = {};
  let requests = 0;
  const timed = async (label: string, agent: Agent, method: string, path: string, token: string, expect: number, body?: string) => {
    const t0 = performance.now();
    let status = 0;
    try {
      status = await send(agent, base, method, path, token, body);
    } catch {
      status = -1;
    }
    const ms = performance.now() - t0;
    (samples[label] ??= []).push(ms);
    requests++;
    if (status !== expect) errors[label] = (errors[label] ?? 0) + 1;
  };

  let next = 0;
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  await Promise.all(
    job.tokens.map(async (token, client) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const twin = TWINS[client % TWINS.length]!;
      const addBody = JSON.stringify({ twin_id: twin });
      try {
        for (let i = next++; i < job.total; i = next++) {
          if (job.scenario === 'available') {
            const q = encodeURIComponent(SEARCHES[i % SEARCHES.length]!);
            await timed('GET /available?search=…', agent, 'GET', `/api/v2/twin-workspace/available?search=${q}&page_size=20`, token, 200);
          } else if (job.scenario === 'mine') {
            await timed('GET /mine', agent, 'GET', '/api/v2/twin-workspace/mine', token, 200);
          } else {
            const t0 = performance.now();
            await timed('POST /twins', agent, 'POST', '/api/v2/twin-workspace/twins', token, 201, addBody);
            await timed('DELETE /twins/:id', agent, 'DELETE', `/api/v2/twin-workspace/twins/${twin}`, token, 200);
            (samples['add+remove cycle'] ??= []).push(performance.now() - t0);
          }
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  const wallMs = performance.now() - started;
  return { samples, errors, wallMs, requests, clientBusy: performance.eventLoopUtilization(elu).utilization };
}

if (!isMainThread && (workerData as LoadJob | undefined)?.kind === 'workspace-bench-load') {
  void runLoad(workerData as LoadJob).then((r) => parentPort!.postMessage(r));
}

// ---------------------------------------------------------------------------------------------
// Driver (main thread)

function load(job: Omit<LoadJob, 'kind'>): Promise<LoadResult> {
  // The worker runs this same file. Under tsx it must register tsx's loader first: workers do not
  // inherit the loader hooks of the thread that starts them.
  const self = JSON.stringify(import.meta.url);
  const boot = import.meta.url.endsWith('.ts')
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${self}); })`
    : `import(${self})`;
  const worker = new Worker(boot, { eval: true, workerData: { kind: 'workspace-bench-load', ...job } satisfies LoadJob });
  return new Promise((resolve, reject) => {
    worker.once('message', (r: LoadResult) => {
      void worker.terminate();
      resolve(r);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && code !== 1 && reject(new Error(`load worker exited with ${code}`)));
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Row {
  scenario: string;
  operation: string;
  requests: number;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  'max ms': number;
  errors: number;
  /** Server event-loop time per request of the scenario (CPU the server spent, roughly). */
  'server µs/req': number;
}

function rows(scenario: string, result: LoadResult, serverUsPerRequest: number): Row[] {
  return Object.entries(result.samples).map(([operation, xs]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const isCycle = operation.includes('cycle');
    return {
      scenario,
      operation,
      requests: xs.length,
      // Per operation: its share of the scenario's throughput (cycles: cycles per second).
      'req/s': Math.round(xs.length / (result.wallMs / 1000)),
      'p50 ms': +percentile(sorted, 50).toFixed(2),
      'p99 ms': +percentile(sorted, 99).toFixed(2),
      'max ms': +sorted[sorted.length - 1]!.toFixed(1),
      errors: isCycle ? 0 : (result.errors[operation] ?? 0),
      'server µs/req': Math.round(serverUsPerRequest),
    };
  });
}

export async function runWorkspaceBench(): Promise<void> {
  const { randomUUID } = await import('node:crypto');
  const { startTestApp } = await import('../test/support/harness.js');
  const app = await startTestApp({
    api: true,
    anthropic: false,
    worker: false,
    env: { RATE_LIMIT_WORKSPACE_PER_MIN: '1000000', LOG_LEVEL: 'silent' },
  });
  try {
    const tokens = await Promise.all(Array.from({ length: CLIENTS }, () => app.token(randomUUID())));
    await load({ url: app.url, tokens, scenario: 'available', total: WARMUP });
    await load({ url: app.url, tokens, scenario: 'cycle', total: WARMUP / 4 });

    const table: Row[] = [];
    const scenarios: [Scenario, number, string][] = [
      ['available', AVAILABLE_REQUESTS, `/available + search (${SEARCHES.length} queries, page_size 20)`],
      ['cycle', CYCLES, 'add/remove cycles (POST then DELETE)'],
      ['mine', Math.round(AVAILABLE_REQUESTS / 2), '/mine (empty workspaces)'],
    ];
    const only = process.env['BENCH_ONLY']?.split(',');
    for (const [scenario, total, label] of scenarios.filter(([name]) => !only || only.includes(name))) {
      const elu = performance.eventLoopUtilization();
      const delay = monitorEventLoopDelay({ resolution: 1 });
      const gc = { count: 0, ms: 0, maxMs: 0 };
      const gcObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          gc.count++;
          gc.ms += e.duration;
          gc.maxMs = Math.max(gc.maxMs, e.duration);
        }
      });
      gcObserver.observe({ entryTypes: ['gc'] });
      delay.enable();
      const result = await load({ url: app.url, tokens, scenario, total });
      delay.disable();
      gcObserver.disconnect();
      const busy = performance.eventLoopUtilization(elu);
      const overall = Math.round(result.requests / (result.wallMs / 1000));
      const serverUs = (busy.active * 1000) / result.requests;
      console.log(
        `${label}: ${result.requests} requests in ${(result.wallMs / 1000).toFixed(2)} s = ${overall} req/s; server loop ${(busy.utilization * 100).toFixed(0)}% busy (${serverUs.toFixed(0)} µs/request), client loop ${(result.clientBusy * 100).toFixed(0)}% busy`,
      );
      console.log(
        `  server event-loop delay p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms; GC ${gc.count}× ${gc.ms.toFixed(0)} ms total, longest ${gc.maxMs.toFixed(1)} ms`,
      );
      table.push(...rows(scenario, result, serverUs));
    }
    console.log(`\nWorkspace API, ${CLIENTS} concurrent clients (closed loop, keep-alive), catalog of ${(await app.core.store.twins.list({ page: 1, pageSize: 1 })).total} twins`);
    console.table(table);
    const worst = Math.max(...table.filter((r) => !r.operation.includes('cycle')).map((r) => r['p99 ms']));
    console.log(`goal p99 < 10 ms at ${CLIENTS} clients: ${worst < 10 ? 'met' : 'MISSED'} (worst p99 ${worst} ms)`);
    const errors = table.reduce((n, r) => n + r.errors, 0);
    if (errors > 0) throw new Error(`${errors} requests did not answer as expected`);
  } finally {
    await app.close();
  }
}

const invokedDirectly = isMainThread && process.argv[1] !== undefined && new URL(import.meta.url).pathname === process.argv[1];
if (invokedDirectly) {
  runWorkspaceBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
