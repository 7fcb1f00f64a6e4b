/**
 * SSE framing: one whole frame per event, `data` always one line of JSON, an id from the log,
 * and the internal events (status, twin_done) never shown to HTTP clients.
 */
import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../src/core/messages.js';
import { sseFrame, toSse } from '../../src/http/sse.js';

const twin = { id: 't-1', slug: 'paul-graham', name: 'Paul Graham', avatarUrl: null };

function parse(frame: string) {
  expect(frame.endsWith('\n\n')).toBe(true);
  const lines = frame.slice(0, -2).split('\n');
  const get = (prefix: string) => lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
  expect(lines.every((l) => /^(id|event|data): /.test(l))).toBe(true);
  expect(get('data: ')).toHaveLength(1);
  return { id: get('id: ')[0], event: get('event: ')[0], data: JSON.parse(get('data: ')[0]!) as Record<string, unknown> };
}

describe('sseFrame', () => {
  it('writes id, event and one data line, ending with a blank line', () => {
    expect(sseFrame('text_delta', { content: 'hi', accumulated_length: 2 }, '1-0')).toBe(
      'id: 1-0\nevent: text_delta\ndata: {"content":"hi","accumulated_length":2}\n\n',
    );
    expect(sseFrame('connected', { streamId: 's' })).toBe('event: connected\ndata: {"streamId":"s"}\n\n');
  });

  it('keeps data on one line whatever the text holds', () => {
    const content = 'line one\nline two\r\n\n\u2028end\n\ndata: fake\n\nevent: done';
    const frame = sseFrame('text_delta', { content }, '5-1');
    expect(frame.split('\n')).toHaveLength(5);
    expect(parse(frame).data).toEqual({ content });
  });
});

describe('toSse', () => {
  const at = (e: Omit<LoggedEvent, 'id'>): LoggedEvent => ({ ...e, id: '1700000000000-3' }) as LoggedEvent;

  it('tags twin events with personality and twinId, and carries the log id', () => {
    const f = parse(toSse(at({ event: 'text_delta', twin, data: { content: 'Hi', accumulated_length: 2 } }))!);
    expect(f).toEqual({ id: '1700000000000-3', event: 'text_delta', data: { content: 'Hi', accumulated_length: 2, personality: 'paul-graham', twinId: 't-1' } });
  });

  it('renders every documented event, plus reset', () => {
    const events: Array<Omit<LoggedEvent, 'id'>> = [
      { event: 'tool_start', twin, data: { tool: 'knowledge_search', toolId: 'tu', timestamp: '2026-01-01T00:00:00.000Z' } },
      { event: 'tool_call', twin, data: { tool: 'knowledge_search', toolId: 'tu', input: { query: 'q' } } },
      { event: 'tool_result', twin, data: { tool: 'knowledge_search', toolId: 'tu', duration: 3, resultPreview: 'r' } },
      { event: 'tool_complete', twin, data: { tool: 'knowledge_search', toolId: 'tu', success: true, duration: 3 } },
      { event: 'reset', twin: null, data: { attempt: 2 } },
      { event: 'error', twin: null, data: { message: 'The model is overloaded right now; retrying.', streamId: 's', code: 'MODEL_OVERLOADED' } },
    ];
    for (const e of events) {
      const f = parse(toSse(at(e))!);
      expect(f.event).toBe(e.event);
      expect(f.id).toBe('1700000000000-3');
      expect(f.data).toMatchObject(e.data as Record<string, unknown>);
    }
    // Job-wide events carry no twin fields.
    expect(parse(toSse(at(events[4]!))!).data).toEqual({ attempt: 2 });
    expect(parse(toSse(at(events[5]!))!).data).toEqual({ message: 'The model is overloaded right now; retrying.', streamId: 's', code: 'MODEL_OVERLOADED' });
  });

  it('sends done as its payload, unchanged', () => {
    const data = {
      streamId: 's',
      messageId: 'm',
      reply: 'Hello\nthere',
      personality: 'paul-graham',
      responseTime: 12,
      toolsUsed: [],
      confidence: null,
      timestamp: '2026-01-01T00:00:00.000Z',
      metadata: { toolsUsed: [], model: 'claude', knowledgeGraphQueried: false, routing: [] },
      replies: [],
    };
    expect(parse(toSse(at({ event: 'done', twin, data }))!).data).toEqual(data);
  });

  it('hides internal events', () => {
    expect(toSse(at({ event: 'status', twin, data: { status: 'thinking' } }))).toBeNull();
    const record = { messageId: 'm', reply: 'r', personality: 'p', twinId: 't', twinName: 'T', confidence: null, toolsUsed: [], model: 'x', responseTime: 1, trace: [] };
    expect(toSse(at({ event: 'twin_done', twin, data: record }))).toBeNull();
  });
});
