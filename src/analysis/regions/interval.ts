/** Segments [lo, hi] of a line and their cut at a point, the one-dimensional twin of PolygonCutter. */
import type { CellGeometry } from './enumerate.js';

export type Interval = Float64Array;

/**
 * Cuts segments where a·s + c = knot. An end closer than `tolerance` (in s)
 * to the cut counts as on it, so no piece shorter than `tolerance` is made.
 */
export class IntervalCutter implements CellGeometry<Interval> {
  readonly k = 1;
  below: Interval | null = null;
  above: Interval | null = null;

  constructor(readonly tolerance: number) {}

  split(cell: Interval, maps: Float64Array, off: number, knot: number): void {
    const a = maps[off];
    const c = maps[off + 1] - knot;
    const lo = cell[0];
    const hi = cell[1];
    const flo = a * lo + c;
    const fhi = a * hi + c;
    const eps = this.tolerance * Math.abs(a);
    if ((flo > eps && fhi < -eps) || (flo < -eps && fhi > eps)) {
      const s = lo + (hi - lo) * (flo / (flo - fhi));
      const left = Float64Array.of(lo, s);
      const right = Float64Array.of(s, hi);
      this.below = flo < 0 ? left : right;
      this.above = flo < 0 ? right : left;
      return;
    }
    let side = flo > eps || fhi > eps;
    if (!side && !(flo < -eps || fhi < -eps)) side = a * ((lo + hi) / 2) + c > 0;
    this.below = side ? null : cell;
    this.above = side ? cell : null;
  }
}
