/**
 * The sup error of a one-input model against a target on [lo, hi], measured
 * where it can peak: a dense uniform grid, every breakpoint of the model and
 * the midpoint of every piece (where a piecewise-linear interpolant of a
 * function with constant curvature, such as x², is furthest from it).
 */
import type { Sequential } from '../nn/sequential.js';
import { evaluate1d } from './constructions/build.js';
import { linearRegions1d } from './regions/index.js';

export interface SupError {
  readonly maxError: number;
  /** Where the largest error was found. */
  readonly at: number;
  /** How many points were measured. */
  readonly points: number;
}

export function supError1d(
  model: Sequential,
  target: (x: number) => number,
  lo: number,
  hi: number,
  grid = 4096,
): SupError {
  const { pieces } = linearRegions1d(model, lo, hi);
  const xs = Array.from({ length: grid + 1 }, (_, i) => lo + ((hi - lo) * i) / grid);
  for (const p of pieces) xs.push(p.lo, (p.lo + p.hi) / 2);
  xs.push(hi);
  const ys = evaluate1d(model, xs);
  let maxError = 0;
  let at = lo;
  ys.forEach((y, i) => {
    const e = Math.abs(y - target(xs[i]));
    if (e > maxError) [maxError, at] = [e, xs[i]];
  });
  return { maxError, at, points: xs.length };
}

/** max_i |got[i] − want[i]|. */
export function maxAbsError(got: readonly number[], want: readonly number[]): number {
  if (got.length !== want.length) throw new Error(`maxAbsError: ${got.length} values against ${want.length}`);
  return got.reduce((m, g, i) => Math.max(m, Math.abs(g - want[i])), 0);
}
