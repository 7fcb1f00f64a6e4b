/**
 * Custom twins: create, edit, delete, import and export a customer's own twins. One
 * implementation for HTTP, Discord and Slack, so every change is checked alike and emits the same
 * live events. Reads go through the catalog with the caller's customer as the viewer: another
 * customer's twin does not exist here (TWIN_NOT_FOUND, never a 403).
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { AvatarStore, CustomTwinStore, StoredAvatar } from '../core/custom-twins.js';
import type { Twin, WorkspaceOwner, WorkspaceTwin } from '../core/domain.js';
import { AppError } from '../core/errors.js';
import type { EventBus, TwinCatalog, WorkspaceEventName } from '../core/ports.js';
import type { WorkspaceService } from '../core/services.js';
import { exportTwin, importPersonaFile, type ExportedFile, type ExportFormat } from '../personas/index.js';
import { workspaceRow } from '../workspace/serialize.js';
import {
  applyPatch,
  baseSlug,
  draftFromImport,
  draftFromInput,
  draftOf,
  freeSlug,
  type TwinCreateInput,
  type TwinPatchInput,
} from './twin-input.js';

export interface CustomTwinDeps {
  catalog: TwinCatalog & { custom(customerId: string): Promise<readonly Twin[]> };
  store: CustomTwinStore;
  avatars: AvatarStore;
  workspace: WorkspaceService;
  events: EventBus;
  logger: Logger;
}

export interface AddOptions {
  participationMode?: 'active' | 'observer' | 'on-demand' | undefined;
  isFavorite?: boolean | undefined;
}

export interface ImportOutcome {
  twins: Twin[];
  skipped: { name: string; reason: string }[];
  format: string;
}

export type CustomTwinService = ReturnType<typeof createCustomTwinService>;

function notFound(ref: string): AppError {
  return new AppError('TWIN_NOT_FOUND', `Twin ${ref.slice(0, 100)} not found`, { userMessage: `No twin "${ref.slice(0, 100)}" here.` });
}

function readOnly(twin: Twin): AppError {
  return new AppError('TWIN_READ_ONLY', `${twin.name} is a catalog twin and cannot be changed`, {
    userMessage: `${twin.name} is a catalog twin and cannot be changed; make your own instead.`,
  });
}

export function createCustomTwinService(_options: object, deps: CustomTwinDeps) {
  const { catalog, store, events, logger } = deps;

  /** By id or slug (api/twins.md `:twinId`), as `viewer` sees the catalog. */
  async function find(ref: string, viewer: string): Promise<Twin> {
    const key = ref.trim();
    const byId = (await catalog.get(key.toLowerCase(), viewer));
    if (byId) return byId;
    const bySlug = (await catalog.resolve(key, viewer));
    if (bySlug && bySlug.slug === key.toLowerCase()) return bySlug;
    throw notFound(ref);
  }

  async function own(ref: string, owner: WorkspaceOwner): Promise<Twin> {
    const twin = await find(ref, owner.customerId);
    if (twin.ownerCustomerId !== owner.customerId) throw readOnly(twin);
    return twin;
  }

  async function emit(event: WorkspaceEventName, rows: WorkspaceTwin[]): Promise<void> {
    const at = new Date().toISOString();
    for (const row of rows) {
      try {
        const data = workspaceRow(row, { updated_at: true });
        await events.publish({ event, owner: { customerId: row.customerId, userId: row.userId }, data, at });
      } catch (err) {
        logger.warn({ err, event }, 'could not publish twin event');
      }
    }
  }

  async function takenSlugs(customerId: string, except?: string): Promise<Set<string>> {
    return new Set((await catalog.custom(customerId)).filter((t) => t.id !== except).map((t) => t.slug));
  }

  async function addAll(owner: WorkspaceOwner, twins: Twin[], add: AddOptions): Promise<void> {
    for (const t of twins) {
      await deps.workspace.add(owner, { twinId: t.id, participationMode: add.participationMode ?? 'on-demand', isFavorite: add.isFavorite });
    }
  }

  return {
    find,

    async create(owner: WorkspaceOwner, input: TwinCreateInput): Promise<Twin> {
      const slug = input.slug ?? freeSlug(baseSlug(input.name), await takenSlugs(owner.customerId));
      const [twin] = await store.create(owner.customerId, [{ draft: draftFromInput(input, slug), avatar: null }]);
      if (input.add_to_workspace) {
        await addAll(owner, [twin!], {
          participationMode: input.add_to_workspace.participation_mode ?? 'active',
          isFavorite: input.add_to_workspace.is_favorite,
        });
      }
      return twin!;
    },

    async update(owner: WorkspaceOwner, ref: string, patch: TwinPatchInput): Promise<Twin> {
      const twin = await own(ref, owner);
      const updated = await store.update(owner.customerId, twin.id, applyPatch(draftOf(twin), patch));
      if (!updated) throw notFound(ref);
      await emit('twin:updated', await store.holders(twin.id));
      return updated;
    },

    async remove(owner: WorkspaceOwner, ref: string): Promise<Twin> {
      const twin = await own(ref, owner);
      const rows = await store.remove(owner.customerId, twin.id);
      if (!rows) throw notFound(ref);
      await emit('twin:removed', rows);
      return twin;
    },

    /** Every persona of the file, or none (IMPORT_INVALID); `add` also puts them in the workspace. */
    async importFile(owner: WorkspaceOwner, file: { contentType: string; bytes: Buffer }, add: AddOptions | null): Promise<ImportOutcome> {
      const parsed = importPersonaFile(file);
      const taken = await takenSlugs(owner.customerId);
      const items = parsed.personas.map((p) => {
        const slug = freeSlug(baseSlug(p.name), taken);
        taken.add(slug);
        const avatar: StoredAvatar | null = p.avatar
          ? { contentType: 'image/png', data: p.avatar, etag: createHash('sha256').update(p.avatar).digest('base64url').slice(0, 32) }
          : null;
        return { draft: draftFromImport(p, slug), avatar };
      });
      const twins = await store.create(owner.customerId, items);
      if (add) await addAll(owner, twins, add);
      return { twins, skipped: parsed.skipped, format: parsed.format };
    },

    async exportFile(viewer: string, ref: string, format: ExportFormat): Promise<ExportedFile> {
      const twin = await find(ref, viewer);
      const avatar = twin.ownerCustomerId ? await deps.avatars.get(twin.id) : null;
      return exportTwin(twin, format, avatar?.data ?? null);
    },

    /**
     * A stored avatar: for a viewer that can see the twin, or for anyone holding its content
     * hash (the link a Discord webhook is given).
     */
    async avatar(ref: string, access: { viewer: string } | { etag: string }): Promise<StoredAvatar> {
      const id = ref.trim().toLowerCase();
      const twin = 'viewer' in access ? await find(ref, access.viewer) : (await catalog.get(id));
      const avatar = twin ? await deps.avatars.get(twin.id) : null;
      if (!avatar || ('etag' in access && access.etag !== avatar.etag)) throw new AppError('NOT_FOUND', 'No stored avatar');
      return avatar;
    },
  };
}
