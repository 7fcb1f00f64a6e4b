import type { StoredMessage, Twin } from '../core/domain.js';
import type { ModelContentBlock, ModelMessage } from '../core/model.js';
import { systemPrompt } from '../engine/prompt.js';
import type { Participant, TranscriptEntry } from './types.js';
import { estimateTokens, windowNewest, windowTranscript } from './window.js';

export interface TurnPromptInput {
  twin: Twin;
  platform: string;
  topic: string;
  participants: Participant[];
  /** Everything said in the roundtable so far, in order. */
  transcript: TranscriptEntry[];
  /** The channel's messages from before the roundtable, oldest first. */
  history: StoredMessage[];
  turn: number;
  maxTurns: number;
  /** Tokens for history and transcript together; the transcript is served first. */
  budgetTokens: number;
}

/** The instruction that closes every turn's prompt: who is here, whose turn it is, how to take it. */
export function turnInstruction(input: Pick<TurnPromptInput, 'twin' | 'participants' | 'turn' | 'maxTurns' | 'topic'>): string {
  const others = input.participants.filter((p) => p.twinId !== input.twin.id).map((p) => p.name);
  return (
    `This is a roundtable discussion on "${input.topic}" among ${[input.twin.name, ...others].join(', ')} (AI twins), ` +
    `with people in the channel joining in. It is your turn, ${input.twin.name} (turn ${input.turn} of ${input.maxTurns}). ` +
    `Build on or challenge what ${others.length > 0 ? others.join(', ') : 'the others'} said, answer anyone who spoke to you, ` +
    'and address others by name when useful. Speak only for yourself, keep it to a short contribution, and do not ' +
    'start with your own name in brackets.'
  );
}

/**
 * One turn's prompt: the twin's persona (the same cacheable system prompt as in chat), the
 * channel's earlier history, the topic, the transcript with every speaker labelled, and the
 * instruction. The twin's own turns are `assistant` turns; everyone else's are `user` turns.
 */
export function buildTurnPrompt(input: TurnPromptInput): { system: string; messages: ModelMessage[] } {
  const out: ModelMessage[] = [];
  const push = (role: 'user' | 'assistant', text: string) => {
    // The API wants turns alternating and starting with the user: merge, and open with a line.
    if (out.length === 0 && role === 'assistant') out.push({ role: 'user', content: [{ type: 'text', text: '(earlier in this conversation)' }] });
    const block: ModelContentBlock = { type: 'text', text };
    const tail = out[out.length - 1];
    if (tail && tail.role === role && Array.isArray(tail.content)) tail.content.push(block);
    else out.push({ role, content: [block] });
  };
  const transcript = windowTranscript(input.transcript, input.budgetTokens);
  const left = input.budgetTokens - transcript.used;
  const historyKept = left > 0 ? windowNewest(input.history, left, (m) => estimateTokens(m.content) + 6).kept.filter((m) => estimateTokens(m.content) + 6 <= left) : [];
  for (const m of historyKept) {
    if (m.role === 'assistant' && m.twinId === input.twin.id) push('assistant', m.content);
    else if (m.role === 'assistant') push('user', `[${m.authorName ?? 'Twin'} (twin)] ${m.content}`);
    else push('user', `[${m.authorName ?? 'User'}] ${m.content}`);
  }
  push('user', `[Roundtable topic] ${input.topic}`);
  if (transcript.summary) push('user', transcript.summary);
  for (const e of transcript.kept) {
    if (e.kind === 'person') push('user', `[${e.author}] ${e.content}`);
    else if (e.twinId === input.twin.id) push('assistant', e.content);
    else push('user', `[${e.name} (twin)] ${e.content}`);
  }
  push('user', turnInstruction(input));
  return { system: systemPrompt(input.twin, input.platform), messages: out };
}
