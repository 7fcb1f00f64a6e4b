import type { Channel, Platform } from '../core/domain.js';
import { channelIdFor } from '../core/ids.js';
import type { ChannelStore } from '../core/ports.js';
import type { RoutingRecord } from '../core/ports.js';
import type { Db } from './db.js';

interface Row {
  id: string;
  platform: Platform;
  external_id: string;
  customer_id: string;
  workspace_user_id: string;
  name: string | null;
  max_active: number | null;
  created_at: string;
}

export class SqliteChannelStore implements ChannelStore {
  private readonly getStmt;
  private readonly insertStmt;

  constructor(
    private readonly db: Db,
    private readonly defaults: { maxActive: number },
  ) {
    this.getStmt = db.prepare<[string], Row>('SELECT * FROM channels WHERE id = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO channels (id, platform, external_id, customer_id, workspace_user_id, name, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, external_id) DO NOTHING`,
    );
  }

  private toChannel(r: Row): Channel {
    return {
      id: r.id,
      platform: r.platform,
      externalId: r.external_id,
      customerId: r.customer_id,
      workspaceUserId: r.workspace_user_id,
      name: r.name,
      maxActive: r.max_active ?? this.defaults.maxActive,
      createdAt: r.created_at,
    };
  }

  ensure(input: { platform: Platform; externalId: string; customerId: string; workspaceUserId: string; name?: string | null }): Channel {
    // The id is derived from the platform identity, so concurrent processes agree on it.
    const id = channelIdFor(input.platform, input.externalId);
    const existing = this.getStmt.get(id);
    if (existing) {
      if (input.name && existing.name !== input.name) {
        this.db.prepare('UPDATE channels SET name = ? WHERE id = ?').run(input.name, id);
        existing.name = input.name;
      }
      return this.toChannel(existing);
    }
    this.insertStmt.run(id, input.platform, input.externalId, input.customerId, input.workspaceUserId, input.name ?? null, new Date().toISOString());
    return this.toChannel(this.getStmt.get(id)!);
  }

  get(id: string): Channel | null {
    const r = this.getStmt.get(id);
    return r ? this.toChannel(r) : null;
  }

  setLastRouting(channelId: string, record: RoutingRecord): void {
    this.db.prepare('UPDATE channels SET last_routing = ? WHERE id = ?').run(JSON.stringify(record), channelId);
  }

  lastRouting(channelId: string): RoutingRecord | null {
    const raw = this.db.prepare('SELECT last_routing FROM channels WHERE id = ?').pluck().get(channelId) as string | null | undefined;
    return raw ? (JSON.parse(raw) as RoutingRecord) : null;
  }
}
