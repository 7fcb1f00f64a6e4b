import type { Twin } from '../../core/domain.js';

/**
 * One entry of the catalog that ships with Twinbridge (source `bundled`): a Twin without what the
 * store and the source fill in. Ids are stable UUID literals across releases; slugs kebab-case;
 * `demographic` is set for the static-group twins only.
 */
export type BundledTwin = Omit<Twin, 'source' | 'externalId' | 'ownerCustomerId' | 'createdAt' | 'updatedAt'>;
