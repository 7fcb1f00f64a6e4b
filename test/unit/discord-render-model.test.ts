import { describe, expect, it } from 'vitest';
import type { ReplyRecord, StreamEvent, TwinRef } from '../../src/core/messages.js';
import { applyEvent, composeChunks, isVisible, type JobView } from '../../adapters/discord/render-model.js';

const ada: TwinRef = { id: 't-ada', slug: 'ada', name: 'Ada Lovelace', avatarUrl: null };
const alan: TwinRef = { id: 't-alan', slug: 'alan', name: 'Alan Turing', avatarUrl: null };

const delta = (twin: TwinRef, content: string): StreamEvent => ({ event: 'text_delta', twin, data: { content, accumulated_length: 0 } });
const record = (twin: TwinRef, reply: string): ReplyRecord => ({
  messageId: 'm', reply, personality: twin.slug, twinId: twin.id, twinName: twin.name, confidence: null,
  toolsUsed: [], model: 'x', responseTime: 1, trace: [],
});

function fold(events: StreamEvent[]): JobView {
  const view: JobView = new Map();
  for (const e of events) applyEvent(view, e, 1000);
  return view;
}

describe('render model', () => {
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
    expect(composeChunks(view.get('t-ada')!, '', 2000)).toEqual(['Let me look.\n-# Using web_search…']);
    applyEvent(view, { event: 'tool_complete', twin: ada, data: { tool: 'web_search', toolId: '1', success: true, duration: 5 } }, 0);
    expect(composeChunks(view.get('t-ada')!, '', 2000)).toEqual(['Let me look.']);
  });

  it('prefixes every message with the twin name when the bot speaks for it', () => {
    const view = fold([{ event: 'twin_done', twin: ada, data: record(ada, `${'a '.repeat(800)}\n\n${'b '.repeat(800)}`) }]);
    const out = composeChunks(view.get('t-ada')!, '**Ada Lovelace**\n', 2000);
    expect(out.length).toBe(2);
    for (const c of out) {
      expect(c.startsWith('**Ada Lovelace**\n')).toBe(true);
      expect(c.length).toBeLessThanOrEqual(2000);
    }
  });

  it('turns a failure into a short sentence, even before any twin spoke', () => {
    const view = fold([{ event: 'error', twin: null, data: { message: 'The model is busy right now.', streamId: 'j', code: 'MODEL_RATE_LIMITED' } }]);
    const [only] = [...view.values()];
    expect(only!.twin).toBeNull();
    expect(isVisible(only!)).toBe(true);
    expect(composeChunks(only!, '', 2000)).toEqual(['⚠️ The model is busy right now.']);
  });

  it('ends only the failing twin on a twin error; the others go on and land their text', () => {
    const view = fold([delta(ada, 'part'), delta(alan, 'half'), { event: 'error', twin: alan, data: { message: 'Failed.', streamId: 'j', code: 'X' } }]);
    expect(view.get('t-alan')).toMatchObject({ final: true, error: 'Failed.' });
    expect(view.get('t-ada')).toMatchObject({ final: false, error: null, text: 'part' });
    applyEvent(view, { event: 'twin_done', twin: ada, data: record(ada, 'part two') }, 0);
    expect(view.get('t-ada')).toMatchObject({ final: true, error: null, text: 'part two' });
  });

  it('closes the unfinished replies with the sentence on a job-level error', () => {
    const view = fold([delta(ada, 'part'), { event: 'twin_done', twin: alan, data: record(alan, 'done') }, { event: 'error', twin: null, data: { message: 'Failed.', streamId: 'j', code: 'X' } }]);
    expect(view.get('t-ada')).toMatchObject({ final: true, error: 'Failed.' });
    expect(view.get('t-alan')).toMatchObject({ final: true, error: null, text: 'done' });
  });

  it('lands replies from done even when their twin_done was not seen', () => {
    const done: StreamEvent = {
      event: 'done', twin: null,
      data: {
        streamId: 'j', messageId: 'm', reply: 'x', personality: 'ada', responseTime: 1, toolsUsed: [], confidence: null, timestamp: '',
        metadata: { toolsUsed: [], model: 'x', knowledgeGraphQueried: false, routing: [] },
        replies: [record(ada, 'Full answer')],
      },
    };
    const view = fold([delta(ada, 'Fu'), done]);
    expect(view.get('t-ada')).toMatchObject({ text: 'Full answer', final: true });
  });

  it('shows a thinking placeholder before text and "(no reply)" for an empty final', () => {
    const view = fold([{ event: 'status', twin: ada, data: { status: 'tool', tool: 'knowledge_search' } }]);
    expect(composeChunks(view.get('t-ada')!, '', 2000)).toEqual(['-# Using knowledge_search…']);
    applyEvent(view, { event: 'twin_done', twin: ada, data: record(ada, '') }, 0);
    expect(composeChunks(view.get('t-ada')!, '', 2000)).toEqual(['*(no reply)*']);
  });
});
