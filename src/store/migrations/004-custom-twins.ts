import type { Migration } from './migration.js';

export const v4: Migration = {
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
};
