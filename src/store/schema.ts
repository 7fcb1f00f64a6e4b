/**
 * The tables as Kysely sees them: one description for both dialects. Columns keep portable types
 * (TEXT timestamps in ISO-8601, JSON as TEXT, booleans as 0/1 INTEGER) so every repository is one
 * query for SQLite and PostgreSQL alike.
 */
import type { Generated } from 'kysely';
import type { RoundtableStatus, StoppedBy, Strategy } from '../roundtable/types.js';

export interface UsersTable {
  id: string;
  customer_id: string;
  display_name: string | null;
  created_at: string;
  last_seen_at: string;
}

export interface ApiKeysTable {
  id: string;
  prefix: string;
  key_hash: string;
  user_id: string;
  customer_id: string;
  name: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface TwinsTable {
  id: string;
  slug: string;
  name: string;
  name_key: string;
  description: string;
  category: string;
  expertise: string;
  avatar_url: string | null;
  demographic: string | null;
  static_group_key: string | null;
  persona: string;
  source: string;
  external_id: string | null;
  owner_customer_id: string | null;
  search_text: string;
  retired_at: string | null;
  tags: string;
  extensions: string;
  created_at: string;
  updated_at: string;
}

export interface TwinAvatarsTable {
  twin_id: string;
  content_type: string;
  data: Buffer;
  etag: string;
  updated_at: string;
}

export interface WorkspaceTwinsTable {
  id: string;
  customer_id: string;
  user_id: string;
  twin_id: string;
  is_favorite: number;
  participation_mode: 'active' | 'observer' | 'on-demand';
  settings: string;
  added_at: string;
  updated_at: string;
}

export interface ChannelsTable {
  id: string;
  platform: string;
  external_id: string;
  customer_id: string;
  workspace_user_id: string;
  name: string | null;
  max_active: number | null;
  last_routing: string | null;
  created_at: string;
}

export interface ChannelTwinModesTable {
  channel_id: string;
  twin_id: string;
  mode: 'active' | 'observer' | 'on-demand';
  updated_at: string;
}

export interface MessagesTable {
  seq: Generated<number>;
  id: string;
  channel_id: string;
  thread_id: string | null;
  role: 'user' | 'assistant';
  author_id: string | null;
  author_name: string | null;
  twin_id: string | null;
  twin_key: string;
  content: string;
  job_id: string | null;
  meta: string;
  created_at: string;
}

export interface AttachmentTextsTable {
  id: string;
  message_id: string;
  channel_id: string;
  name: string;
  text: string;
  created_at: string;
}

export interface RoundtablesTable {
  id: string;
  channel_id: string;
  customer_id: string;
  user_id: string;
  platform: string;
  topic: string;
  /** JSON: Participant[]. */
  twins: string;
  max_turns: number;
  strategy: Strategy;
  status: RoundtableStatus;
  stopped_by: StoppedBy | null;
  history_seq: number;
  /** JSON object: platform data the renderer keeps. */
  meta: string;
  created_at: string;
  updated_at: string;
}

export interface RoundtableTurnsTable {
  roundtable_id: string;
  turn: number;
  twin_id: string;
  name: string;
  reason: string;
  /** Null while the turn streams. */
  reply: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface RoundtableMessagesTable {
  seq: Generated<number>;
  id: string;
  roundtable_id: string;
  author_id: string;
  author: string;
  content: string;
  after_turn: number;
  created_at: string;
}

export interface CatalogVersionTable {
  id: number;
  version: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface Database {
  users: UsersTable;
  api_keys: ApiKeysTable;
  twins: TwinsTable;
  twin_avatars: TwinAvatarsTable;
  workspace_twins: WorkspaceTwinsTable;
  channels: ChannelsTable;
  channel_twin_modes: ChannelTwinModesTable;
  messages: MessagesTable;
  attachment_texts: AttachmentTextsTable;
  roundtables: RoundtablesTable;
  roundtable_turns: RoundtableTurnsTable;
  roundtable_messages: RoundtableMessagesTable;
  catalog_version: CatalogVersionTable;
  schema_migrations: SchemaMigrationsTable;
}

export type Dialect = 'sqlite' | 'postgres';
