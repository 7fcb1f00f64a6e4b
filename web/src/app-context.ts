import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './api/client';
import type { WorkspaceEvent } from './api/events';

export interface KnownTwin {
  id: string;
  name: string;
  slug?: string;
  avatar_url: string | null;
}

/** Twins seen anywhere (catalog, workspace, replies), so a stream's twin id gets its name. */
export interface Directory {
  learn(twins: Array<{ id: string; name: string; slug?: string; avatar_url: string | null }>): void;
  find(key: { twinId?: string | null; personality?: string | null }): KnownTwin | null;
}

export function createDirectory(): Directory {
  const byKey = new Map<string, KnownTwin>();
  return {
    learn(twins) {
      for (const t of twins) {
        const known: KnownTwin = { id: t.id, name: t.name, avatar_url: t.avatar_url, ...(t.slug ? { slug: t.slug } : {}) };
        byKey.set(t.id.toLowerCase(), known);
        if (t.slug) byKey.set(t.slug, known);
      }
    },
    find({ twinId, personality }) {
      return (twinId ? byKey.get(twinId.toLowerCase()) : undefined) ?? (personality ? byKey.get(personality) : undefined) ?? null;
    },
  };
}

export interface AppContextValue {
  api: ApiClient;
  me: { userId: string; customerId: string };
  directory: Directory;
  /** Subscribe to workspace events; returns the unsubscribe function. */
  onEvent(listener: (e: WorkspaceEvent) => void): () => void;
  /** Paths of the served OpenAPI document (which optional features this service has). */
  paths: Set<string>;
  announce(message: string): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('AppContext missing');
  return value;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
