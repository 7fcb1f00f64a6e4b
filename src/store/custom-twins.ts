import type { Kysely } from 'kysely';
import type { AvatarStore, CustomTwinDraft, CustomTwinStore, StoredAvatar } from '../core/custom-twins.js';
import type { Twin, WorkspaceTwin } from '../core/domain.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { DatabaseHandle } from './db.js';
import { isUniqueViolation } from './errors.js';
import type { Database } from './schema.js';
import { twinValues, type TwinUpsert } from './twin-rows.js';
import type { KyselyTwinCatalog } from './twins.js';
import { toRow } from './workspace.js';

/**
 * Where a stored avatar is served (the twin's `avatar_url`). The content hash in `v` makes the
 * link cacheable for good, and is what lets Discord fetch it without credentials.
 */
export function avatarPath(twinId: string, etag?: string): string {
  return `/api/v2/twins/${twinId}/avatar${etag ? `?v=${etag}` : ''}`;
}

function slugTaken(slug: string): AppError {
  return new AppError('SLUG_TAKEN', `slug: you already have a twin with the slug "${slug}"`, {
    field: 'slug',
    userMessage: `You already have a twin called "${slug}".`,
  });
}

function upsert(id: string, owner: string, draft: CustomTwinDraft): TwinUpsert {
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

const holdersOf = (db: Kysely<Database>, twinId: string) =>
  db.selectFrom('workspace_twins').selectAll().where('twin_id', '=', twinId).orderBy('added_at').orderBy('id').execute();

/** Custom twins in the catalog's `twins` table; reads go through KyselyTwinCatalog. */
export class KyselyCustomTwinStore implements CustomTwinStore, AvatarStore {
  private readonly db: Kysely<Database>;

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly twins: KyselyTwinCatalog,
  ) {
    this.db = handle.db;
  }

  async create(owner: string, items: { draft: CustomTwinDraft; avatar: StoredAvatar | null }[]): Promise<Twin[]> {
    const now = new Date().toISOString();
    let current = '';
    let ids: string[];
    try {
      ids = await this.handle.write(async (trx) => {
        const out: string[] = [];
        for (const { draft, avatar } of items) {
          const id = newId();
          current = draft.slug;
          await trx.insertInto('twins').values(twinValues(upsert(id, owner, avatar ? { ...draft, avatarUrl: avatarPath(id, avatar.etag) } : draft), now)).execute();
          if (avatar) await putAvatar(trx, id, avatar, now);
          out.push(id);
        }
        return out;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(current);
      throw err;
    }
    const twins = await this.twins.getMany(ids);
    return ids.map((id) => twins.get(id)!);
  }

  async update(owner: string, twinId: string, draft: CustomTwinDraft): Promise<Twin | null> {
    try {
      const changed = await this.handle.write(async (trx) => {
        const { id: _id, created_at: _c, retired_at: _r, ...values } = twinValues(upsert(twinId, owner, draft), new Date().toISOString());
        const res = await trx
          .updateTable('twins')
          .set(values)
          .where('id', '=', twinId)
          .where('owner_customer_id', '=', owner)
          .where('retired_at', 'is', null)
          .executeTakeFirst();
        const n = Number(res.numUpdatedRows);
        // A new avatar URL replaces a stored avatar.
        if (n > 0 && !draft.avatarUrl?.startsWith(avatarPath(twinId))) await trx.deleteFrom('twin_avatars').where('twin_id', '=', twinId).execute();
        return n;
      });
      if (changed === 0) return null;
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(draft.slug);
      throw err;
    }
    return this.twins.get(twinId);
  }

  async remove(owner: string, twinId: string): Promise<WorkspaceTwin[] | null> {
    return this.handle.write(async (trx): Promise<WorkspaceTwin[] | null> => {
      const now = new Date().toISOString();
      const res = await trx
        .updateTable('twins')
        .set({ retired_at: now, updated_at: now })
        .where('id', '=', twinId)
        .where('owner_customer_id', '=', owner)
        .where('retired_at', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return null;
      const rows = (await holdersOf(trx, twinId)).map(toRow);
      await trx.deleteFrom('workspace_twins').where('twin_id', '=', twinId).execute();
      await trx.deleteFrom('channel_twin_modes').where('twin_id', '=', twinId).execute();
      await trx.deleteFrom('twin_avatars').where('twin_id', '=', twinId).execute();
      return rows;
    });
  }

  async holders(twinId: string): Promise<WorkspaceTwin[]> {
    return (await holdersOf(this.db, twinId)).map(toRow);
  }

  async get(twinId: string): Promise<StoredAvatar | null> {
    const r = await this.db.selectFrom('twin_avatars').select(['content_type', 'data', 'etag']).where('twin_id', '=', twinId).executeTakeFirst();
    return r ? { contentType: r.content_type, data: Buffer.from(r.data), etag: r.etag } : null;
  }
}

async function putAvatar(db: Kysely<Database>, twinId: string, avatar: StoredAvatar, now: string): Promise<void> {
  await db
    .insertInto('twin_avatars')
    .values({ twin_id: twinId, content_type: avatar.contentType, data: avatar.data, etag: avatar.etag, updated_at: now })
    .onConflict((oc) =>
      oc.column('twin_id').doUpdateSet((eb) => ({
        content_type: eb.ref('excluded.content_type'),
        data: eb.ref('excluded.data'),
        etag: eb.ref('excluded.etag'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}
