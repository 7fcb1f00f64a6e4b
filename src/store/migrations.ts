/**
 * Versioned schema, one entry per version with the statement for each dialect. Append only: a
 * migration, once released, never changes. Both dialects keep the same tables and columns (the
 * repositories are one query for both); only what has no common spelling differs: FTS5 versus a
 * tsvector table, AUTOINCREMENT versus BIGSERIAL, triggers.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: Migration[] = [
  {
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
  },
  {
    version: 2,
    name: 'catalog version',
    // Caches of the catalog (one per process) check this number instead of SQLite's
    // data_version, which moves on every commit anywhere (every stored message).
    sqlite: `
      CREATE TABLE catalog_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
      INSERT INTO catalog_version (id, version) VALUES (1, 0);
      CREATE TRIGGER twins_changed_insert AFTER INSERT ON twins BEGIN UPDATE catalog_version SET version = version + 1; END;
      CREATE TRIGGER twins_changed_update AFTER UPDATE ON twins BEGIN UPDATE catalog_version SET version = version + 1; END;
      CREATE TRIGGER twins_changed_delete AFTER DELETE ON twins BEGIN UPDATE catalog_version SET version = version + 1; END;
    `,
    postgres: `
      CREATE TABLE catalog_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL);
      INSERT INTO catalog_version (id, version) VALUES (1, 0);
      CREATE FUNCTION twins_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; RETURN NULL; END $$;
      CREATE TRIGGER twins_changed AFTER INSERT OR UPDATE OR DELETE ON twins
        FOR EACH STATEMENT EXECUTE FUNCTION twins_changed();
    `,
  },
  {
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
  },
  {
    version: 4,
    name: 'custom twins',
    // Custom twins live in the catalog's table, owned by a customer: slugs become unique per owner
    // (the catalog's among themselves, each customer's among its own live twins), which needs the
    // table rebuilt (SQLite cannot drop a column's UNIQUE). Copy out, drop, recreate, copy back:
    // with foreign keys deferred, the children of workspace_twins and channel_twin_modes find
    // their parents again before the commit checks them.
    sqlite: `
      PRAGMA defer_foreign_keys = ON;
      CREATE TEMP TABLE twins_v2 AS SELECT * FROM twins;
      DROP TABLE twins;
      CREATE TABLE twins (
        id TEXT PRIMARY KEY,
        slug TEXT NOT NULL,
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
        tags TEXT NOT NULL DEFAULT '[]',
        extensions TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (source, external_id)
      );
      INSERT INTO twins (id, slug, name, name_key, description, category, expertise, avatar_url, demographic,
        static_group_key, persona, source, external_id, owner_customer_id, search_text, retired_at, created_at, updated_at)
      SELECT id, slug, name, name_key, description, category, expertise, avatar_url, demographic,
        static_group_key, persona, source, external_id, owner_customer_id, search_text, retired_at, created_at, updated_at
      FROM twins_v2;
      DROP TABLE twins_v2;
      CREATE UNIQUE INDEX twins_catalog_slug ON twins(slug) WHERE owner_customer_id IS NULL;
      CREATE UNIQUE INDEX twins_custom_slug ON twins(owner_customer_id, slug)
        WHERE owner_customer_id IS NOT NULL AND retired_at IS NULL;
      CREATE INDEX twins_owner ON twins(owner_customer_id, name) WHERE owner_customer_id IS NOT NULL;
      CREATE INDEX twins_category ON twins(category, name);
      CREATE INDEX twins_group ON twins(static_group_key, name);
      CREATE TRIGGER twins_changed_insert AFTER INSERT ON twins BEGIN UPDATE catalog_version SET version = version + 1; END;
      CREATE TRIGGER twins_changed_update AFTER UPDATE ON twins BEGIN UPDATE catalog_version SET version = version + 1; END;
      CREATE TRIGGER twins_changed_delete AFTER DELETE ON twins BEGIN UPDATE catalog_version SET version = version + 1; END;

      -- Avatars of custom twins (from PNG cards), served by GET /api/v2/twins/:id/avatar.
      CREATE TABLE twin_avatars (
        twin_id TEXT PRIMARY KEY REFERENCES twins(id),
        content_type TEXT NOT NULL,
        data BLOB NOT NULL,
        etag TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
    postgres: `
      ALTER TABLE twins DROP CONSTRAINT twins_slug_key;
      ALTER TABLE twins ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE twins ADD COLUMN extensions TEXT NOT NULL DEFAULT '{}';
      CREATE UNIQUE INDEX twins_catalog_slug ON twins(slug) WHERE owner_customer_id IS NULL;
      CREATE UNIQUE INDEX twins_custom_slug ON twins(owner_customer_id, slug)
        WHERE owner_customer_id IS NOT NULL AND retired_at IS NULL;
      CREATE INDEX twins_owner ON twins(owner_customer_id, name) WHERE owner_customer_id IS NOT NULL;

      CREATE TABLE twin_avatars (
        twin_id TEXT PRIMARY KEY REFERENCES twins(id),
        content_type TEXT NOT NULL,
        data BYTEA NOT NULL,
        etag TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'roundtables insertion order',
    // Listing is newest first, and roundtables started in the same millisecond keep the order
    // they were inserted in: SQLite's rowid, which PostgreSQL has no counterpart of (as
    // workspace_twins.rid). `db copy` inserts in rowid order, so the serial takes that order over.
    sqlite: `-- rowid already is the insertion order`,
    postgres: `ALTER TABLE roundtables ADD COLUMN rid BIGSERIAL UNIQUE;`,
  },
];
