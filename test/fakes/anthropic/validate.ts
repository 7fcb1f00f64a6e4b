/**
 * The request checks the real Messages API makes that a client is most likely to get wrong.
 * Returns the 400 `invalid_request_error` message, or null when the body is acceptable.
 * Kept cheap (one pass over the messages): it runs on every benchmark request.
 */
import type { FakeMessage, FakeMessagesBody } from './types.js';

type Block = Record<string, unknown> & { type: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function blocksOf(m: FakeMessage): Block[] {
  return typeof m.content === 'string' ? [] : m.content;
}

function checkBlocks(blocks: unknown[], where: string): string | null {
  for (let j = 0; j < blocks.length; j++) {
    const b = blocks[j];
    if (!isObject(b) || typeof b['type'] !== 'string') return `${where}.${j}.type: Field required`;
    if (b['type'] === 'text' && (typeof b['text'] !== 'string' || b['text'] === '')) {
      return `${where}: text content blocks must be non-empty`;
    }
    if (b['type'] === 'image') {
      const src = b['source'];
      if (!isObject(src) || (src['type'] === 'base64' && (typeof src['data'] !== 'string' || typeof src['media_type'] !== 'string'))) {
        return `${where}.${j}.image.source: Field required`;
      }
    }
    if (b['type'] === 'tool_result' && typeof b['tool_use_id'] !== 'string') {
      return `${where}.${j}.tool_result.tool_use_id: Field required`;
    }
  }
  return null;
}

function checkMessages(messages: unknown): string | null {
  if (!Array.isArray(messages)) return 'messages: Field required';
  if (messages.length === 0) return 'messages: at least one message is required';
  let pendingToolUses: string[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isObject(m)) return `messages.${i}: Input should be a valid dictionary`;
    const role = m['role'];
    if (role !== 'user' && role !== 'assistant' && role !== 'system') {
      return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    }
    const content = m['content'];
    if (typeof content === 'string') {
      if (content === '' && !(role === 'assistant' && i === messages.length - 1)) {
        return `messages.${i}: text content blocks must be non-empty`;
      }
    } else if (Array.isArray(content)) {
      const err = checkBlocks(content, `messages.${i}.content`);
      if (err) return err;
    } else {
      return `messages.${i}.content: Field required`;
    }
    const blocks = blocksOf(m as unknown as FakeMessage);
    const results = blocks.filter((b) => b.type === 'tool_result').map((b) => String(b['tool_use_id']));
    if (pendingToolUses.length > 0) {
      const missing = pendingToolUses.filter((id) => !results.includes(id));
      if (role !== 'user' || missing.length > 0) {
        return (
          `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ` +
          `${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`
        );
      }
    }
    const unexpected = results.filter((id) => !pendingToolUses.includes(id));
    if (unexpected.length > 0) {
      return (
        `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected.join(', ')}. ` +
        'Each `tool_result` block must have a corresponding `tool_use` block in the previous message.'
      );
    }
    pendingToolUses =
      role === 'assistant' ? blocks.filter((b) => b.type === 'tool_use').map((b) => String(b['id'])) : [];
  }
  return null;
}

function checkTools(body: FakeMessagesBody): string | null {
  const tools = body.tools ?? [];
  if (!Array.isArray(tools)) return 'tools: Input should be a valid list';
  const names = new Set<string>();
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i];
    if (!isObject(t) || typeof t['name'] !== 'string' || t['name'] === '') return `tools.${i}.name: Field required`;
    const type = t['type'];
    if (type === undefined || type === null || type === 'custom') {
      const schema = t['input_schema'];
      if (!isObject(schema) || schema['type'] !== 'object') return `tools.${i}.custom.input_schema: Field required`;
    } else if (typeof type === 'string' && type.startsWith('web_search_') && t['name'] !== 'web_search') {
      return `tools.${i}.${type}.name: Input should be 'web_search'`;
    }
    if (names.has(t['name'])) return `tools: Tool names must be unique.`;
    names.add(t['name']);
  }
  const choice = body.tool_choice;
  if (choice !== undefined) {
    if (!isObject(choice) || !['auto', 'any', 'tool', 'none'].includes(String(choice['type']))) {
      return 'tool_choice: Input tag does not match any of the expected tags';
    }
    if (choice['type'] === 'tool' && !names.has(String(choice['name']))) {
      return `tool_choice: Tool '${String(choice['name'])}' not found in \`tools\``;
    }
    if (choice['type'] === 'any' && names.size === 0) return 'tool_choice.any may only be specified while providing tools';
  }
  return null;
}

export function validateBody(body: unknown): string | null {
  if (!isObject(body)) return 'Input should be a valid dictionary';
  const b = body as FakeMessagesBody;
  if (typeof b.model !== 'string' || b.model === '') return 'model: Field required';
  if (typeof b.max_tokens !== 'number' || !Number.isInteger(b.max_tokens) || b.max_tokens < 0) {
    return 'max_tokens: Field required';
  }
  const msgErr = checkMessages(b.messages);
  if (msgErr) return msgErr;
  if (b.system !== undefined) {
    if (Array.isArray(b.system)) {
      const err = checkBlocks(b.system, 'system');
      if (err) return err;
    } else if (typeof b.system !== 'string') {
      return 'system: Input should be a valid string';
    }
  }
  // Like the current models (after Claude Opus 4.6): only the backward-compatible 1.0 passes.
  if (b.temperature !== undefined && b.temperature !== 1) return '`temperature` is deprecated for this model.';
  const toolErr = checkTools(b);
  if (toolErr) return toolErr;
  const format = b.output_config?.format;
  if (format !== undefined && format !== null) {
    if (format.type !== 'json_schema') return "output_config.format.type: Input should be 'json_schema'";
    if (!isObject(format.schema)) return 'output_config.format.schema: Field required';
  }
  return null;
}
