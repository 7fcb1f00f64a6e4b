import { sql, type Kysely } from 'kysely';
import type { ParticipationMode, WorkspaceOwner, WorkspaceTwin, WorkspaceTwinView } from '../core/domain.js';
import { newId } from '../core/ids.js';
import type { WorkspaceStore } from '../core/ports.js';
import type { DatabaseHandle } from './db.js';
import type { Database, WorkspaceTwinsTable } from './schema.js';
import type { KyselyTwinCatalog } from './twins.js';

export type Row = WorkspaceTwinsTable;

export function toRow(r: Row): WorkspaceTwin {
  return {
    id: r.id,
    twinId: r.twin_id,
    customerId: r.customer_id,
    userId: r.user_id,
    isFavorite: r.is_favorite === 1,
    participationMode: r.participation_mode,
    settings: JSON.parse(r.settings) as Record<string, unknown>,
    addedAt: r.added_at,
    updatedAt: r.updated_at,
  };
}

const COLUMNS = ['id', 'customer_id', 'user_id', 'twin_id', 'is_favorite', 'participation_mode', 'settings', 'added_at', 'updated_at'] as const;

export interface WorkspacePatch {
  isFavorite?: boolean | undefined;
  participationMode?: ParticipationMode | undefined;
  settings?: Record<string, unknown> | undefined;
}

export class KyselyWorkspaceStore implements WorkspaceStore {
  private readonly db: Kysely<Database>;
  /** Insertion order, the tie-breaker between rows added in the same millisecond. */
  private readonly insertionOrder;

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly twins: KyselyTwinCatalog,
  ) {
    this.db = handle.db;
    this.insertionOrder = sql.raw(handle.dialect === 'sqlite' ? 'w.rowid' : 'w.rid');
  }

  /**
   * One statement: the workspace's rows, their twins and the catalog version they were read at;
   * the twins themselves come from the catalog's snapshot where it holds them (no persona parsed
   * per row). Retired catalog twins stay listed; deleted custom twins do not.
   */
  async list(owner: WorkspaceOwner): Promise<WorkspaceTwinView[]> {
    return (await this.read(owner, null)).map(({ view }) => view);
  }

  /** The workspace with each twin's override in one channel, in the same one statement. */
  async listInChannel(owner: WorkspaceOwner, channelId: string): Promise<{ view: WorkspaceTwinView; channelMode: ParticipationMode | null }[]> {
    return this.read(owner, channelId);
  }

  private async read(owner: WorkspaceOwner, channelId: string | null) {
    const rows = await this.db
      .selectFrom('workspace_twins as w')
      .innerJoin('twins as t', 't.id', 'w.twin_id')
      .leftJoin('channel_twin_modes as m', (join) => join.onRef('m.twin_id', '=', 'w.twin_id').on('m.channel_id', '=', channelId ?? ''))
      .select(['w.id as w_id', 'w.customer_id', 'w.user_id', 'w.twin_id', 'w.is_favorite', 'w.participation_mode', 'w.settings', 'w.added_at', 'w.updated_at as w_updated_at'])
      .select(['t.owner_customer_id'])
      .select('m.mode as channel_mode')
      .select((eb) => eb.selectFrom('catalog_version').select('version').where('id', '=', 1).as('catalog_version'))
      .where('w.customer_id', '=', owner.customerId)
      .where('w.user_id', '=', owner.userId)
      .where((eb) => eb.or([eb('t.owner_customer_id', 'is', null), eb('t.retired_at', 'is', null)]))
      .orderBy('w.is_favorite', 'desc')
      .orderBy('w.added_at', 'desc')
      .orderBy(this.insertionOrder, 'desc')
      .execute();
    if (rows.length === 0) return [];
    const twins = await this.twins.fromRefs(
      rows.map((r) => ({ id: r.twin_id, owner_customer_id: r.owner_customer_id })),
      Number(rows[0]!.catalog_version),
      owner.customerId,
    );
    return rows.flatMap((r, i) => {
      const twin = twins[i];
      return twin ? [{ view: { ...toRow({ ...r, id: r.w_id, updated_at: r.w_updated_at }), twin }, channelMode: r.channel_mode }] : [];
    });
  }

  async get(owner: WorkspaceOwner, twinId: string): Promise<WorkspaceTwin | null> {
    return getRow(this.db, owner, twinId);
  }

  /** Inserts; returns null when the twin is already in the workspace. */
  async insert(
    owner: WorkspaceOwner,
    input: { twinId: string; isFavorite: boolean; mode: ParticipationMode; settings: Record<string, unknown> },
  ): Promise<WorkspaceTwin | null> {
    const now = new Date().toISOString();
    const res = await this.db
      .insertInto('workspace_twins')
      .values({
        id: newId(),
        customer_id: owner.customerId,
        user_id: owner.userId,
        twin_id: input.twinId,
        is_favorite: input.isFavorite ? 1 : 0,
        participation_mode: input.mode,
        settings: JSON.stringify(input.settings),
        added_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['customer_id', 'user_id', 'twin_id']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 0 ? null : this.get(owner, input.twinId);
  }

  /** Deletes; returns the removed row or null when it was not there. */
  async delete(owner: WorkspaceOwner, twinId: string): Promise<WorkspaceTwin | null> {
    return this.handle.write(async (trx) => {
      const existing = await getRow(trx, owner, twinId);
      if (!existing) return null;
      await trx.deleteFrom('workspace_twins').where('id', '=', existing.id).execute();
      // Channel overrides of this workspace's channels for the twin go with it.
      await trx
        .deleteFrom('channel_twin_modes')
        .where('twin_id', '=', twinId)
        .where('channel_id', 'in', (eb) =>
          eb.selectFrom('channels').select('id').where('customer_id', '=', owner.customerId).where('workspace_user_id', '=', owner.userId),
        )
        .execute();
      return existing;
    });
  }

  async patch(owner: WorkspaceOwner, twinId: string, patch: WorkspacePatch): Promise<WorkspaceTwin | null> {
    const res = await this.db
      .updateTable('workspace_twins')
      .set({
        ...(patch.isFavorite !== undefined ? { is_favorite: patch.isFavorite ? 1 : 0 } : {}),
        ...(patch.participationMode !== undefined ? { participation_mode: patch.participationMode } : {}),
        ...(patch.settings !== undefined ? { settings: JSON.stringify(patch.settings) } : {}),
        updated_at: new Date().toISOString(),
      })
      .where('customer_id', '=', owner.customerId)
      .where('user_id', '=', owner.userId)
      .where('twin_id', '=', twinId)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 0 ? null : this.get(owner, twinId);
  }

  async channelModes(channelId: string): Promise<Map<string, ParticipationMode>> {
    const rows = await this.db.selectFrom('channel_twin_modes').select(['twin_id', 'mode']).where('channel_id', '=', channelId).execute();
    return new Map(rows.map((r) => [r.twin_id, r.mode]));
  }

  async setChannelMode(channelId: string, twinId: string, mode: ParticipationMode | null): Promise<void> {
    if (mode === null) {
      await this.db.deleteFrom('channel_twin_modes').where('channel_id', '=', channelId).where('twin_id', '=', twinId).execute();
      return;
    }
    await this.db
      .insertInto('channel_twin_modes')
      .values({ channel_id: channelId, twin_id: twinId, mode, updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['channel_id', 'twin_id']).doUpdateSet((eb) => ({ mode: eb.ref('excluded.mode'), updated_at: eb.ref('excluded.updated_at') })))
      .execute();
  }
}

async function getRow(db: Kysely<Database>, owner: WorkspaceOwner, twinId: string): Promise<WorkspaceTwin | null> {
  const r = await db
    .selectFrom('workspace_twins')
    .select(COLUMNS)
    .where('customer_id', '=', owner.customerId)
    .where('user_id', '=', owner.userId)
    .where('twin_id', '=', twinId)
    .executeTakeFirst();
  return r ? toRow(r) : null;
}
