/**
 * ModelRequest -> Messages API parameters. Pure, so tests can check the wire shape without a
 * server.
 */
import { jsonSchemaOutputFormat } from '@anthropic-ai/sdk/helpers/json-schema';
import type {
  Base64ImageSource,
  ContentBlockParam,
  JSONOutputFormat,
  MessageCreateParamsStreaming,
  MessageParam,
  Tool,
  ToolChoice,
  ToolUnion,
} from '@anthropic-ai/sdk/resources/messages';
import type { ModelContentBlock, ModelMessage, ModelRequest } from '../core/model.js';

/**
 * The basic server-side web search. The later versions (web_search_20260209/20260318) add
 * "dynamic filtering", which runs code in Anthropic's sandbox and returns code-execution blocks;
 * the basic one works on every model that has web search.
 */
export const WEB_SEARCH_TOOL_TYPE = 'web_search_20250305';
export const WEB_SEARCH_TOOL_NAME = 'web_search';

const CACHE = { type: 'ephemeral' } as const;

export interface RequestSettings {
  defaultModel: string;
  webSearchMaxUses: number;
}

function toBlock(block: ModelContentBlock): ContentBlockParam {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'image':
      return {
        type: 'image',
        source: { type: 'base64', media_type: block.mediaType as Base64ImageSource['media_type'], data: block.base64 },
      };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
    case 'tool_result':
      return {
        type: 'tool_result',
        tool_use_id: block.toolUseId,
        ...(block.content !== '' ? { content: block.content } : {}),
        ...(block.isError !== undefined ? { is_error: block.isError } : {}),
      };
    case 'raw':
      // Server tool blocks come back exactly as the API sent them; it verifies them itself.
      return block.value as ContentBlockParam;
  }
}

function toMessage(message: ModelMessage): MessageParam {
  return {
    role: message.role,
    content: typeof message.content === 'string' ? message.content : message.content.map(toBlock),
  };
}

function toTools(request: ModelRequest, settings: RequestSettings): ToolUnion[] {
  const tools: ToolUnion[] = request.tools.map((t) => ({
    name: t.name,
    description: t.description,
    input_schema: t.inputSchema as Tool.InputSchema,
  }));
  if (request.webSearch !== 'off') {
    tools.push({ type: WEB_SEARCH_TOOL_TYPE, name: WEB_SEARCH_TOOL_NAME, max_uses: settings.webSearchMaxUses });
  }
  // Tool definitions are the same for every twin while personas differ, so a breakpoint after
  // the tools lets all twins share that cached prefix (tools come before system in the cache).
  const last = tools[tools.length - 1];
  if (last) tools[tools.length - 1] = { ...last, cache_control: CACHE };
  return tools;
}

/** True for the first model call of a user turn (not a continuation after tool results). */
function startsTurn(messages: ModelMessage[]): boolean {
  const last = messages[messages.length - 1];
  if (!last || last.role !== 'user') return false;
  return typeof last.content === 'string' || !last.content.some((b) => b.type === 'tool_result');
}

function toolChoice(request: ModelRequest): ToolChoice | undefined {
  // 'always' forces one search when the turn starts; forcing it again on every tool-loop
  // continuation would search endlessly, so later calls leave the choice to the model.
  if (request.webSearch === 'always' && startsTurn(request.messages)) {
    return { type: 'tool', name: WEB_SEARCH_TOOL_NAME };
  }
  return undefined;
}

const strictFormat = jsonSchemaOutputFormat as unknown as (schema: Record<string, unknown>) => {
  schema: Record<string, unknown>;
};

/**
 * Structured outputs (`output_config.format`). The SDK's transform makes an object schema
 * acceptable to the API (additionalProperties: false, unsupported keywords moved into
 * descriptions); other schemas go as given and the API judges them.
 */
export function toOutputFormat(schema: Record<string, unknown>): JSONOutputFormat {
  if (schema['type'] === 'object') {
    try {
      return { type: 'json_schema', schema: strictFormat(schema).schema };
    } catch {
      // A schema the transform cannot read: send it unchanged.
    }
  }
  return { type: 'json_schema', schema };
}

export function toSdkParams(request: ModelRequest, settings: RequestSettings): MessageCreateParamsStreaming {
  const params: MessageCreateParamsStreaming = {
    model: request.model ?? settings.defaultModel,
    max_tokens: request.maxTokens,
    messages: request.messages.map(toMessage),
    stream: true,
  };
  // The persona is the stable prefix of every call for a twin: mark it for prompt caching.
  if (request.system.trim() !== '') params.system = [{ type: 'text', text: request.system, cache_control: CACHE }];
  const tools = toTools(request, settings);
  if (tools.length > 0) params.tools = tools;
  const choice = toolChoice(request);
  if (choice) params.tool_choice = choice;
  // `temperature` is not sent: SDK 1.x dropped the parameter, and models after Claude Opus 4.6
  // reject any value but 1.0 with a 400 ("`temperature` is deprecated for this model").
  if (request.outputSchema) params.output_config = { format: toOutputFormat(request.outputSchema.schema) };
  return params;
}
