import type { Migration } from './migration.js';

export const v2: Migration = {
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
};
