/**
 * The `twinbridge` CLI as a shell user runs it: a real process (tsx), its own DATA_DIR. Data on
 * stdout one item per line, everything for people on stderr, `--json` for records.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_TWINS } from '../../src/catalog/bundled/index.js';
import { CATEGORIES } from '../../src/core/domain.js';
import { deletePrefix, TEST_JWT_SECRET, TEST_REDIS_URL } from '../support/harness.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'twinbridge-cli-'));
const prefix = `tbtest-cli-${randomBytes(4).toString('hex')}`;
const USER = 'f6a7b8c9-0d1e-2f3a-4b5c-6d7e8f901234';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, lines: stdout.split('\n').filter(Boolean) }));
  });
}

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await deletePrefix(TEST_REDIS_URL, prefix);
});

describe('twinbridge CLI output', () => {
  it('apikey create prints exactly the key on stdout, the note on stderr, and a record with --json', async () => {
    const plain = await cli(['apikey', 'create', '--user', USER, '--name', 'ci']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.lines).toHaveLength(1);
    expect(plain.stdout).toMatch(/^tb_[A-Za-z0-9_-]{20,}\n$/);
    expect(plain.stderr).toMatch(/not shown again/);

    const json = await cli(['apikey', 'create', '--user', USER, '--json']);
    expect(json.lines).toHaveLength(1);
    const record = JSON.parse(json.lines[0]!) as { key: string; id: string; userId: string; customerId: string };
    expect(record).toMatchObject({ userId: USER, customerId: USER });
    expect(record.key).toMatch(/^tb_/);

    const list = await cli(['apikey', 'list', '--json']);
    expect(list.lines).toHaveLength(2);
    expect(list.lines.map((l) => (JSON.parse(l) as { id: string }).id)).toContain(record.id);
    expect(list.stdout).not.toContain(record.key);
    expect(list.stderr.trim()).toBe('2 API keys');
  });

  it('token create prints only the token; without --customer the customer is the user', async () => {
    const run = await cli(['token', 'create', '--user', USER, '--ttl', '10m']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toHaveLength(1);
    const [, payload] = run.lines[0]!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: USER, customer_id: USER });
    expect(run.stderr).toContain(`customer ${USER}`);
  });

  it('revoking a revoked key says it already was, with exit code 0', async () => {
    const created = await cli(['apikey', 'create', '--user', USER, '--json']);
    const { id } = JSON.parse(created.lines[0]!) as { id: string };
    const first = await cli(['apikey', 'revoke', id]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^Revoked /);
    const again = await cli(['apikey', 'revoke', id]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already revoked/);
    expect(again.stdout).toBe('');
  });

  it('catalog list takes a category in any case, counts grammatically, and names the valid ones', async () => {
    const visionaries = BUNDLED_TWINS.filter((t) => t.category === 'Visionary').length;
    const lower = await cli(['catalog', 'list', '--category', 'visionary']);
    expect(lower.code, lower.stderr).toBe(0);
    expect(lower.lines).toHaveLength(visionaries);
    expect(lower.stderr.trim()).toBe(`${visionaries} twins`);

    const one = await cli(['catalog', 'list', '--search', 'steve jobs', '--json']);
    expect(one.lines).toHaveLength(1);
    expect(JSON.parse(one.lines[0]!)).toMatchObject({ slug: 'steve-jobs', category: 'Visionary' });
    expect(one.stderr.trim()).toBe('1 twin');

    const unknown = await cli(['catalog', 'list', '--category', 'wizard']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain(CATEGORIES.join(', '));
  });

  it('catalog sync with an unreachable source logs readable lines on stderr, no JSON', async () => {
    const run = await cli(['catalog', 'sync'], { MIND_REASONER_API_KEY: 'mr-test', MIND_REASONER_API_URL: 'http://127.0.0.1:1/api', CATALOG_SYNC_TIMEOUT_MS: '2000' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines.some((l) => l.startsWith('warn: '))).toBe(true);
    expect(lines.filter((l) => l.trimStart().startsWith('{'))).toEqual([]);
    expect(run.stderr).toMatch(/FAILED .*last good copy/);
  });
});
