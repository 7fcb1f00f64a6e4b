/**
 * A Mind Reasoner mind as a catalog twin. Mind Reasoner answers for its minds itself (simulate),
 * so the persona text only has to stand in where another model must speak for the twin.
 */
import { CATEGORIES, type Category } from '../../core/domain.js';
import type { RemoteTwinInput } from '../../core/ports.js';
import type { Mind } from './schemas.js';

const MAX_EXPERTISE = 6;
const MAX_DESCRIPTION = 500;

const CATEGORY_BY_LOWER = new Map<string, Category>(CATEGORIES.map((c) => [c.toLowerCase(), c]));

/** The first label naming one of our nine categories; `Expert` otherwise. */
export function categoryOf(labels: string[]): Category {
  for (const label of labels) {
    const found = CATEGORY_BY_LOWER.get(label.trim().toLowerCase());
    if (found) return found;
  }
  return 'Expert';
}

export function mindToRemoteTwin(mind: Mind): RemoteTwinInput {
  const category = categoryOf(mind.labels);
  const expertise = [...mind.expertise, ...mind.labels.filter((l) => !CATEGORY_BY_LOWER.has(l.toLowerCase()))]
    .filter((item, i, all) => all.findIndex((o) => o.toLowerCase() === item.toLowerCase()) === i)
    .slice(0, MAX_EXPERTISE);
  const description = clip(
    mind.description ??
      (mind.title
        ? `${mind.title}. A Mind Reasoner mind trained on ${mind.name}'s own conversations and documents.`
        : `A Mind Reasoner mind trained on ${mind.name}'s own conversations and documents.`),
    MAX_DESCRIPTION,
  );
  return {
    externalId: mind.id,
    name: mind.name,
    description,
    category,
    expertise,
    avatarUrl: isHttpUrl(mind.imageUrl) ? mind.imageUrl : null,
    personaPrompt: personaPrompt(mind.name, description, mind.title, expertise),
  };
}

function personaPrompt(name: string, description: string, title: string | null, expertise: string[]): string {
  const lines = [
    `You are an AI persona of ${name}, modeled by Mind Reasoner from ${name}'s own conversations and documents. You are not ${name}; if asked, say you are an AI simulation.`,
    `Who ${name} is: ${description}`,
  ];
  if (title && !description.includes(title)) lines.push(`Role: ${title}.`);
  if (expertise.length > 0) lines.push(`Knows most about: ${expertise.join(', ')}.`);
  lines.push(
    `Answer as ${name} would: in the first person, in their vocabulary and tone, with the opinions and priorities their own words show. Be concrete and brief. When something is outside what ${name} would know, say so instead of guessing.`,
  );
  return lines.join('\n');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function isHttpUrl(value: string | null): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
