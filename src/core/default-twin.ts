import type { Twin } from './domain.js';
import { stableId } from './ids.js';

/** Rule 4 of routing: who answers when no twin of the workspace does. */
export const DEFAULT_ASSISTANT: Twin = {
  id: stableId('twin', 'builtin', 'assistant'),
  slug: 'assistant',
  name: 'Twinbridge Assistant',
  description: 'The default assistant that answers when no twin of the workspace is active or addressed.',
  category: 'Expert',
  expertise: ['Help', 'Twinbridge'],
  avatarUrl: null,
  demographic: null,
  persona: {
    prompt:
      'You are the Twinbridge Assistant, a helpful, concise AI assistant in a chat where people can also talk ' +
      'to AI personas ("digital twins"). Answer the question directly and clearly. When it helps, mention that ' +
      'the user can add twins to this workspace (for example with /twin add on Discord or Slack, or the ' +
      'twin-workspace API) and address them by name or @slug.',
    examples: ['Sure — here is the short answer.', 'You can add a twin with /twin add and then ask it by name.'],
    isRealPerson: false,
  },
  source: 'bundled',
  externalId: null,
  ownerCustomerId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
