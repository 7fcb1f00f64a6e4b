import { ADVISORS } from './advisors.js';
import { BUILDERS } from './builders.js';
import { DEMOGRAPHIC_OLDER } from './demographic-older.js';
import { DEMOGRAPHIC_YOUNG } from './demographic-young.js';
import { HUMANITIES } from './humanities.js';
import { SCIENTISTS } from './scientists.js';
import type { BundledTwin } from './types.js';
import { VISIONARIES } from './visionaries.js';

export type { BundledTwin } from './types.js';

/** The catalog that ships with Twinbridge: persona twins first, then demographic (static group) twins. */
export const BUNDLED_TWINS: readonly BundledTwin[] = [
  ...VISIONARIES,
  ...BUILDERS,
  ...SCIENTISTS,
  ...HUMANITIES,
  ...ADVISORS,
  ...DEMOGRAPHIC_YOUNG,
  ...DEMOGRAPHIC_OLDER,
];
