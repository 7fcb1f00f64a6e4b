import type { Migration } from './migration.js';

export const v3: Migration = {
  version: 3,
  name: 'roundtables',
  // One running roundtable per channel is the partial unique index, not a check in code: two
  // processes starting one in the same channel at once cannot both succeed.
  sqlite: `
    CREATE TABLE roundtables (
      id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      platform TEXT NOT NULL,
      topic TEXT NOT NULL,
      twins TEXT NOT NULL,
      max_turns INTEGER NOT NULL CHECK (max_turns BETWEEN 1 AND 20),
      strategy TEXT NOT NULL CHECK (strategy IN ('round_robin','addressed','model')),
      status TEXT NOT NULL CHECK (status IN ('running','done','stopped','failed')),
      stopped_by TEXT CHECK (stopped_by IN ('max_turns','stopped','nobody','error')),
      history_seq INTEGER NOT NULL,
      meta TEXT NOT NULL DEFAULT '{}',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX roundtables_one_running ON roundtables(channel_id) WHERE status = 'running';
    CREATE INDEX roundtables_user_channel ON roundtables(user_id, channel_id, created_at DESC);
    CREATE INDEX roundtables_customer_status ON roundtables(customer_id, status);

    CREATE TABLE roundtable_turns (
      roundtable_id TEXT NOT NULL REFERENCES roundtables(id) ON DELETE CASCADE,
      turn INTEGER NOT NULL,
      twin_id TEXT NOT NULL,
      name TEXT NOT NULL,
      reason TEXT NOT NULL,
      reply TEXT,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      PRIMARY KEY (roundtable_id, turn)
    );

    CREATE TABLE roundtable_messages (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      roundtable_id TEXT NOT NULL REFERENCES roundtables(id) ON DELETE CASCADE,
      author_id TEXT NOT NULL,
      author TEXT NOT NULL,
      content TEXT NOT NULL,
      after_turn INTEGER NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX roundtable_messages_rt ON roundtable_messages(roundtable_id, seq);
  `,
  postgres: `
    CREATE TABLE roundtables (
      id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      platform TEXT NOT NULL,
      topic TEXT NOT NULL,
      twins TEXT NOT NULL,
      max_turns INTEGER NOT NULL CHECK (max_turns BETWEEN 1 AND 20),
      strategy TEXT NOT NULL CHECK (strategy IN ('round_robin','addressed','model')),
      status TEXT NOT NULL CHECK (status IN ('running','done','stopped','failed')),
      stopped_by TEXT CHECK (stopped_by IN ('max_turns','stopped','nobody','error')),
      history_seq INTEGER NOT NULL,
      meta TEXT NOT NULL DEFAULT '{}',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX roundtables_one_running ON roundtables(channel_id) WHERE status = 'running';
    CREATE INDEX roundtables_user_channel ON roundtables(user_id, channel_id, created_at DESC);
    CREATE INDEX roundtables_customer_status ON roundtables(customer_id, status);

    CREATE TABLE roundtable_turns (
      roundtable_id TEXT NOT NULL REFERENCES roundtables(id) ON DELETE CASCADE,
      turn INTEGER NOT NULL,
      twin_id TEXT NOT NULL,
      name TEXT NOT NULL,
      reason TEXT NOT NULL,
      reply TEXT,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      PRIMARY KEY (roundtable_id, turn)
    );

    CREATE TABLE roundtable_messages (
      seq BIGSERIAL PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      roundtable_id TEXT NOT NULL REFERENCES roundtables(id) ON DELETE CASCADE,
      author_id TEXT NOT NULL,
      author TEXT NOT NULL,
      content TEXT NOT NULL,
      after_turn INTEGER NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX roundtable_messages_rt ON roundtable_messages(roundtable_id, seq);
  `,
};
