import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import type { ModelEvent, ModelRequest } from '../../src/core/model.js';
import { createOfflineModelProvider } from '../../src/model/offline.js';

const logger = pino({ level: 'silent' });

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: null,
    system: 'You are Marie Curie.',
    messages: [{ role: 'user', content: 'What drew you to radioactivity?' }],
    tools: [],
    webSearch: 'off',
    maxTokens: 512,
    twin: { id: 'b3c1', slug: 'marie-curie', name: 'Marie Curie', source: 'bundled', externalId: null },
    ...overrides,
  };
}

async function collect(events: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const out: ModelEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const deltas = (events: ModelEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'text_delta' ? [e.text] : []));

describe('OfflineModelProvider', () => {
  const instant = createOfflineModelProvider({ chunkDelayMs: 0 }, { logger });

  it('is named offline and does not claim structured output', () => {
    expect(instant.name).toBe('offline');
    expect(instant.supportsStructuredOutput).toBe(false);
  });

  it("answers in the twin's name, says why it is offline, and quotes the user's message", async () => {
    const events = await collect(instant.stream(request()));
    const reply = deltas(events).join('');
    expect(reply.startsWith('Marie Curie')).toBe(true);
    expect(reply).toContain('offline');
    expect(reply).toContain('no ANTHROPIC_API_KEY is configured');
    expect(reply).toContain('Set ANTHROPIC_API_KEY to enable Claude');
    expect(reply).toContain('"What drew you to radioactivity?"');
    expect(events[events.length - 1]).toEqual({
      type: 'end',
      stopReason: 'end_turn',
      model: 'offline',
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      confidence: null,
      assistantContent: [{ type: 'text', text: reply }],
    });
  });

  it('streams word chunks and is deterministic', async () => {
    const a = deltas(await collect(instant.stream(request())));
    const b = deltas(await collect(instant.stream(request())));
    expect(a.length).toBeGreaterThan(10);
    expect(a.every((c) => /^\S+\s*$/.test(c))).toBe(true);
    expect(b).toEqual(a);
  });

  it('quotes only the first ~80 chars of the last user message with text, on one line', async () => {
    const long = `Tell me\nabout ${'polonium and radium '.repeat(10)}please`;
    const reply = deltas(
      await collect(
        instant.stream(
          request({
            messages: [
              { role: 'user', content: 'an earlier question' },
              { role: 'assistant', content: 'an earlier answer' },
              { role: 'user', content: [{ type: 'text', text: long }, { type: 'image', mediaType: 'image/png', base64: 'AAAA' }] },
            ],
          }),
        ),
      ),
    ).join('');
    const quoted = /You said: "([^"]*)"/.exec(reply)?.[1] ?? '';
    expect(quoted.startsWith('Tell me about polonium and radium')).toBe(true);
    expect(quoted.endsWith('…')).toBe(true);
    expect(quoted.length).toBeLessThanOrEqual(81);
    expect(reply).not.toContain('earlier question');
  });

  it('never calls tools, even when offered tools and forced web search', async () => {
    const events = await collect(
      instant.stream(
        request({ tools: [{ name: 'calc', description: 'Adds', inputSchema: { type: 'object' } }], webSearch: 'always' }),
      ),
    );
    expect(events.every((e) => e.type === 'text_delta' || e.type === 'end')).toBe(true);
  });

  it('paces chunks by chunkDelayMs', async () => {
    const paced = createOfflineModelProvider({ chunkDelayMs: 15 }, { logger });
    const started = Date.now();
    const chunks = deltas(await collect(paced.stream(request())));
    expect(Date.now() - started).toBeGreaterThanOrEqual((chunks.length - 1) * 15 * 0.8);

    const t0 = Date.now();
    await collect(instant.stream(request()));
    expect(Date.now() - t0).toBeLessThan(100);
  });

  it('stops when the signal aborts, rejecting with its reason', async () => {
    const paced = createOfflineModelProvider({ chunkDelayMs: 20 }, { logger });
    const ac = new AbortController();
    const reason = new AppError('SHUTTING_DOWN', 'stop');
    const seen: ModelEvent[] = [];
    const consume = async (): Promise<void> => {
      for await (const e of paced.stream(request({ signal: ac.signal }))) {
        seen.push(e);
        if (seen.length === 2) ac.abort(reason);
      }
    };
    await expect(consume()).rejects.toBe(reason);
    expect(seen).toHaveLength(2);
  });

  it('refuses structured output instead of producing text that cannot match the schema', async () => {
    const events = instant.stream(request({ outputSchema: { name: 'x', schema: { type: 'object' } } }));
    await expect(collect(events)).rejects.toMatchObject({ code: 'PROVIDER_NOT_CONFIGURED' });
  });
});
