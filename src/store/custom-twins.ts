import type { AvatarStore, CustomTwinDraft, CustomTwinStore, StoredAvatar } from '../core/custom-twins.js';
import type { Twin, WorkspaceTwin } from '../core/domain.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Db } from './db.js';
import { twinParams, type SqliteTwinCatalog, type TwinUpsert } from './twins.js';
import { toRow, type Row } from './workspace.js';

/**
 * Where a stored avatar is served (the twin's `avatar_url`). The content hash in `v` makes the
 * link cacheable for good, and is what lets Discord fetch it without credentials.
 */
export function avatarPath(twinId: string, etag?: string): string {
  return `/api/v2/twins/${twinId}/avatar${etag ? `?v=${etag}` : ''}`;
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && 'code' in err && (err as { code: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function slugTaken(slug: string): AppError {
  return new AppError('SLUG_TAKEN', `slug: you already have a twin with the slug "${slug}"`, {
    field: 'slug',
    userMessage: `You already have a twin called "${slug}".`,
  });
}

/** Custom twins in the catalog's `twins` table (SQLite); reads go through SqliteTwinCatalog. */
export class SqliteCustomTwinStore implements CustomTwinStore, AvatarStore {
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly holdersStmt;
  private readonly avatarStmt;
  private readonly putAvatarStmt;

  constructor(
    private readonly db: Db,
    private readonly twins: SqliteTwinCatalog,
  ) {
    this.insertStmt = db.prepare(`
      INSERT INTO twins (id, slug, name, name_key, description, category, expertise, avatar_url, demographic,
        static_group_key, persona, source, external_id, owner_customer_id, search_text, retired_at, tags, extensions,
        created_at, updated_at)
      VALUES (@id, @slug, @name, @name_key, @description, @category, @expertise, @avatar_url, @demographic,
        @static_group_key, @persona, @source, NULL, @owner_customer_id, @search_text, NULL, @tags, @extensions, @now, @now)`);
    this.updateStmt = db.prepare(`
      UPDATE twins SET slug = @slug, name = @name, name_key = @name_key, description = @description,
        category = @category, expertise = @expertise, avatar_url = @avatar_url, demographic = @demographic,
        static_group_key = @static_group_key, persona = @persona, search_text = @search_text, tags = @tags,
        extensions = @extensions, updated_at = @now
      WHERE id = @id AND owner_customer_id = @owner_customer_id AND retired_at IS NULL`);
    this.holdersStmt = db.prepare<[string], Row>('SELECT * FROM workspace_twins WHERE twin_id = ? ORDER BY added_at, rowid');
    this.avatarStmt = db.prepare<[string], { content_type: string; data: Buffer; etag: string }>(
      'SELECT content_type, data, etag FROM twin_avatars WHERE twin_id = ?',
    );
    this.putAvatarStmt = db.prepare(
      `INSERT INTO twin_avatars (twin_id, content_type, data, etag, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (twin_id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data,
         etag = excluded.etag, updated_at = excluded.updated_at`,
    );
  }

  private upsert(id: string, owner: string, draft: CustomTwinDraft): TwinUpsert {
    return {
      id,
      slug: draft.slug,
      name: draft.name,
      description: draft.description,
      category: draft.category,
      expertise: draft.expertise,
      avatarUrl: draft.avatarUrl,
      demographic: draft.demographic,
      persona: { ...draft.persona, isRealPerson: false },
      source: 'custom',
      externalId: null,
      ownerCustomerId: owner,
      tags: draft.tags,
      extensions: draft.extensions,
    };
  }

  async create(owner: string, items: { draft: CustomTwinDraft; avatar: StoredAvatar | null }[]): Promise<Twin[]> {
    const now = new Date().toISOString();
    let current = '';
    const run = this.db.transaction(() =>
      items.map(({ draft, avatar }) => {
        const id = newId();
        current = draft.slug;
        this.insertStmt.run(twinParams(this.upsert(id, owner, avatar ? { ...draft, avatarUrl: avatarPath(id, avatar.etag) } : draft), now));
        if (avatar) this.putAvatarStmt.run(id, avatar.contentType, avatar.data, avatar.etag, now);
        return id;
      }),
    );
    let ids: string[];
    try {
      ids = run.immediate();
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(current);
      throw err;
    }
    return ids.map((id) => this.twins.get(id)!);
  }

  async update(owner: string, twinId: string, draft: CustomTwinDraft): Promise<Twin | null> {
    try {
      const run = this.db.transaction(() => {
        const res = this.updateStmt.run(twinParams(this.upsert(twinId, owner, draft), new Date().toISOString()));
        // A new avatar URL replaces a stored avatar.
        if (res.changes > 0 && !draft.avatarUrl?.startsWith(avatarPath(twinId))) {
          this.db.prepare('DELETE FROM twin_avatars WHERE twin_id = ?').run(twinId);
        }
        return res.changes;
      });
      if (run.immediate() === 0) return null;
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(draft.slug);
      throw err;
    }
    return this.twins.get(twinId);
  }

  async remove(owner: string, twinId: string): Promise<WorkspaceTwin[] | null> {
    const run = this.db.transaction((): WorkspaceTwin[] | null => {
      const now = new Date().toISOString();
      const res = this.db
        .prepare('UPDATE twins SET retired_at = ?, updated_at = ? WHERE id = ? AND owner_customer_id = ? AND retired_at IS NULL')
        .run(now, now, twinId, owner);
      if (res.changes === 0) return null;
      const rows = this.holdersStmt.all(twinId).map(toRow);
      this.db.prepare('DELETE FROM workspace_twins WHERE twin_id = ?').run(twinId);
      this.db.prepare('DELETE FROM channel_twin_modes WHERE twin_id = ?').run(twinId);
      this.db.prepare('DELETE FROM twin_avatars WHERE twin_id = ?').run(twinId);
      return rows;
    });
    return run.immediate();
  }

  async holders(twinId: string): Promise<WorkspaceTwin[]> {
    return this.holdersStmt.all(twinId).map(toRow);
  }

  async get(twinId: string): Promise<StoredAvatar | null> {
    const r = this.avatarStmt.get(twinId);
    return r ? { contentType: r.content_type, data: r.data, etag: r.etag } : null;
  }
}
