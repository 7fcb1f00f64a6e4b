/** Helpers for the roundtable integration tests: create over HTTP, follow the SSE stream. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_REDIS_URL, type TestApp } from '../support/harness.js';
import { api, SseReader, type Client, type SseEvent } from './chat-support.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function createRoundtable(c: Client, body: Record<string, unknown>): Promise<{ status: number; body: any }> {
  return api(c, 'POST', '/api/v2/roundtables', body);
}

export async function openRoundtableStream(c: Client, id: string, lastEventId?: string): Promise<SseReader> {
  const controller = new AbortController();
  const res = await fetch(`${c.app.url}/api/v2/roundtables/${id}/stream`, {
    headers: { authorization: `Bearer ${c.token}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  if (res.status !== 200) throw new Error(`stream answered ${res.status}: ${await res.text()}`);
  return new SseReader(res, controller);
}

/** The event names with each turn's run of text deltas collapsed into one `text_delta`. */
export function shape(events: SseEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) if (!(e.event === 'text_delta' && out[out.length - 1] === 'text_delta')) out.push(e.event);
  return out;
}

/** Each turn's text as a renderer shows it (a `reset` drops that turn's partial text). */
export function turnTexts(events: SseEvent[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const e of events) {
    if (e.event === 'reset') out.set(e.data.turn, '');
    if (e.event === 'text_delta') out.set(e.data.turn, (out.get(e.data.turn) ?? '') + e.data.content);
  }
  return out;
}

/** The roundtable's replies in the channel history (assistant rows), oldest first. */
export async function storedTurns(app: TestApp, channelId: string): Promise<{ turn: number; content: string }[]> {
  return (await app.core.store.messages.history(channelId, null, Number.MAX_SAFE_INTEGER, 1000))
    .filter((m) => m.role === 'assistant' && m.meta['roundtable'])
    .map((m) => ({ turn: (m.meta['roundtable'] as { turn: number }).turn, content: m.content }));
}

/**
 * Starts `src/main.ts` as a worker-only process of the app's deployment (its SQLite file, Redis
 * prefix and queue); resolves once it runs.
 */
export async function spawnWorker(of: TestApp, env: Record<string, string>): Promise<ChildProcess> {
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
