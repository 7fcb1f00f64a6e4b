import type { DonePayload, ReplyRecord, RoutingEntry } from './messages.js';

export interface DoneInput {
  streamId: string;
  /** Every answering twin's record, in routing order; at least one. */
  records: ReplyRecord[];
  routing: RoutingEntry[];
  responseTime: number;
  timestamp: string;
  failed?: NonNullable<DonePayload['metadata']['failed']>;
  /** Include the tool traces (the request asked for debug). */
  debug?: boolean;
}

/**
 * The `done` payload of a chat job, one shape whether the worker just finished it or it is
 * rebuilt from the stored replies for a replay after the stream log expired.
 */
export function donePayload(input: DoneInput): DonePayload {
  const { records, failed = [] } = input;
  const first = records[0]!;
  const toolsUsed = [...new Set(records.flatMap((r) => r.toolsUsed))];
  return {
    streamId: input.streamId,
    messageId: first.messageId,
    reply: first.reply,
    personality: first.personality,
    responseTime: input.responseTime,
    toolsUsed,
    confidence: first.confidence,
    timestamp: input.timestamp,
    metadata: {
      toolsUsed,
      model: first.model,
      knowledgeGraphQueried: toolsUsed.includes('knowledge_search'),
      routing: input.routing,
      ...(failed.length > 0 ? { failed } : {}),
      ...(input.debug ? { trace: records.flatMap((r) => r.trace) } : {}),
    },
    replies: records,
  };
}
