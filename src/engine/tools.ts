import type { MessageStore } from '../core/ports.js';
import type { ModelToolSpec } from '../core/model.js';

export interface ToolRun {
  /** Text handed back to the model. */
  content: string;
  success: boolean;
}

export interface ToolContext {
  channelId: string;
  /** The stored message being answered: already in the prompt, so never a search hit. */
  messageId: string | null;
}

export interface Tool {
  spec: ModelToolSpec;
  run(input: unknown, ctx: ToolContext): Promise<ToolRun>;
}

export function knowledgeSearchTool(deps: { messages: MessageStore }): Tool {
  return {
    spec: {
      name: 'knowledge_search',
      description:
        "Full-text search over this channel's earlier messages and the text of files shared in it. " +
        'Use it when the user refers to something said or shared before that is not in the visible conversation.',
      inputSchema: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'Words to search for' },
          limit: { type: 'integer', minimum: 1, maximum: 10, description: 'Max results (default 5)' },
        },
        required: ['query'],
      },
    },
    async run(input, ctx) {
      const { query, limit } = (input ?? {}) as { query?: unknown; limit?: unknown };
      if (typeof query !== 'string' || query.trim() === '') return { content: 'Error: "query" must be a non-empty string', success: false };
      const n = typeof limit === 'number' && limit >= 1 && limit <= 10 ? Math.floor(limit) : 5;
      // The message being answered holds every word of its own question and would always rank first.
      const hits = (await deps.messages.search(ctx.channelId, query, n + 1))
        .filter((h) => h.messageId !== ctx.messageId)
        .slice(0, n);
      if (hits.length === 0) return { content: `No results for "${query}" in this channel.`, success: true };
      return {
        content: JSON.stringify(hits.map((h) => ({ kind: h.kind, from: h.title, at: h.createdAt, snippet: h.snippet }))),
        success: true,
      };
    },
  };
}
