import type { Twin } from '../core/domain.js';
import type { CompletionJob } from '../core/messages.js';
import type { ModelMessage } from '../core/model.js';
import { formatInstruction, temperatureInstruction, type AnswerMode } from './sampling.js';
import { voiceSections } from './prompt.js';

function profileOf(twin: Twin): string | null {
  const d = twin.demographic;
  if (!d) return null;
  return [
    'Your profile:',
    `- Name: ${twin.name}`,
    `- Who you are: ${d.title}`,
    `- Age: ${d.age}`,
    `- Gender: ${d.gender}`,
    `- Location: ${d.location}`,
    `- Job: ${d.jobTitle}`,
    `- In your own words: ${d.selfDescription}`,
  ].join('\n');
}

/**
 * The twin answering a researcher's question as the person it portrays. Unlike chat there is no
 * group channel and no tools: the request's messages are the whole context.
 */
export function completionSystemPrompt(
  twin: Twin,
  input: { mode: AnswerMode; schema: { name: string; schema: Record<string, unknown> }; temperature: number | null },
): string {
  const realPerson = twin.persona.isRealPerson
    ? `You are an AI persona inspired by ${twin.name}'s public work, not ${twin.name}. If sincerely asked, say so plainly.`
    : null;
  return [
    twin.persona.prompt.trim(),
    profileOf(twin),
    ...voiceSections(twin),
    realPerson,
    'You are being asked questions, for example by a researcher or a product team. Answer as this person: from your ' +
      'profile, personality, circumstances and perspective, in the first person. Do not answer as an AI assistant, and ' +
      'do not retreat to a neutral average: say what you would actually say. Earlier assistant turns in the conversation ' +
      'are your own earlier answers; stay consistent with them. Write in the language of the latest message.',
    temperatureInstruction(input.temperature),
    formatInstruction(input.mode, input.schema),
  ]
    .filter((part): part is string => part !== null && part !== '')
    .join('\n\n');
}

/**
 * The request's conversation as model turns. Consecutive turns of one role are merged and a
 * conversation that opens with an assistant turn gets a user turn first: the Messages API wants
 * them alternating and starting with the user.
 */
export function completionMessages(turns: CompletionJob['messages']): ModelMessage[] {
  const out: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const turn of turns) {
    const last = out[out.length - 1];
    if (!last && turn.role === 'assistant') out.push({ role: 'user', content: '(earlier in this conversation)' });
    const prev = out[out.length - 1];
    if (prev && prev.role === turn.role) prev.content = `${prev.content}\n\n${turn.content}`;
    else out.push({ role: turn.role, content: turn.content });
  }
  return out;
}

/** The note sent after an answer that failed the schema, so the second try can fix it. */
export function correctionNote(problem: string, schemaName: string): string {
  return (
    `Your previous reply could not be used: ${problem}. Reply again, in character, with only a JSON object ` +
    `that matches the JSON schema "${schemaName}" exactly: no other text, no Markdown.`
  );
}
