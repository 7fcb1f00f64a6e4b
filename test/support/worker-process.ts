import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_REDIS_URL, type TestApp } from './harness.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface ServiceProcess {
  proc: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
}

/**
 * Starts `src/main.ts` as a separate process with exactly `env` (plus PATH and NODE_ENV=test);
 * resolves once it logs that it is listening or started.
 */
export async function spawnService(env: Record<string, string>): Promise<ServiceProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', REDIS_AUTOSTART: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const onData = (chunk: Buffer) => void (out += chunk.toString());
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process did not start:\n${out}`)), 30_000);
    const check = () => {
      if (/listening on|started/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on('data', check);
    proc.stderr!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited with ${code}:\n${out}`));
    });
  });
  proc.removeAllListeners('exit');
  return { proc, output: () => out };
}

/**
 * Starts `src/main.ts` as a worker-only process of the app's deployment (its SQLite file, Redis
 * prefix and queue); resolves once it runs.
 */
export async function spawnWorker(of: TestApp, env: Record<string, string> = {}): Promise<ChildProcess> {
  const { proc } = await spawnService({
    ROLES: 'worker',
    DATA_DIR: of.config.DATA_DIR,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: of.config.REDIS_PREFIX,
    QUEUE_NAME: of.config.QUEUE_NAME,
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    ANTHROPIC_BASE_URL: of.anthropic!.url,
    ANTHROPIC_MODEL: of.config.ANTHROPIC_MODEL,
    ...env,
  });
  return proc;
}
