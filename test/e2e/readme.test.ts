/**
 * The README's quick start, run as a newcomer would: every command of every ```bash block under
 * "## Quick start" (the ones that install, start or test the checkout aside: the test starts the
 * service itself) runs in order in one bash, against a started service with no API key, a fresh
 * DATA_DIR and its own Redis prefix and queue. Each must do what the README says: exit 0, a
 * `VAR=$(…)` capture holds exactly one line, a JSON answer is not an error envelope, an SSE
 * stream ends with `done` and carries no `error`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { serve } from '../../src/main.js';
import { deletePrefix, TEST_REDIS_URL } from '../support/harness.js';
import { freePort } from '../support/redis-servers.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Commands of the ```bash blocks of one section, continuation lines joined, comments dropped. */
export function quickStartCommands(markdown: string, heading = '## Quick start'): string[] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}" section`);
  const rest = markdown.slice(start + heading.length + 2);
  const section = rest.slice(0, rest.search(/\n## /) === -1 ? undefined : rest.search(/\n## /));
  const commands: string[] = [];
  for (const block of section.matchAll(/```(?:bash|sh)\n([\s\S]*?)```/g)) {
    let current = '';
    for (const raw of block[1]!.split('\n')) {
      const line = raw.replace(/\s+$/, '');
      if (!current && (line.trim() === '' || line.trim().startsWith('#'))) continue;
      current += current ? `\n${line}` : line;
      if (line.endsWith('\\')) continue;
      commands.push(current);
      current = '';
    }
    if (current) commands.push(current);
  }
  return commands;
}

/** Installing, starting and testing the checkout are what this test does around the commands. */
const isSetup = (cmd: string) => /^npm (install|start|test|ci)\b/.test(cmd.trim());

let dataDir: string;
let port: number;
let stop: (() => Promise<void>) | null = null;
const prefix = `tbtest-readme-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'twinbridge-readme-'));
  port = await freePort();
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_AUTOSTART: 'false',
    REDIS_PREFIX: prefix,
    QUEUE_NAME: `readme-${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: 'silent',
    OFFLINE_CHUNK_DELAY_MS: '0',
    SHUTDOWN_GRACE_MS: '1000',
  });
  stop = await serve(config);
}, 60_000);

afterAll(async () => {
  await stop?.();
  await deletePrefix(TEST_REDIS_URL, prefix);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('README quick start', () => {
  it('extracts its commands from the section, continuation lines included', () => {
    const commands = quickStartCommands(README).filter((c) => !isSetup(c));
    expect(commands.length).toBeGreaterThanOrEqual(2);
    expect(commands.some((c) => c.startsWith('TOKEN=$('))).toBe(true);
    expect(commands.some((c) => c.includes('\\\n'))).toBe(true);
  });

  it('every command does what the README says, with no API key', async () => {
    const commands = quickStartCommands(README).filter((c) => !isSetup(c));
    const work = mkdtempSync(join(tmpdir(), 'twinbridge-readme-run-'));
    // curl gives up rather than hang the test; everything else is the README's text.
    writeFileSync(join(work, '.curlrc'), 'max-time = 30\n');
    const script = ['set -u'];
    commands.forEach((cmd, i) => {
      const local = cmd.replaceAll('localhost:3000', `127.0.0.1:${port}`);
      script.push(`{ ${local}\n} > '${work}/out.${i}' 2> '${work}/err.${i}'; echo $? > '${work}/rc.${i}'`);
      const assigned = /^([A-Z_][A-Z0-9_]*)=\$\(/.exec(cmd)?.[1];
      if (assigned) script.push(`printf '%s' "\${${assigned}:-}" > '${work}/var.${i}'`);
    });
    // Asynchronously: the service runs in this very process and must keep answering.
    const run = await new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-c', script.join('\n')], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CURL_HOME: work, DATA_DIR: dataDir, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stderr }));
    });
    expect(run.status, run.stderr).toBe(0);
    try {
      commands.forEach((cmd, i) => {
        const read = (name: string) => readFileSync(join(work, `${name}.${i}`), 'utf8');
        const out = read('out');
        const what = `${cmd}\n--- stdout:\n${out.slice(0, 2000)}\n--- stderr:\n${read('err').slice(0, 2000)}`;
        expect(read('rc').trim(), what).toBe('0');
        if (/^[A-Z_][A-Z0-9_]*=\$\(/.test(cmd)) {
          const value = read('var');
          expect(value.length, what).toBeGreaterThan(0);
          expect(value, what).not.toMatch(/\s/);
        }
        const trimmed = out.trim();
        if (trimmed.startsWith('{')) {
          const body = JSON.parse(trimmed) as { success?: boolean };
          expect(body.success, what).not.toBe(false);
        }
        if (/^event: /m.test(out)) {
          expect(out, what).toMatch(/^event: done$/m);
          expect(out, what).not.toMatch(/^event: error$/m);
        }
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});
