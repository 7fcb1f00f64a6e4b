import type { Logger } from 'pino';
import type { Twin } from '../core/domain.js';
import { AppError } from '../core/errors.js';
import type { ReplyRecord, RoutingEntry, ToolTrace, TwinRef } from '../core/messages.js';
import type { ModelEvent, ModelMessage, ModelProvider, ModelRequest } from '../core/model.js';
import { truncate } from '../core/text.js';
import type { JobPublisher } from './publisher.js';
import type { Tool } from './tools.js';

export interface AnswerInput {
  twin: Twin;
  ref: TwinRef;
  entry: RoutingEntry;
  system: string;
  messages: ModelMessage[];
  model: string | null;
  webSearch: 'off' | 'auto' | 'always';
  maxTokens: number;
  maxToolRounds: number;
  channelId: string;
  /** The stored user message being answered (excluded from knowledge_search). */
  messageId: string | null;
  signal: AbortSignal;
}

export interface AnswerDeps {
  provider: ModelProvider;
  tools: Tool[];
  publisher: JobPublisher;
  logger: Logger;
  onFirstText?: () => void;
  /** The provider holds the first request (see ModelRequest.onAccepted). */
  onAccepted?: () => void;
}

export interface AnswerResult {
  text: string;
  model: string;
  confidence: number | null;
  toolsUsed: string[];
  trace: ToolTrace[];
}

const PREVIEW = 200;

/** One twin's answer: the model stream, the tool loop, and every event on the reply stream. */
export async function answerTwin(input: AnswerInput, deps: AnswerDeps): Promise<AnswerResult> {
  const { publisher, provider } = deps;
  const twin = input.ref;
  const conversation = [...input.messages];
  const trace: ToolTrace[] = [];
  const toolsUsed = new Set<string>();
  const serverStarts = new Map<string, { name: string; at: number; input: unknown }>();
  let text = '';
  let model = input.model ?? provider.name;
  let confidence: number | null = null;

  publisher.emit({ event: 'status', twin, data: { status: 'thinking' } });
  for (let round = 0; ; round++) {
    const request: ModelRequest = {
      model: input.model,
      system: input.system,
      messages: conversation,
      tools: deps.tools.map((t) => t.spec),
      webSearch: input.webSearch,
      maxTokens: input.maxTokens,
      twin: { id: input.twin.id, slug: input.twin.slug, name: input.twin.name, source: input.twin.source, externalId: input.twin.externalId },
      signal: input.signal,
      ...(deps.onAccepted ? { onAccepted: deps.onAccepted } : {}),
    };
    const calls: { id: string; name: string; input: unknown }[] = [];
    let roundStarted = false;
    let end: Extract<ModelEvent, { type: 'end' }> | null = null;
    for await (const ev of provider.stream(request)) {
      switch (ev.type) {
        case 'text_delta': {
          let chunk = ev.text;
          // A later round continues the same message; keep its words apart from the last round's.
          if (!roundStarted && round > 0 && text && !/\s$/.test(text) && !/^\s/.test(chunk)) chunk = `\n\n${chunk}`;
          if (!text) deps.onFirstText?.();
          roundStarted = true;
          text += chunk;
          publisher.emit({ event: 'text_delta', twin, data: { content: chunk, accumulated_length: text.length } });
          break;
        }
        case 'tool_use':
          calls.push(ev);
          break;
        case 'server_tool_start':
          serverStarts.set(ev.id, { name: ev.name, at: Date.now(), input: ev.input });
          toolsUsed.add(ev.name);
          publisher.emit({ event: 'tool_start', twin, data: { tool: ev.name, toolId: ev.id, timestamp: new Date().toISOString() } });
          publisher.emit({ event: 'tool_call', twin, data: { tool: ev.name, toolId: ev.id, input: ev.input } });
          break;
        case 'server_tool_result': {
          const start = serverStarts.get(ev.id);
          const duration = start ? Date.now() - start.at : 0;
          const preview = truncate(ev.preview, PREVIEW);
          publisher.emit({ event: 'tool_result', twin, data: { tool: ev.name, toolId: ev.id, duration, resultPreview: preview } });
          publisher.emit({ event: 'tool_complete', twin, data: { tool: ev.name, toolId: ev.id, success: ev.success, duration } });
          trace.push({ tool: ev.name, toolId: ev.id, input: start?.input ?? null, resultPreview: preview, success: ev.success, duration });
          break;
        }
        case 'end':
          end = ev;
          break;
      }
    }
    if (!end) throw new AppError('MODEL_ERROR', 'model stream ended without a final event', { retryable: true });
    model = end.model;
    confidence = end.confidence;
    const continueTools = end.stopReason === 'tool_use' && calls.length > 0 && round < input.maxToolRounds;
    if (continueTools) {
      conversation.push({ role: 'assistant', content: end.assistantContent });
      const results = [];
      for (const call of calls) results.push(await runTool(call, input, deps, twin, trace, toolsUsed));
      conversation.push({ role: 'user', content: results });
      continue;
    }
    if (end.stopReason === 'pause_turn' && round < input.maxToolRounds) {
      conversation.push({ role: 'assistant', content: end.assistantContent });
      continue;
    }
    break;
  }
  if (!text.trim()) throw new AppError('MODEL_ERROR', 'the model returned an empty answer', { userMessage: `${input.twin.name} had nothing to say to that.` });
  return { text, model, confidence, toolsUsed: [...toolsUsed], trace };
}

async function runTool(
  call: { id: string; name: string; input: unknown },
  input: AnswerInput,
  deps: AnswerDeps,
  twin: TwinRef,
  trace: ToolTrace[],
  toolsUsed: Set<string>,
) {
  const { publisher } = deps;
  const started = Date.now();
  toolsUsed.add(call.name);
  publisher.emit({ event: 'tool_start', twin, data: { tool: call.name, toolId: call.id, timestamp: new Date(started).toISOString() } });
  publisher.emit({ event: 'tool_call', twin, data: { tool: call.name, toolId: call.id, input: call.input } });
  const tool = deps.tools.find((t) => t.spec.name === call.name);
  let content: string;
  let success: boolean;
  try {
    const out = tool ? await tool.run(call.input, { channelId: input.channelId, messageId: input.messageId }) : { content: `Unknown tool ${call.name}`, success: false };
    ({ content, success } = out);
  } catch (err) {
    deps.logger.warn({ err, tool: call.name }, 'tool failed');
    content = `Tool ${call.name} failed`;
    success = false;
  }
  const duration = Date.now() - started;
  const resultPreview = truncate(content, PREVIEW);
  publisher.emit({ event: 'tool_result', twin, data: { tool: call.name, toolId: call.id, duration, resultPreview } });
  publisher.emit({ event: 'tool_complete', twin, data: { tool: call.name, toolId: call.id, success, duration } });
  trace.push({ tool: call.name, toolId: call.id, input: call.input, resultPreview, success, duration });
  return { type: 'tool_result' as const, toolUseId: call.id, content, isError: !success };
}

export function toReplyRecord(r: AnswerResult, meta: { messageId: string; twin: Twin; responseTime: number }): ReplyRecord {
  return {
    messageId: meta.messageId,
    reply: r.text,
    personality: meta.twin.slug,
    twinId: meta.twin.id,
    twinName: meta.twin.name,
    confidence: r.confidence,
    toolsUsed: r.toolsUsed,
    model: r.model,
    responseTime: meta.responseTime,
    trace: r.trace,
  };
}
