/**
 * Every breakpoint and piece of a model along a segment: over an interval of
 * a 1-input model, or along the line from a to b through a model of any
 * input size.
 */
import type { Sequential } from '../../nn/sequential.js';
import { enumerateRegions } from './enumerate.js';
import { type Interval, IntervalCutter } from './interval.js';
import { DEFAULT_MAX_REGIONS, identityStart, type RegionOptions, resolveTolerance } from './options.js';
import type { RegionProgram } from './program.js';
import { checkInterval, slicedProgram } from './slice.js';

export interface Piece1d {
  lo: number;
  hi: number;
  /** Per output: the net is slope·x + intercept on [lo, hi]. */
  slope: number[];
  intercept: number[];
  /** The activation pattern, as Region2d.pattern spells it. */
  pattern: string;
}

export interface Regions1d {
  /** The inner ends of the pieces, ascending: pieces.length − 1 of them. */
  breakpoints: number[];
  /** Activation regions in order along the segment. */
  pieces: Piece1d[];
  /**
   * The breakpoints where some output's slope actually changes (relative
   * difference above 1e-9): fewer than `breakpoints` when a unit switches
   * without effect downstream, as a unit that feeds only dead units does.
   */
  kinks: number[];
}

/** Every piece of a model of 1 input over [lo, hi], in the model's input units. */
export function linearRegions1d(
  model: Sequential,
  lo: number,
  hi: number,
  options: RegionOptions = {},
): Regions1d {
  if (model.nIn !== 1) {
    throw new Error(
      `linearRegions1d maps models of 1 input; ${model.describe()} takes ${model.nIn} (use linearRegionsOnLine)`,
    );
  }
  checkInterval(lo, hi, 'the interval');
  return piecesOfProgram(slicedProgram(model, [0], [[1]], options.standardizer), lo, hi, options);
}

/**
 * Every piece along x = a + s(b − a), s ∈ [sLo, sHi] (default [0, 1]), for a
 * model of any input size; slopes are per unit of s.
 */
export function linearRegionsOnLine(
  model: Sequential,
  a: readonly number[],
  b: readonly number[],
  options: RegionOptions & { readonly s?: readonly [number, number] } = {},
): Regions1d {
  if (a.length !== b.length)
    throw new Error(`a and b must have the same length, got ${a.length} and ${b.length}`);
  const [lo, hi] = options.s ?? [0, 1];
  checkInterval(lo, hi, 'the s range');
  const direction = b.map((v, j) => v - a[j]);
  return piecesOfProgram(slicedProgram(model, a, [direction], options.standardizer), lo, hi, options);
}

function piecesOfProgram(program: RegionProgram, lo: number, hi: number, options: RegionOptions): Regions1d {
  const pieces: Piece1d[] = [];
  enumerateRegions(
    program,
    new IntervalCutter(resolveTolerance(options, hi - lo)),
    identityStart(1),
    Float64Array.of(lo, hi),
    (cell: Interval, out, pattern) => {
      const slope: number[] = [];
      const intercept: number[] = [];
      for (let o = 0; o < program.nOut; o++) {
        slope.push(out[2 * o]);
        intercept.push(out[2 * o + 1]);
      }
      pieces.push({ lo: cell[0], hi: cell[1], slope, intercept, pattern });
    },
    options.maxRegions ?? DEFAULT_MAX_REGIONS,
  );
  pieces.sort((p, q) => p.lo - q.lo);
  const breakpoints = pieces.slice(1).map((p) => p.lo);
  const kinks = breakpoints.filter((_, i) => slopesDiffer(pieces[i].slope, pieces[i + 1].slope));
  return { breakpoints, pieces, kinks };
}

function slopesDiffer(p: readonly number[], q: readonly number[]): boolean {
  return p.some((a, o) => Math.abs(a - q[o]) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(q[o])));
}
