import { z } from 'zod';

export const CATEGORIES = [
  'Visionary',
  'Innovator',
  'Advisor',
  'Designer',
  'Engineer',
  'Scientist',
  'Writer',
  'Philosopher',
  'Expert',
] as const;
export const CategorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof CategorySchema>;

export const CATEGORY_ERROR = `must be one of ${CATEGORIES.join(', ')} (any case)`;

/**
 * The one normalisation of a category typed by a person (CLI, query string, chat command):
 * case-insensitive, surrounding space ignored. Null when it names no category.
 */
export function parseCategory(text: string): Category | null {
  const key = text.trim().toLowerCase();
  return CATEGORIES.find((c) => c.toLowerCase() === key) ?? null;
}

/** A category as people type it, for schemas at the edges: `visionary` is `Visionary`. */
export const CategoryInputSchema = z.string().transform((v, ctx): Category => {
  const category = parseCategory(v);
  if (category) return category;
  ctx.addIssue({ code: 'custom', message: CATEGORY_ERROR });
  return z.NEVER;
});

export const PARTICIPATION_MODES = ['active', 'observer', 'on-demand'] as const;
export const ParticipationModeSchema = z.enum(PARTICIPATION_MODES);
export type ParticipationMode = z.infer<typeof ParticipationModeSchema>;

export const STATIC_GROUPS = ['gen_z', 'millennials', 'gen_x', 'boomers'] as const;

export const PLATFORMS = ['api', 'discord', 'slack', 'web', 'alexa'] as const;
export const PlatformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof PlatformSchema>;

/** What drives a twin's voice. */
export const PersonaSchema = z.object({
  /** Full system-prompt text: voice, views, knowledge, how it answers. */
  prompt: z.string().min(40),
  /** Two or three lines the twin might say; shown to the model as style anchors. */
  examples: z.array(z.string().min(1)).min(2).max(5),
  /** Real people are AI personas, never the person. */
  isRealPerson: z.boolean(),
  /** Custom twins: the first line it says, and the situation it speaks in (Character Card fields). */
  greeting: z.string().nullable().optional(),
  scenario: z.string().nullable().optional(),
});
export type Persona = z.infer<typeof PersonaSchema>;

export const DemographicSchema = z.object({
  title: z.string(),
  age: z.number().int().min(1).max(120),
  gender: z.string(),
  location: z.string(),
  jobTitle: z.string(),
  selfDescription: z.string(),
  staticGroupKey: z.enum(STATIC_GROUPS).nullable(),
});
export type Demographic = z.infer<typeof DemographicSchema>;

export const TWIN_SOURCES = ['bundled', 'mind-reasoner', 'workspace', 'custom'] as const;
export type TwinSource = (typeof TWIN_SOURCES)[number];

export interface Twin {
  id: string;
  slug: string;
  name: string;
  description: string;
  category: Category;
  expertise: string[];
  avatarUrl: string | null;
  demographic: Demographic | null;
  persona: Persona;
  source: TwinSource;
  /** Id at the source (Mind Reasoner mind id) when the twin is remote. */
  externalId: string | null;
  /** Workspace-specific twins belong to one customer; null for global catalog twins. */
  ownerCustomerId: string | null;
  /** Custom twins: free tags, and whatever an imported file carried that the service does not use. */
  tags?: string[];
  extensions?: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** Who owns a workspace: an HTTP user, a Discord guild or a Slack team (shared), or a DM user. */
export interface WorkspaceOwner {
  customerId: string;
  userId: string;
}

export interface WorkspaceTwin {
  id: string;
  twinId: string;
  customerId: string;
  userId: string;
  isFavorite: boolean;
  participationMode: ParticipationMode;
  settings: Record<string, unknown>;
  addedAt: string;
  updatedAt: string;
}

export interface WorkspaceTwinView extends WorkspaceTwin {
  twin: Twin;
}

/** The only view of a twin the routing rules need. */
export interface RoutableTwin {
  twinId: string;
  slug: string;
  name: string;
  isFavorite: boolean;
  /** Workspace-wide mode. */
  mode: ParticipationMode;
  /** This channel's override, if any. */
  channelMode: ParticipationMode | null;
  addedAt: string;
}

/** A workspace's twin as routing sees it, with the twin itself (the engine answers with it). */
export interface RoutableWorkspaceTwin extends RoutableTwin {
  twin: Twin;
}

export interface Channel {
  id: string;
  platform: Platform;
  externalId: string;
  customerId: string;
  /** Owner of the workspace this channel uses. */
  workspaceUserId: string;
  name: string | null;
  /** Max twins answering one message without being addressed. */
  maxActive: number;
  createdAt: string;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  threadId: string | null;
  role: 'user' | 'assistant';
  authorId: string | null;
  authorName: string | null;
  twinId: string | null;
  content: string;
  jobId: string | null;
  meta: Record<string, unknown>;
  createdAt: string;
  seq: number;
}
