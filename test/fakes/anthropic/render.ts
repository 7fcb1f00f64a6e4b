/**
 * Renders a FakeTurn in the Messages API wire format: the SSE event sequence for `stream: true`
 * and the Message object otherwise. Each SSE event is serialized once, up front, so writing a
 * stream is only string concatenation (the benchmark runs 1000 streams at once).
 */
import type { FakeBlock, FakeStopReason, FakeTurn, FakeUsage, FakeWebSearch } from './types.js';

export interface Ids {
  next(prefix: string): string;
}

type Planned =
  | { kind: 'text'; chunks: string[] }
  | { kind: 'tool'; blockType: 'tool_use' | 'server_tool_use'; id: string; name: string; input: unknown; json: string[] }
  | { kind: 'search_result'; block: Record<string, unknown> };

export interface Rendered {
  events: Array<{ text: string; delta: boolean }>;
  message: Record<string, unknown>;
}

/** Where the simulated counts come from when the turn does not script them. */
export interface UsageBase {
  inputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}

const DIRECT = { type: 'direct' } as const;

export function splitEvenly(text: string, pieces: number): string[] {
  const n = Math.max(1, Math.min(pieces, text.length));
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

function blocksOf(turn: FakeTurn): FakeBlock[] {
  if (turn.blocks) return turn.blocks;
  const out: FakeBlock[] = [];
  const searches: FakeWebSearch[] =
    turn.webSearch === undefined ? [] : Array.isArray(turn.webSearch) ? turn.webSearch : [turn.webSearch];
  for (const s of searches) out.push({ type: 'web_search', ...s });
  if (turn.text !== undefined) {
    out.push({ type: 'text', chunks: typeof turn.text === 'string' ? [turn.text] : turn.text });
  }
  for (const t of turn.toolUses ?? []) out.push({ type: 'tool_use', ...t });
  return out;
}

function plan(turn: FakeTurn, ids: Ids): Planned[] {
  const out: Planned[] = [];
  for (const b of blocksOf(turn)) {
    if (b.type === 'text') {
      out.push({ kind: 'text', chunks: b.chunks });
    } else if (b.type === 'tool_use') {
      const json = JSON.stringify(b.input ?? {});
      const id = b.id ?? ids.next('toolu_fake_');
      out.push({ kind: 'tool', blockType: 'tool_use', id, name: b.name, input: b.input, json: splitEvenly(json, b.jsonChunks ?? 3) });
    } else {
      const id = b.id ?? ids.next('srvtoolu_fake_');
      const input = { query: b.query };
      out.push({ kind: 'tool', blockType: 'server_tool_use', id, name: 'web_search', input, json: splitEvenly(JSON.stringify(input), 3) });
      const content =
        b.errorCode !== undefined
          ? { type: 'web_search_tool_result_error', error_code: b.errorCode }
          : (b.results ?? defaultResults(b.query)).map((r) => ({
              type: 'web_search_result',
              title: r.title,
              url: r.url,
              // Real results carry opaque encrypted page text that must be echoed back unchanged.
              encrypted_content: Buffer.from(`${r.title}|${r.url}`).toString('base64'),
              page_age: r.pageAge ?? null,
            }));
      out.push({ kind: 'search_result', block: { type: 'web_search_tool_result', tool_use_id: id, content, caller: DIRECT } });
    }
  }
  return out;
}

function defaultResults(query: string): Array<{ title: string; url: string; pageAge: string }> {
  const slug = encodeURIComponent(query.toLowerCase().replace(/\s+/g, '-').slice(0, 40));
  return [
    { title: `About ${query}`, url: `https://www.example.com/${slug}`, pageAge: 'January 5, 2026' },
    { title: `${query}: the latest`, url: `https://news.example.org/${slug}`, pageAge: '2 days ago' },
  ];
}

function finalBlock(p: Planned): Record<string, unknown> {
  if (p.kind === 'text') return { type: 'text', text: p.chunks.join('') };
  if (p.kind === 'tool') return { type: p.blockType, id: p.id, name: p.name, input: p.input ?? {}, caller: DIRECT };
  return p.block;
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function errorBody(type: string, message: string, requestId: string): Record<string, unknown> {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

export function errorEvent(type: string, message: string, requestId: string): string {
  return sse('error', errorBody(type, message, requestId));
}

function usageOf(turn: FakeTurn, base: UsageBase, outputText: number): Required<FakeUsage> {
  return {
    input_tokens: turn.usage?.input_tokens ?? base.inputTokens,
    cache_creation_input_tokens: turn.usage?.cache_creation_input_tokens ?? base.cacheCreationTokens,
    cache_read_input_tokens: turn.usage?.cache_read_input_tokens ?? base.cacheReadTokens,
    output_tokens: turn.usage?.output_tokens ?? Math.max(1, Math.ceil(outputText / 4)),
  };
}

export function render(turn: FakeTurn, model: string, messageId: string, base: UsageBase, ids: Ids): Rendered {
  const planned = plan(turn, ids);
  const hasClientTool = planned.some((p) => p.kind === 'tool' && p.blockType === 'tool_use');
  const searches = planned.filter((p) => p.kind === 'tool' && p.blockType === 'server_tool_use').length;
  const stopReason: FakeStopReason = turn.stopReason ?? (hasClientTool ? 'tool_use' : 'end_turn');
  let outputChars = 0;
  for (const p of planned) outputChars += p.kind === 'text' ? p.chunks.join('').length : p.kind === 'tool' ? p.json.join('').length : 0;
  const usage = usageOf(turn, base, outputChars);
  const serverToolUse = searches > 0 ? { web_search_requests: searches, web_fetch_requests: 0 } : null;

  const events: Rendered['events'] = [];
  const push = (event: string, data: unknown, delta = false): void => {
    events.push({ text: sse(event, data), delta });
  };
  push('message_start', {
    type: 'message_start',
    message: {
      model,
      id: messageId,
      type: 'message',
      role: 'assistant',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      stop_details: null,
      usage: {
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        cache_creation: { ephemeral_5m_input_tokens: usage.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
        output_tokens: 1,
        service_tier: 'standard',
        inference_geo: 'global',
      },
    },
  });
  planned.forEach((p, index) => {
    if (p.kind === 'text') {
      push('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    } else if (p.kind === 'tool') {
      const start = { type: p.blockType, id: p.id, name: p.name, input: {}, caller: DIRECT };
      push('content_block_start', { type: 'content_block_start', index, content_block: start });
    } else {
      push('content_block_start', { type: 'content_block_start', index, content_block: p.block });
    }
    // The real API pings once, right after the first block opens.
    if (index === 0) push('ping', { type: 'ping' });
    if (p.kind === 'text') {
      for (const text of p.chunks) {
        push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text } }, true);
      }
    } else if (p.kind === 'tool') {
      for (const partial_json of ['', ...p.json]) {
        push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } }, true);
      }
    }
    push('content_block_stop', { type: 'content_block_stop', index });
  });
  if (planned.length === 0) push('ping', { type: 'ping' });
  push('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null, stop_details: null },
    usage: { ...usage, ...(serverToolUse ? { server_tool_use: serverToolUse } : {}) },
  });
  push('message_stop', { type: 'message_stop' });

  const message = {
    model,
    id: messageId,
    type: 'message',
    role: 'assistant',
    content: planned.map(finalBlock),
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    usage: {
      ...usage,
      cache_creation: { ephemeral_5m_input_tokens: usage.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
      server_tool_use: serverToolUse,
      service_tier: 'standard',
      inference_geo: 'global',
    },
  };
  return { events, message };
}
