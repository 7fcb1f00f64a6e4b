import type { Category, Demographic, Persona } from '../../core/domain.js';

/** One entry of the catalog that ships with Twinbridge (source `bundled`). */
export interface BundledTwin {
  /** UUID literal; stable across releases. */
  id: string;
  /** kebab-case, unique, e.g. 'steve-jobs'. */
  slug: string;
  name: string;
  /** One or two specific sentences. */
  description: string;
  category: Category;
  /** 3-5 items. */
  expertise: string[];
  avatarUrl: string | null;
  /** Set for the demographic (static group) twins, null otherwise. */
  demographic: Demographic | null;
  persona: Persona;
}
