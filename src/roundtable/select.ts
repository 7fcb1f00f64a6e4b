import { z } from 'zod';
import type { ModelProvider, ModelRequest } from '../core/model.js';
import { normalizeKey, truncate } from '../core/text.js';
import { addressedIn } from './address.js';
import type { Participant, Strategy, TranscriptEntry } from './types.js';

export type Selection = { kind: 'twin'; twinId: string; reason: string } | { kind: 'nobody'; reason: string };

function lastTurnIndex(transcript: TranscriptEntry[]): number {
  for (let i = transcript.length - 1; i >= 0; i--) if (transcript[i]!.kind === 'turn') return i;
  return -1;
}

export function lastSpeaker(transcript: TranscriptEntry[]): string | null {
  const i = lastTurnIndex(transcript);
  const e = i >= 0 ? transcript[i] : undefined;
  return e?.kind === 'turn' ? e.twinId : null;
}

/** The participant after the last speaker in the roundtable's order (the first one to begin). */
export function roundRobin(participants: Participant[], transcript: TranscriptEntry[]): Selection {
  const last = lastSpeaker(transcript);
  const i = participants.findIndex((p) => p.twinId === last);
  const next = participants[(i + 1) % participants.length]!;
  return { kind: 'twin', twinId: next.twinId, reason: 'round robin' };
}

/**
 * Whoever was addressed since the last turn goes next: a person's message after it counts first
 * (newest first), then the last turn itself. Nobody is picked twice in a row; when no one else
 * was addressed, round robin order.
 */
export function addressed(participants: Participant[], transcript: TranscriptEntry[]): Selection {
  const from = lastTurnIndex(transcript);
  const last = lastSpeaker(transcript);
  const sources = transcript.slice(Math.max(0, from)).reverse();
  for (const e of sources) {
    const author = e.kind === 'turn' ? e.name : e.author;
    const target = addressedIn(e.content, participants).find((p) => p.twinId !== last);
    if (target) return { kind: 'twin', twinId: target.twinId, reason: `addressed by ${author}` };
  }
  return roundRobin(participants, transcript);
}

/** The pure strategies; `model` goes through {@link chooseByModel}. */
export function selectSpeaker(strategy: Exclude<Strategy, 'model'>, participants: Participant[], transcript: TranscriptEntry[]): Selection {
  return strategy === 'round_robin' ? roundRobin(participants, transcript) : addressed(participants, transcript);
}

export const NOBODY = 'nobody';
const TAIL_ENTRIES = 8;
const ENTRY_CHARS = 600;

/** The moderator's tiny request: the candidates (never the last speaker) and the transcript's tail. */
export function moderatorRequest(input: { topic: string; participants: Participant[]; transcript: TranscriptEntry[] }): ModelRequest {
  const last = lastSpeaker(input.transcript);
  const candidates = input.participants.filter((p) => p.twinId !== last);
  const tail = input.transcript
    .slice(-TAIL_ENTRIES)
    .map((e) => (e.kind === 'turn' ? `[${e.name} (twin)] ` : `[${e.author}] `) + truncate(e.content.replace(/\s+/g, ' '), ENTRY_CHARS))
    .join('\n');
  const schema = {
    type: 'object',
    properties: {
      next: { type: 'string', enum: [...candidates.map((c) => c.slug), NOBODY] },
      reason: { type: 'string' },
    },
    required: ['next', 'reason'],
    additionalProperties: false,
  };
  return {
    model: null,
    system:
      'You moderate a discussion among AI twins. Pick who should speak next: the participant with the most to add ' +
      `to the latest point, or "${NOBODY}" when the discussion has run its course. Answer only with JSON ` +
      '{"next": "<slug or nobody>", "reason": "<one short sentence>"}.',
    messages: [
      {
        role: 'user',
        content:
          `Topic: ${truncate(input.topic, 1000)}\n\nCandidates:\n${candidates.map((c) => `- ${c.slug}: ${c.name}`).join('\n')}\n\n` +
          `Latest contributions:\n${tail || '(none yet)'}`,
      },
    ],
    tools: [],
    webSearch: 'off',
    maxTokens: 200,
    outputSchema: { name: 'next_speaker', schema },
    twin: { id: null, slug: 'moderator', name: 'Moderator', source: 'default', externalId: null },
  };
}

const ModeratorAnswer = z.object({ next: z.string().min(1).max(200), reason: z.string().max(500).default('') });

/** Validates the moderator's answer; anything that names no eligible twin falls back to round robin. */
export function parseModerator(text: string, participants: Participant[], transcript: TranscriptEntry[]): Selection {
  const fallback = (): Selection => ({ ...roundRobin(participants, transcript), reason: 'round robin (the moderator named no twin)' });
  const json = /\{[\s\S]*\}/.exec(text)?.[0];
  if (!json) return fallback();
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return fallback();
  }
  const parsed = ModeratorAnswer.safeParse(raw);
  if (!parsed.success) return fallback();
  const why = truncate(parsed.data.reason.replace(/\s+/g, ' ').trim(), 200);
  const key = normalizeKey(parsed.data.next.replace(/^@/, ''));
  if (key === NOBODY) return { kind: 'nobody', reason: why ? `the moderator: ${why}` : 'the moderator found nobody with more to add' };
  const last = lastSpeaker(transcript);
  const found = participants.find((p) => p.twinId !== last && (p.slug === key || normalizeKey(p.name) === key || p.twinId === parsed.data.next));
  if (!found) return fallback();
  return { kind: 'twin', twinId: found.twinId, reason: `chosen by the moderator: ${why || 'no reason given'}` };
}

/** Asks the model who speaks next. A failing moderator call is not a failed turn: round robin. */
export async function chooseByModel(
  input: { topic: string; participants: Participant[]; transcript: TranscriptEntry[]; signal?: AbortSignal },
  provider: ModelProvider,
): Promise<Selection> {
  const request = moderatorRequest(input);
  if (!provider.supportsStructuredOutput) delete request.outputSchema;
  if (input.signal) request.signal = input.signal;
  let text = '';
  try {
    for await (const ev of provider.stream(request)) if (ev.type === 'text_delta') text += ev.text;
  } catch (err) {
    if (input.signal?.aborted) throw err;
    return { ...roundRobin(input.participants, input.transcript), reason: 'round robin (the moderator could not be asked)' };
  }
  return parseModerator(text, input.participants, input.transcript);
}
