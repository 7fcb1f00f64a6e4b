import type { StoredMessage, Twin } from '../core/domain.js';
import type { JobInbound } from '../core/messages.js';
import type { ModelContentBlock, ModelMessage } from '../core/model.js';
import type { FetchedAttachment } from './attachments.js';

/** Lines in the twin's voice, and a custom twin's scenario and greeting, as prompt sections. */
export function voiceSections(twin: Twin): string[] {
  const { examples, scenario, greeting } = twin.persona;
  return [
    examples.length > 0 ? `Lines in your voice:\n${examples.map((e) => `- ${e}`).join('\n')}` : '',
    scenario ? `Scenario:\n${scenario.trim()}` : '',
    greeting ? `How you first greeted people:\n${greeting.trim()}` : '',
  ].filter(Boolean);
}

/**
 * The system prompt is the persona plus fixed house rules — nothing per message — so the
 * provider can cache it across every conversation with this twin.
 */
export function systemPrompt(twin: Twin, platform: string): string {
  const realPerson = twin.persona.isRealPerson
    ? `\nYou are an AI persona inspired by ${twin.name}'s public work, not ${twin.name}. If sincerely asked, say so plainly.`
    : '';
  return [
    twin.persona.prompt.trim(),
    ...voiceSections(twin).map((s) => `\n${s}`),
    realPerson,
    `\nYou are talking in a group conversation on ${platform}. Messages from people start with their name in brackets, ` +
      'like "[Ana] hello"; messages from other AI twins start with "[Name (twin)]". Never start your reply with your own ' +
      'name in brackets. Answer in your own voice, in the language of the latest message, and keep it conversational ' +
      'unless asked for depth. Use the knowledge_search tool when the question refers to something said or shared ' +
      'earlier in this channel that is not in the visible history.',
  ]
    .filter(Boolean)
    .join('\n');
}

function authorLabel(m: StoredMessage, twinId: string | null): { role: 'user' | 'assistant'; prefix: string } {
  if (m.role === 'assistant') {
    if (m.twinId === twinId) return { role: 'assistant', prefix: '' };
    return { role: 'user', prefix: `[${m.authorName ?? 'Twin'} (twin)] ` };
  }
  return { role: 'user', prefix: `[${m.authorName ?? 'User'}] ` };
}

/** An image of the message, its bytes read back from the blob store. */
export interface PromptImage {
  mediaType: string;
  base64: string;
}

export interface PromptInput {
  twin: Twin;
  inbound: JobInbound;
  history: StoredMessage[];
  attachments: FetchedAttachment[];
  images: PromptImage[];
}

/** History oldest first, then the new message with its attachments and images. */
export function buildMessages(input: PromptInput): ModelMessage[] {
  const out: ModelMessage[] = [];
  const push = (role: 'user' | 'assistant', blocks: ModelContentBlock[]) => {
    const last = out[out.length - 1];
    // Consecutive turns of one role are merged: the API wants them alternating.
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of input.history) {
    const { role, prefix } = authorLabel(m, input.twin.id);
    if (out.length === 0 && role === 'assistant') push('user', [{ type: 'text', text: '(earlier in this conversation)' }]);
    push(role, [{ type: 'text', text: `${prefix}${m.content}` }]);
  }
  const { inbound } = input;
  const blocks: ModelContentBlock[] = [{ type: 'text', text: `[${inbound.author.name ?? 'User'}] ${inbound.text}` }];
  for (const a of input.attachments) {
    blocks.push({
      type: 'text',
      text: a.text !== null ? `<attachment name="${a.name}" type="${a.type}">\n${a.text}\n</attachment>` : `(attachment: ${a.note})`,
    });
  }
  for (const img of input.images) blocks.push({ type: 'image', mediaType: img.mediaType, base64: img.base64 });
  if (inbound.context && Object.keys(inbound.context).length > 0) {
    blocks.push({ type: 'text', text: `<context>\n${JSON.stringify(inbound.context).slice(0, 20_000)}\n</context>` });
  }
  push('user', blocks);
  return out;
}
