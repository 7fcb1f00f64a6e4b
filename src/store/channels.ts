import type { Kysely } from 'kysely';
import type { Channel, Platform } from '../core/domain.js';
import { channelIdFor } from '../core/ids.js';
import type { ChannelStore } from '../core/ports.js';
import type { RoutingRecord } from '../core/ports.js';
import type { DatabaseHandle } from './db.js';
import type { ChannelsTable, Database } from './schema.js';

const COLUMNS = ['id', 'platform', 'external_id', 'customer_id', 'workspace_user_id', 'name', 'max_active', 'created_at'] as const;

type Row = Pick<ChannelsTable, (typeof COLUMNS)[number]>;

export class KyselyChannelStore implements ChannelStore {
  private readonly db: Kysely<Database>;

  constructor(
    handle: DatabaseHandle,
    private readonly defaults: { maxActive: number },
  ) {
    this.db = handle.db;
  }

  private toChannel(r: Row): Channel {
    return {
      id: r.id,
      platform: r.platform as Platform,
      externalId: r.external_id,
      customerId: r.customer_id,
      workspaceUserId: r.workspace_user_id,
      name: r.name,
      maxActive: r.max_active ?? this.defaults.maxActive,
      createdAt: r.created_at,
    };
  }

  private row(id: string): Promise<Row | undefined> {
    return this.db.selectFrom('channels').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  async ensure(input: { platform: Platform; externalId: string; customerId: string; workspaceUserId: string; name?: string | null }): Promise<Channel> {
    // The id is derived from the platform identity, so concurrent processes agree on it.
    const id = channelIdFor(input.platform, input.externalId);
    const existing = await this.row(id);
    if (existing) {
      if (input.name && existing.name !== input.name) {
        await this.db.updateTable('channels').set({ name: input.name }).where('id', '=', id).execute();
        existing.name = input.name;
      }
      return this.toChannel(existing);
    }
    await this.db
      .insertInto('channels')
      .values({
        id,
        platform: input.platform,
        external_id: input.externalId,
        customer_id: input.customerId,
        workspace_user_id: input.workspaceUserId,
        name: input.name ?? null,
        created_at: new Date().toISOString(),
      })
      // No conflict target: a racing insert of the same channel can hit the primary key (derived
      // from the identity) before the identity index, and PostgreSQL only absorbs a conflict on
      // the index it was named; either one means the channel exists.
      .onConflict((oc) => oc.doNothing())
      .execute();
    return this.toChannel((await this.row(id))!);
  }

  async get(id: string): Promise<Channel | null> {
    const r = await this.row(id);
    return r ? this.toChannel(r) : null;
  }

  async setLastRouting(channelId: string, record: RoutingRecord): Promise<void> {
    await this.db.updateTable('channels').set({ last_routing: JSON.stringify(record) }).where('id', '=', channelId).execute();
  }

  async lastRouting(channelId: string): Promise<RoutingRecord | null> {
    const r = await this.db.selectFrom('channels').select('last_routing').where('id', '=', channelId).executeTakeFirst();
    return r?.last_routing ? (JSON.parse(r.last_routing) as RoutingRecord) : null;
  }
}
