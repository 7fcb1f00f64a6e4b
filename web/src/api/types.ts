/** Response shapes the console reads, as api/*.md define them (only the fields it uses). */
export const CATEGORIES = ['Visionary', 'Innovator', 'Advisor', 'Designer', 'Engineer', 'Scientist', 'Writer', 'Philosopher', 'Expert'] as const;
export const MODES = ['active', 'observer', 'on-demand'] as const;
export type Mode = (typeof MODES)[number];

export interface CatalogTwin {
  id: string;
  name: string;
  description: string;
  category: string;
  expertise: string[];
  avatar_url: string | null;
  /** bundled, mind_reasoner or custom (api/twins.md). */
  source?: string;
}

export interface Page<T> {
  data: T[];
  pagination: { total: number; page: number; page_size: number; hasMore: boolean };
}

export interface WorkspaceTwin extends Omit<CatalogTwin, 'id'> {
  twin_id: string;
  is_favorite: boolean;
  participation_mode: Mode;
}

export interface Workspace {
  user_id: string;
  customer_id?: string;
  twins: WorkspaceTwin[];
}

export interface GroupTwin {
  id: string;
  name: string;
  title: string | null;
}

export interface PanelResult {
  results: Array<Record<string, unknown> & { twinId: string; name: string }>;
  failed: Array<{ twinId: string; name: string; error: { code: string; message: string } }>;
}

export interface ResponseFormat {
  type: 'json_schema';
  json_schema: { name: string; schema: Record<string, unknown> };
}

export interface TwinObject {
  id: string;
  slug: string;
  name: string;
  description: string;
  category: string;
  expertise: string[];
  avatar_url: string | null;
  source: string;
  persona: { prompt: string; examples?: string[]; greeting?: string | null; scenario?: string | null };
  tags: string[];
}

export interface TwinInput {
  name: string;
  persona: { prompt: string; greeting?: string; examples?: string[] };
  description?: string;
  category?: string;
  expertise?: string[];
  tags?: string[];
  add_to_workspace?: { participation_mode: Mode; is_favorite: boolean };
}

export interface Roundtable {
  id: string;
  channel_id: string;
  stream_id: string;
  topic: string;
  twins: Array<{ twin_id: string; slug: string; name: string }>;
  max_turns: number;
  strategy: string;
  status: 'running' | 'done' | 'stopped' | 'failed';
  turns: Array<{ turn: number; twin_id: string; name: string; reply: string; reason: string }>;
  stopped_by: string | null;
}

export interface RoutingEntry {
  twinId: string | null;
  slug: string;
  name: string;
  rule: string;
  reason: string;
}
