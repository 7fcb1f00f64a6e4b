/** How the console's transcript follows a reply stream: deltas, reset, per-twin errors, done. */
import { describe, expect, it } from 'vitest';
import { applyEvent, routingFor, type Reply } from '../../web/src/chat-state.js';

const empty = (): Reply => ({ kind: 'reply', id: 'r1', streamId: null, lastEventId: null, status: 'streaming', bubbles: [], routing: [], error: null });
const steve = { twinId: 't-steve', personality: 'steve-jobs' };
const paul = { twinId: 't-paul', personality: 'paul-graham' };

function run(events: Array<[string, Record<string, unknown>, string?]>): Reply {
  return events.reduce((r, [event, data, id]) => applyEvent(r, event, data, id ?? null), empty());
}

describe('console chat state', () => {
  it('appends deltas per twin, one bubble each, and remembers the last event id', () => {
    const r = run([
      ['connected', { streamId: 's1' }, '0-0'],
      ['text_delta', { ...steve, content: 'Hel' }, '1-0'],
      ['text_delta', { ...paul, content: 'Hi' }, '2-0'],
      ['text_delta', { ...steve, content: 'lo' }, '3-0'],
    ]);
    expect(r.streamId).toBe('s1');
    expect(r.lastEventId).toBe('3-0');
    expect(r.bubbles.map((b) => [b.personality, b.text])).toEqual([
      ['steve-jobs', 'Hello'],
      ['paul-graham', 'Hi'],
    ]);
  });

  it('reset drops the partial text of that twin only', () => {
    const r = run([
      ['text_delta', { ...steve, content: 'first attempt' }],
      ['text_delta', { ...paul, content: 'kept' }],
      ['reset', { ...steve, attempt: 2 }],
      ['text_delta', { ...steve, content: 'second' }],
    ]);
    expect(r.bubbles.map((b) => b.text)).toEqual(['second', 'kept']);
  });

  it('tools run and complete; a twin error stays on its bubble; done lands the final text and the routing', () => {
    const r = run([
      ['tool_start', { ...steve, tool: 'web_search', toolId: 'x1' }],
      ['tool_complete', { ...steve, tool: 'web_search', toolId: 'x1', success: true }],
      ['text_delta', { ...steve, content: 'partial' }],
      ['twin_error', { ...paul, message: 'Paul could not answer.' }],
      [
        'done',
        {
          reply: 'Final text.',
          personality: 'steve-jobs',
          metadata: { routing: [{ twinId: 't-steve', slug: 'steve-jobs', name: 'Steve Jobs', rule: 'active', reason: 'active in the workspace' }] },
          replies: [{ reply: 'Final text.', personality: 'steve-jobs', twinId: 't-steve', twinName: 'Steve Jobs' }],
        },
      ],
    ]);
    expect(r.status).toBe('done');
    const [s, p] = r.bubbles;
    expect(s).toMatchObject({ text: 'Final text.', name: 'Steve Jobs', final: true, tools: [{ tool: 'web_search', state: 'done' }] });
    expect(p).toMatchObject({ error: 'Paul could not answer.', final: false });
    expect(routingFor(r, s!)?.reason).toBe('active in the workspace');
    expect(routingFor(r, p!)).toBeNull();
  });

  it('a job error ends the reply with its message', () => {
    expect(run([['error', { message: 'The model is busy.' }]])).toMatchObject({ status: 'error', error: 'The model is busy.' });
  });
});
