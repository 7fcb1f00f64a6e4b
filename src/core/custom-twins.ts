/**
 * Custom twins: a customer's own twins, stored with the catalog's and visible to that customer
 * only. The write side is a small async port of its own (the read side is the catalog's,
 * `TwinCatalog` with a viewer).
 */
import type { Category, Demographic, Twin, WorkspaceTwin } from './domain.js';

/** Everything a custom twin is made of, as validated input (HTTP, Discord, Slack, imports). */
export interface CustomTwinDraft {
  slug: string;
  name: string;
  description: string;
  category: Category;
  expertise: string[];
  tags: string[];
  avatarUrl: string | null;
  demographic: Demographic | null;
  persona: {
    prompt: string;
    examples: string[];
    greeting: string | null;
    scenario: string | null;
  };
  extensions: Record<string, unknown>;
}

export interface StoredAvatar {
  contentType: string;
  data: Buffer;
  /** Content hash: the ETag, and the capability in public avatar links. */
  etag: string;
}

export interface CustomTwinStore {
  /**
   * Creates all of them in one transaction (an import creates every twin or none). Throws
   * SLUG_TAKEN when the owner already has a live twin with one of the slugs.
   */
  create(ownerCustomerId: string, items: { draft: CustomTwinDraft; avatar: StoredAvatar | null }[]): Promise<Twin[]>;
  /** Replaces the twin's fields; null when it is not a live twin of that owner. */
  update(ownerCustomerId: string, twinId: string, draft: CustomTwinDraft): Promise<Twin | null>;
  /**
   * Deletes the twin and takes it out of every workspace in one transaction; returns the
   * workspace rows it was in (for `twin:removed`), or null when it is not the owner's.
   */
  remove(ownerCustomerId: string, twinId: string): Promise<WorkspaceTwin[] | null>;
  /** Workspace rows holding the twin (for `twin:updated`). */
  holders(twinId: string): Promise<WorkspaceTwin[]>;
}

export interface AvatarStore {
  get(twinId: string): Promise<StoredAvatar | null>;
}
