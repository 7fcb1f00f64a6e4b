import type { Migration } from './migration.js';

export const v1: Migration = {
  version: 1,
  name: 'initial',
  sqlite: `
    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL,
      display_name TEXT,
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL
    );

    CREATE TABLE api_keys (
      id TEXT PRIMARY KEY,
      prefix TEXT NOT NULL,
      key_hash TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      name TEXT,
      created_at TEXT NOT NULL,
      last_used_at TEXT,
      revoked_at TEXT
    );
    CREATE INDEX api_keys_user ON api_keys(user_id);

    CREATE TABLE twins (
      id TEXT PRIMARY KEY,
      slug TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      name_key TEXT NOT NULL,
      description TEXT NOT NULL,
      category TEXT NOT NULL,
      expertise TEXT NOT NULL,
      avatar_url TEXT,
      demographic TEXT,
      static_group_key TEXT,
      persona TEXT NOT NULL,
      source TEXT NOT NULL,
      external_id TEXT,
      owner_customer_id TEXT,
      search_text TEXT NOT NULL,
      retired_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (source, external_id)
    );
    CREATE INDEX twins_category ON twins(category, name);
    CREATE INDEX twins_group ON twins(static_group_key, name);

    CREATE TABLE workspace_twins (
      id TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      twin_id TEXT NOT NULL REFERENCES twins(id),
      is_favorite INTEGER NOT NULL DEFAULT 0,
      participation_mode TEXT NOT NULL CHECK (participation_mode IN ('active','observer','on-demand')),
      settings TEXT NOT NULL DEFAULT '{}',
      added_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (customer_id, user_id, twin_id)
    );
    CREATE INDEX workspace_owner ON workspace_twins(customer_id, user_id, is_favorite DESC, added_at DESC);

    CREATE TABLE channels (
      id TEXT PRIMARY KEY,
      platform TEXT NOT NULL,
      external_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      workspace_user_id TEXT NOT NULL,
      name TEXT,
      max_active INTEGER,
      last_routing TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (platform, external_id)
    );

    CREATE TABLE channel_twin_modes (
      channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      twin_id TEXT NOT NULL REFERENCES twins(id),
      mode TEXT NOT NULL CHECK (mode IN ('active','observer','on-demand')),
      updated_at TEXT NOT NULL,
      PRIMARY KEY (channel_id, twin_id)
    );

    CREATE TABLE messages (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      thread_id TEXT,
      role TEXT NOT NULL CHECK (role IN ('user','assistant')),
      author_id TEXT,
      author_name TEXT,
      twin_id TEXT,
      twin_key TEXT NOT NULL DEFAULT '',
      content TEXT NOT NULL,
      job_id TEXT,
      meta TEXT NOT NULL DEFAULT '{}',
      created_at TEXT NOT NULL,
      UNIQUE (job_id, role, twin_key)
    );
    CREATE INDEX messages_channel ON messages(channel_id, seq DESC);
    CREATE INDEX messages_thread ON messages(channel_id, thread_id, seq DESC);

    CREATE TABLE attachment_texts (
      id TEXT PRIMARY KEY,
      message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
      channel_id TEXT NOT NULL,
      name TEXT NOT NULL,
      text TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    -- Knowledge search over a channel's history and its attachments' text.
    CREATE VIRTUAL TABLE knowledge_fts USING fts5(
      title, body, channel_id UNINDEXED, ref_id UNINDEXED, kind UNINDEXED, created_at UNINDEXED,
      tokenize = 'unicode61 remove_diacritics 2'
    );
  `,
  postgres: `
    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL,
      display_name TEXT,
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL
    );

    CREATE TABLE api_keys (
      id TEXT PRIMARY KEY,
      prefix TEXT NOT NULL,
      key_hash TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      name TEXT,
      created_at TEXT NOT NULL,
      last_used_at TEXT,
      revoked_at TEXT
    );
    CREATE INDEX api_keys_user ON api_keys(user_id);

    CREATE TABLE twins (
      id TEXT PRIMARY KEY,
      slug TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      name_key TEXT NOT NULL,
      description TEXT NOT NULL,
      category TEXT NOT NULL,
      expertise TEXT NOT NULL,
      avatar_url TEXT,
      demographic TEXT,
      static_group_key TEXT,
      persona TEXT NOT NULL,
      source TEXT NOT NULL,
      external_id TEXT,
      owner_customer_id TEXT,
      search_text TEXT NOT NULL,
      retired_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (source, external_id)
    );
    CREATE INDEX twins_category ON twins(category, name);
    CREATE INDEX twins_group ON twins(static_group_key, name);
    CREATE INDEX twins_name_key ON twins(name_key);

    CREATE TABLE workspace_twins (
      -- SQLite's rowid: the tie-breaker between rows added in the same millisecond.
      rid BIGSERIAL UNIQUE,
      id TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      twin_id TEXT NOT NULL REFERENCES twins(id),
      is_favorite INTEGER NOT NULL DEFAULT 0,
      participation_mode TEXT NOT NULL CHECK (participation_mode IN ('active','observer','on-demand')),
      settings TEXT NOT NULL DEFAULT '{}',
      added_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (customer_id, user_id, twin_id)
    );
    CREATE INDEX workspace_owner ON workspace_twins(customer_id, user_id, is_favorite DESC, added_at DESC);

    CREATE TABLE channels (
      id TEXT PRIMARY KEY,
      platform TEXT NOT NULL,
      external_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      workspace_user_id TEXT NOT NULL,
      name TEXT,
      max_active INTEGER,
      last_routing TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (platform, external_id)
    );

    CREATE TABLE channel_twin_modes (
      channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      twin_id TEXT NOT NULL REFERENCES twins(id),
      mode TEXT NOT NULL CHECK (mode IN ('active','observer','on-demand')),
      updated_at TEXT NOT NULL,
      PRIMARY KEY (channel_id, twin_id)
    );

    CREATE TABLE messages (
      seq BIGSERIAL PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      thread_id TEXT,
      role TEXT NOT NULL CHECK (role IN ('user','assistant')),
      author_id TEXT,
      author_name TEXT,
      twin_id TEXT,
      twin_key TEXT NOT NULL DEFAULT '',
      content TEXT NOT NULL,
      job_id TEXT,
      meta TEXT NOT NULL DEFAULT '{}',
      created_at TEXT NOT NULL,
      UNIQUE (job_id, role, twin_key)
    );
    CREATE INDEX messages_channel ON messages(channel_id, seq DESC);
    CREATE INDEX messages_thread ON messages(channel_id, thread_id, seq DESC);

    CREATE TABLE attachment_texts (
      id TEXT PRIMARY KEY,
      message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
      channel_id TEXT NOT NULL,
      name TEXT NOT NULL,
      text TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    -- Knowledge search: what knowledge_fts (FTS5) is on SQLite. terms is the text as the
    -- application tokenizes it (lowercase, accents removed), so both dialects match the same words.
    CREATE TABLE knowledge_fts (
      rid BIGSERIAL PRIMARY KEY,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      ref_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      created_at TEXT NOT NULL,
      terms TEXT NOT NULL,
      tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED
    );
    CREATE INDEX knowledge_fts_tsv ON knowledge_fts USING GIN (tsv);
    CREATE INDEX knowledge_fts_channel ON knowledge_fts(channel_id, rid DESC);
  `,
};
