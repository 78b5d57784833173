/** Options every exact region count takes. */
import type { Standardizer } from '../../data/standardize.js';

export interface RegionOptions {
  /** The model file's input standardisation: domains are then in the data's original units. */
  readonly standardizer?: Standardizer;
  /**
   * Sliver tolerance relative to the domain's diameter (default 1e-9): a cut
   * whose piece on one side lies within tolerance × diameter of the cut line
   * is not made, and that sliver joins the neighbouring region.
   */
  readonly tolerance?: number;
  /** Stop with RegionLimitError past this many regions (default 1,000,000). */
  readonly maxRegions?: number;
}

export const DEFAULT_TOLERANCE = 1e-9;
export const DEFAULT_MAX_REGIONS = 1_000_000;

/** The identity map of k coordinates, k rows of k + 1 numbers: the enumeration's start on a restricted program. */
export function identityStart(k: number): Float64Array {
  const K = k + 1;
  const m = new Float64Array(k * K);
  for (let i = 0; i < k; i++) m[i * K + i] = 1;
  return m;
}

export function resolveTolerance(options: RegionOptions, diameter: number): number {
  const t = options.tolerance ?? DEFAULT_TOLERANCE;
  if (!(t >= 0 && Number.isFinite(t))) throw new Error(`tolerance must be a finite number ≥ 0, got ${t}`);
  return t * diameter;
}
