import type { PiiEntityType } from '../../types.js';

/** One detected entity, as a span of the normalized text (end exclusive). */
export interface EntityMatch {
  readonly type: PiiEntityType;
  readonly start: number;
  readonly end: number;
}
