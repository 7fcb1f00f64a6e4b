/**
 * Workspace API under load, measured the way a client sees it: the compiled server
 * (`node dist/src/main.js`, api role only) in its own process, and autocannon as a separate load
 * process with 50 keep-alive connections. Both share this machine's cores, so the figures are a
 * floor, and the latency goal is only judged where the load generator has cores of its own.
 *
 *   npm run bench -- workspace
 *   BENCH_CONNECTIONS=50 BENCH_DURATION=10 npm run bench -- workspace
 *   BENCH_DATABASE=both npm run bench -- workspace    SQLite, then a throwaway PostgreSQL database,
 *                                                     each route's rows side by side (bench/databases.ts)
 *
 * Goal (issue 2): p99 under 10 ms at 50 concurrent clients.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { deletePrefix } from '../test/support/redis-prefix.js';
import { onEachDatabase, type BenchDatabase, type BenchDatabaseKind } from './databases.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 5);
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const SECRET = randomBytes(32).toString('hex');
const GOAL_P99_MS = 10;

interface Cannon {
  requests: { average: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string, port: number, prefix: string, db: BenchDatabase): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      ...db.env,
      NODE_ENV: 'production',
      ROLES: 'api',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      REDIS_URL,
      REDIS_AUTOSTART: 'false',
      REDIS_PREFIX: prefix,
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_WORKSPACE_PER_MIN: '1000000',
    },
  });
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (up) return child;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('the compiled server did not become ready');
}

/** One autocannon run in its own process; its JSON summary. */
function cannon(url: string, token: string): Promise<Cannon> {
  return new Promise((resolve, reject) => {
    const args = [join(ROOT, 'node_modules/autocannon/autocannon.js'), '-c', String(CONNECTIONS), '-d', String(DURATION_S), '-j', '-H', `authorization=Bearer ${token}`, url];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as Cannon);
      } catch {
        reject(new Error(`autocannon exited ${code} without a JSON summary`));
      }
    });
  });
}

/** Every route under load on one database: the compiled server started on it, stopped after. */
async function measureRoutes(db: BenchDatabase): Promise<{ route: string; r: Cannon }[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tb-bench-ws-'));
  const prefix = `tbbench-ws-${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const server = await startServer(dataDir, port, prefix, db);
  try {
    const token = await new SignJWT({ customer_id: 'c0000000-0000-4000-8000-000000000001' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('b0000000-0000-4000-8000-000000000001')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    const base = `http://127.0.0.1:${port}/api/v2/twin-workspace`;
    for (const twin_id of ['8f3a1b2c-4d5e-6f7a-8b9c-0d1e2f3a4b5c', 'b2c3d4e5-6f7a-8b9c-0d1e-2f3a4b5c6d7e']) {
      await fetch(`${base}/twins`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ twin_id }) });
    }
    const routes: [string, string][] = [
      ['GET /available?search=design', `${base}/available?search=design`],
      ['GET /available?category=visionary', `${base}/available?category=visionary`],
      ['GET /mine', `${base}/mine`],
    ];
    const rows: { route: string; r: Cannon }[] = [];
    for (const [route, url] of routes) rows.push({ route, r: await cannon(url, token) });
    return rows;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    await deletePrefix(REDIS_URL, prefix).catch(() => undefined);
  }
}

export async function runWorkspaceBench(): Promise<void> {
  console.log('building (tsc -p tsconfig.build.json) …');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(join(ROOT, 'dist/src/main.js'))) throw new Error('dist/src/main.js missing after the build');
  const runs = await onEachDatabase('ws', measureRoutes);

  console.log(`\n${CONNECTIONS} connections, ${DURATION_S} s per route, autocannon in its own process, compiled server (api role) in another; ${cpus().length} cores shared by both`);
  console.log('| route | database | req/s | p50 ms | p90 ms | p99 ms | max ms | p99/p50 | non-2xx + errors |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  // Each route's rows together, one per database, so they read side by side.
  const all: { kind: BenchDatabaseKind; route: string; r: Cannon }[] = [];
  for (const [i, { route }] of runs[0]!.result.entries()) {
    for (const { kind, result } of runs) {
      const r = result[i]!.r;
      all.push({ kind, route, r });
      const bad = r.non2xx + r.errors + r.timeouts;
      console.log(`| ${route} | ${kind} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p90} | ${r.latency.p99} | ${r.latency.max} | ${(r.latency.p99 / Math.max(r.latency.p50, 1)).toFixed(1)} | ${bad} |`);
    }
  }
  if (runs.length > 1) {
    const [a, b] = runs as [(typeof runs)[number], (typeof runs)[number]];
    const ratios = a.result.map(({ route }, i) => `${route} ${(b.result[i]!.r.requests.average / Math.max(a.result[i]!.r.requests.average, 1)).toFixed(2)}`);
    console.log(`\n${b.kind} req/s as a share of ${a.kind}'s: ${ratios.join('; ')}`);
  }
  const failures = all.reduce((n, { r }) => n + r.non2xx + r.errors + r.timeouts, 0);
  console.log(`\nevery response 2xx: ${failures === 0 ? 'PASS' : `FAILED (${failures})`}`);
  for (const { kind, result } of runs) {
    const worstP99 = Math.max(...result.map(({ r }) => r.latency.p99));
    const tag = runs.length > 1 ? `[${kind}] ` : '';
    if (cpus().length >= 4) console.log(`${tag}goal p99 < ${GOAL_P99_MS} ms at ${CONNECTIONS} clients: ${worstP99 < GOAL_P99_MS ? 'PASS' : 'MISSED'} (worst p99 ${worstP99} ms)`);
    else console.log(`${tag}goal p99 < ${GOAL_P99_MS} ms at ${CONNECTIONS} clients: not judged here (load generator and server share ${cpus().length} cores; worst p99 ${worstP99} ms is an upper bound)`);
  }
  if (failures > 0) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await runWorkspaceBench();
