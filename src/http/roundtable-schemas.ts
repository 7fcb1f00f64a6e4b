import { z } from 'zod';
import { STRATEGIES, MAX_TURNS_LIMIT } from '../roundtable/types.js';

export const CreateRoundtableBody = z.object({
  topic: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters'),
  twins: z
    .array(z.string().trim().min(1).max(200))
    .min(2, 'a roundtable needs at least 2 twins')
    .max(8, 'a roundtable takes at most 8 twins')
    .optional(),
  channelId: z.uuid().optional(),
  max_turns: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_TURNS_LIMIT, `must be at most ${MAX_TURNS_LIMIT}`).optional(),
  strategy: z.enum(STRATEGIES, { error: `must be one of ${STRATEGIES.join(', ')}` }).optional(),
});

export const RoundtableParams = z.object({ id: z.uuid('is not a roundtable id') });
export const RoundtableListQuery = z.object({ channelId: z.uuid().optional() });
export const RoundtableMessageBody = z.object({ message: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters') });
