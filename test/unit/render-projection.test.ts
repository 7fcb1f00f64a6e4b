import { describe, expect, it } from 'vitest';
import type { ReplyRecord, StreamEvent, TwinRef } from '../../src/core/messages.js';
import { composeParts, type ReplyStyle } from '../../src/render/compose.js';
import { applyEvent, isVisible, type JobView } from '../../src/render/projection.js';
import { isTerminal } from '../../src/render/terminal.js';

const ada: TwinRef = { id: 't-ada', slug: 'ada', name: 'Ada Lovelace', avatarUrl: null };
const alan: TwinRef = { id: 't-alan', slug: 'alan', name: 'Alan Turing', avatarUrl: null };

const delta = (twin: TwinRef | null, content: string): StreamEvent => ({ event: 'text_delta', twin, data: { content, accumulated_length: 0 } });
const record = (twin: TwinRef, reply: string): ReplyRecord => ({
  messageId: 'm', reply, personality: twin.slug, twinId: twin.id, twinName: twin.name, confidence: null,
  toolsUsed: [], model: 'x', responseTime: 1, trace: [],
});
const done = (replies: ReplyRecord[], reply = ''): StreamEvent => ({
  event: 'done', twin: null,
  data: { streamId: 'j', messageId: 'm', reply, personality: 'x', responseTime: 1, toolsUsed: [], confidence: null, timestamp: '', replies } as never,
});
const style: ReplyStyle = {
  header: '',
  placeholder: (s) => `-# ${s ?? 'thinking…'}`,
  statusLine: (s) => `-# ${s}`,
  empty: '*(no reply)*',
  failure: (m) => `⚠️ ${m}`,
};

function fold(events: StreamEvent[]): JobView {
  const view: JobView = new Map();
  for (const e of events) applyEvent(view, e, 1000);
  return view;
}

describe('projection', () => {
  it('keeps one reply per twin, growing with deltas, landing twin_done text', () => {
    const view = fold([delta(ada, 'Hel'), delta(alan, 'Hi'), delta(ada, 'lo'), { event: 'twin_done', twin: ada, data: record(ada, 'Hello!') }]);
    expect(view.get('t-ada')).toMatchObject({ text: 'Hello!', final: true, firstTextAt: 1000 });
    expect(view.get('t-alan')).toMatchObject({ text: 'Hi', final: false });
  });

  it('resets one twin or, with twin null, all of them (a retried attempt)', () => {
    const view = fold([delta(ada, 'old'), delta(alan, 'old'), { event: 'reset', twin: ada, data: { attempt: 2 } }]);
    expect(view.get('t-ada')!.text).toBe('');
    expect(view.get('t-alan')!.text).toBe('old');
    applyEvent(view, { event: 'reset', twin: null, data: { attempt: 3 } }, 0);
    expect([...view.values()].map((r) => r.text)).toEqual(['', '']);
  });

  it('shows a tool as a status line while it runs, not in the final text', () => {
    const view = fold([delta(ada, 'Let me look.'), { event: 'tool_start', twin: ada, data: { tool: 'web_search', toolId: '1', timestamp: '' } }]);
    expect(composeParts(view.get('t-ada')!, style, 2000).map((p) => p.shown)).toEqual(['Let me look.\n-# Using web_search…']);
    applyEvent(view, { event: 'tool_complete', twin: ada, data: { tool: 'web_search', toolId: '1', success: true, duration: 5 } }, 0);
    expect(composeParts(view.get('t-ada')!, style, 2000)).toEqual([{ text: 'Let me look.', shown: 'Let me look.' }]);
  });

  it('prefixes every part with the header and keeps within the limit', () => {
    const view = fold([{ event: 'twin_done', twin: ada, data: record(ada, `${'a '.repeat(800)}\n\n${'b '.repeat(800)}`) }]);
    const out = composeParts(view.get('t-ada')!, { ...style, header: '**Ada Lovelace**\n' }, 2000);
    expect(out.length).toBe(2);
    for (const c of out) {
      expect(c.shown.startsWith('**Ada Lovelace**\n')).toBe(true);
      expect(c.shown.length).toBeLessThanOrEqual(2000);
    }
  });

  it('turns a failure into a short sentence, even before any twin spoke, and ends the stream', () => {
    const failure: StreamEvent = { event: 'error', twin: null, data: { message: 'The model is busy right now.', streamId: 'j', code: 'MODEL_RATE_LIMITED' } };
    const view = fold([failure]);
    const [only] = [...view.values()];
    expect(only!.twin).toBeNull();
    expect(isVisible(only!)).toBe(true);
    expect(composeParts(only!, style, 2000).map((p) => p.shown)).toEqual(['⚠️ The model is busy right now.']);
    expect(isTerminal(failure)).toBe(true);
    expect(isTerminal({ event: 'error', twin: ada })).toBe(false);
    expect(isTerminal({ event: 'done', twin: null })).toBe(true);
  });

  it('ends only the failing twin on a twin error, keeping its text; done lands the rest', () => {
    const view = fold([
      delta(ada, 'Partial'),
      delta(alan, 'Going on'),
      { event: 'error', twin: ada, data: { message: 'Ada could not finish.', streamId: 'j', code: 'MODEL_ERROR' } },
    ]);
    expect(view.get('t-ada')).toMatchObject({ final: true, error: 'Ada could not finish.' });
    expect(composeParts(view.get('t-ada')!, style, 2000)[0]!.shown).toBe('Partial\n\n⚠️ Ada could not finish.');
    expect(view.get('t-alan')!.final).toBe(false);
    applyEvent(view, done([record(alan, 'Going on, done.')]), 0);
    expect(view.get('t-alan')).toMatchObject({ final: true, text: 'Going on, done.' });
  });

  it('lands a done that carries only the reply (the default assistant), and shows empty replies as such', () => {
    const view = fold([done([], 'I am the assistant.')]);
    expect(view.get('default')).toMatchObject({ text: 'I am the assistant.', final: true });
    const empty = fold([delta(ada, ''), done([])]);
    expect(composeParts(empty.get('t-ada')!, style, 2000)).toEqual([{ text: '*(no reply)*', shown: '*(no reply)*' }]);
  });

  it('shows a placeholder before the first text, and streams the raw text without it', () => {
    const view = fold([{ event: 'status', twin: ada, data: { status: 'thinking' } }]);
    expect(composeParts(view.get('t-ada')!, style, 2000)).toEqual([{ text: '', shown: '-# thinking…' }]);
  });
});
