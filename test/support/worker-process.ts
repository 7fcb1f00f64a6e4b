import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_REDIS_URL, type TestApp } from './harness.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/**
 * Starts `src/main.ts` as a worker-only process of the app's deployment (its SQLite file, Redis
 * prefix and queue); resolves once it runs.
 */
export async function spawnWorker(of: TestApp, env: Record<string, string> = {}): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'test',
      ROLES: 'worker',
      DATA_DIR: of.config.DATA_DIR,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: of.config.REDIS_PREFIX,
      REDIS_AUTOSTART: 'false',
      QUEUE_NAME: of.config.QUEUE_NAME,
      ANTHROPIC_API_KEY: 'sk-ant-test-key',
      ANTHROPIC_BASE_URL: of.anthropic!.url,
      ANTHROPIC_MODEL: of.config.ANTHROPIC_MODEL,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker process did not start:\n${out}`)), 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker process exited with ${code}:\n${out}`));
    });
  });
  proc.removeAllListeners('exit');
  return proc;
}
