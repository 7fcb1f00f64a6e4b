/**
 * A conversation's transcript and how each reply-stream event changes it (api/chat.md events,
 * plus `reset` and `twin_error`). Pure, so a replay after a reload lands in the same state.
 */
import type { RoutingEntry } from './api/types.js';

export interface Tool {
  toolId: string;
  tool: string;
  state: 'running' | 'done' | 'failed';
}

export interface Bubble {
  key: string;
  twinId: string | null;
  personality: string | null;
  name: string | null;
  text: string;
  tools: Tool[];
  error: string | null;
  final: boolean;
}

export type Entry =
  | { kind: 'user'; id: string; text: string; at: string }
  | {
      kind: 'reply';
      id: string;
      streamId: string | null;
      lastEventId: string | null;
      status: 'streaming' | 'done' | 'error' | 'interrupted';
      bubbles: Bubble[];
      routing: RoutingEntry[];
      error: string | null;
    };

export type Reply = Extract<Entry, { kind: 'reply' }>;

type Who = { twinId?: string | null; personality?: string | null };
const keyOf = (w: Who) => w.twinId ?? w.personality ?? 'assistant';

function bubble(r: Reply, w: Who): { reply: Reply; b: Bubble } {
  const key = keyOf(w);
  const found = r.bubbles.find((b) => b.key === key);
  if (found) return { reply: r, b: found };
  const b: Bubble = { key, twinId: w.twinId ?? null, personality: w.personality ?? null, name: null, text: '', tools: [], error: null, final: false };
  return { reply: { ...r, bubbles: [...r.bubbles, b] }, b };
}

function patch(r: Reply, w: Who, change: (b: Bubble) => Bubble): Reply {
  const { reply, b } = bubble(r, w);
  return { ...reply, bubbles: reply.bubbles.map((x) => (x === b ? change(b) : x)) };
}

interface DoneData {
  reply?: string;
  personality?: string;
  metadata?: { routing?: RoutingEntry[] };
  replies?: Array<{ reply: string; personality: string; twinId: string | null; twinName?: string }>;
}

export function applyEvent(r: Reply, event: string, data: Record<string, unknown>, id: string | null): Reply {
  const who = { twinId: (data['twinId'] as string | undefined) ?? null, personality: (data['personality'] as string | undefined) ?? null };
  const next = id ? { ...r, lastEventId: id } : r;
  switch (event) {
    case 'connected':
      return { ...next, streamId: (data['streamId'] as string | undefined) ?? r.streamId };
    case 'text_delta':
      return patch(next, who, (b) => ({ ...b, text: b.text + String(data['content'] ?? '') }));
    case 'reset':
      // A retried attempt starts over: drop what the failed attempt showed.
      if (!who.twinId && !who.personality) return { ...next, bubbles: [] };
      return patch(next, who, (b) => ({ ...b, text: '', tools: [], error: null }));
    case 'tool_start':
      return patch(next, who, (b) => ({ ...b, tools: [...b.tools, { toolId: String(data['toolId']), tool: String(data['tool']), state: 'running' }] }));
    case 'tool_complete':
      return patch(next, who, (b) => ({
        ...b,
        tools: b.tools.map((t) => (t.toolId === data['toolId'] ? { ...t, state: data['success'] === false ? 'failed' : 'done' } : t)),
      }));
    case 'twin_error':
      return patch(next, who, (b) => ({ ...b, error: String(data['message'] ?? 'This twin could not answer.') }));
    case 'done': {
      const d = data as DoneData;
      let out: Reply = { ...next, status: 'done', routing: d.metadata?.routing ?? [] };
      const replies = d.replies?.length ? d.replies : [{ reply: d.reply ?? '', personality: d.personality ?? 'assistant', twinId: null }];
      for (const rep of replies) {
        out = patch(out, { twinId: rep.twinId, personality: rep.personality }, (b) => ({
          ...b,
          personality: rep.personality,
          name: ('twinName' in rep && rep.twinName) || b.name,
          text: rep.reply,
          tools: b.tools.map((t) => (t.state === 'running' ? { ...t, state: 'done' } : t)),
          final: true,
        }));
      }
      return out;
    }
    case 'error':
      return { ...next, status: 'error', error: String(data['message'] ?? 'The reply failed.') };
    default:
      return next;
  }
}

/** The routing entry that explains one bubble. */
export function routingFor(r: Reply, b: Bubble): RoutingEntry | null {
  return r.routing.find((e) => (b.twinId && e.twinId === b.twinId) || e.slug === b.personality) ?? null;
}
