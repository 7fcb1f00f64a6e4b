/**
 * The answer shapes of the twin-service API besides a client's own schema: the default
 * `{answer, reason}` and verbalized sampling (Zhang et al., 2025, "Verbalized Sampling: How to
 * Mitigate Mode Collapse and Unlock LLM Diversity"), which asks for several answers with their
 * probabilities instead of the single most typical one.
 */
import type { CompletionJob } from '../core/messages.js';

export type AnswerMode = 'default' | 'custom' | 'sampling';

export const DEFAULT_SCHEMA_NAME = 'twin_answer';
export const DEFAULT_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    answer: { type: 'string', description: 'Your answer, in your own voice.' },
    reason: { type: 'string', description: 'Why you, as this person, answer that way.' },
  },
  required: ['answer', 'reason'],
  additionalProperties: false,
};

/** Verbalized sampling: k options, each below the tail threshold tau (the paper's defaults). */
export const SAMPLING_K = 5;
export const SAMPLING_TAU = 0.1;
export const SAMPLING_SCHEMA_NAME = 'verbalized_sampling';
export const SAMPLING_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    responses: {
      type: 'array',
      minItems: SAMPLING_K,
      maxItems: SAMPLING_K,
      items: {
        type: 'object',
        properties: {
          answer: { type: 'string', description: 'One possible answer, in your own voice.' },
          reason: { type: 'string', description: 'Why you, as this person, might answer that way.' },
          probability: {
            type: 'number',
            exclusiveMinimum: 0,
            maximum: 1,
            description: `How likely you would be to give this answer; below ${SAMPLING_TAU}.`,
          },
        },
        required: ['answer', 'reason', 'probability'],
        additionalProperties: false,
      },
    },
  },
  required: ['responses'],
  additionalProperties: false,
};

export function modeOf(job: Pick<CompletionJob, 'responseFormat' | 'verbalizedSampling'>): AnswerMode {
  if (job.responseFormat) return 'custom';
  return job.verbalizedSampling ? 'sampling' : 'default';
}

/** The schema the model must follow for a job, with the name it is sent under. */
export function schemaFor(job: Pick<CompletionJob, 'responseFormat' | 'verbalizedSampling'>): { name: string; schema: Record<string, unknown> } {
  if (job.responseFormat) return { name: job.responseFormat.json_schema.name, schema: job.responseFormat.json_schema.schema };
  if (job.verbalizedSampling) return { name: SAMPLING_SCHEMA_NAME, schema: SAMPLING_SCHEMA };
  return { name: DEFAULT_SCHEMA_NAME, schema: DEFAULT_SCHEMA };
}

const SCHEMA_IN_PROMPT_CHARS = 6_000;

/** What to answer with, per mode. The tail instruction is the paper's wording. */
export function formatInstruction(mode: AnswerMode, schema: { name: string; schema: Record<string, unknown> }): string {
  switch (mode) {
    case 'default':
      return (
        'Reply with only a JSON object {"answer": ..., "reason": ...}: "answer" is what you say, in your own voice; ' +
        '"reason" explains why you, as this person, answer that way (your background, circumstances and values).'
      );
    case 'sampling':
      return (
        `Generate ${SAMPLING_K} responses with their corresponding probabilities, sampled from the tails of the ` +
        `distribution, such that the probability of each response is less than ${SAMPLING_TAU.toFixed(2)}. ` +
        'Each response is something you, as this person, could plausibly say; make them genuinely different from each ' +
        'other. Reply with only a JSON object {"responses": [...]} where each item is {"answer": what you say, ' +
        '"reason": why you might say it, "probability": a number between 0 and 1}.'
      );
    case 'custom': {
      // Constrained decoding enforces the structure, but bounds such as minimum/maximum only
      // reach the model as text; showing the schema keeps answers inside them.
      const text = JSON.stringify(schema.schema);
      const shown = text.length <= SCHEMA_IN_PROMPT_CHARS ? `\n${text}` : '';
      return (
        `Reply with only a JSON object that matches the JSON schema "${schema.name}", filling every field in character, ` +
        `from your own perspective:${shown}`
      );
    }
  }
}

/**
 * `temperature` as an instruction. Current Claude models accept no sampling temperature but the
 * default 1.0 (the SDK dropped the parameter), so a lower value asks in words for the answer
 * this person would most typically give; 0.7 and above leave the model's default variability.
 */
export function temperatureInstruction(temperature: number | null): string | null {
  if (temperature === null || temperature >= 0.7) return null;
  if (temperature < 0.3) {
    return 'Give the answer you would most typically give, the one you would give again every time you were asked; no surprises.';
  }
  return 'Lean towards your usual answer rather than an unusual one.';
}
