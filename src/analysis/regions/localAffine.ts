/**
 * The local affine map of a piecewise-linear net at a point: its activation
 * pattern there and the exact (W, b) with net(x') = W x' + b for every x' in
 * the same linear region, for any depth. It is the same enumeration as the
 * region maps, run on a "cell" that is a single point, so a point and the
 * region containing it always agree.
 */
import type { Standardizer } from '../../data/standardize.js';
import type { Sequential } from '../../nn/sequential.js';
import { type CellGeometry, enumerateRegions } from './enumerate.js';
import { identityStart } from './options.js';
import type { RegionProgram } from './program.js';
import { axes, checkVector, slicedProgram } from './slice.js';

export interface LocalAffineMap {
  /** As Region2d.pattern spells it. */
  pattern: string;
  /** nOut rows of nIn numbers. */
  weight: number[][];
  bias: number[];
  /** weight·x + bias: the net's output at x. */
  output: number[];
}

/**
 * A point as a cell: a unit's side is its pre-activation against the knot,
 * with the forward pass's convention (on the knot counts as below).
 */
export class PointCell implements CellGeometry<Float64Array> {
  below: Float64Array | null = null;
  above: Float64Array | null = null;

  constructor(readonly k: number) {}

  split(x: Float64Array, maps: Float64Array, off: number, knot: number): void {
    let f = maps[off + this.k];
    for (let m = 0; m < this.k; m++) f += maps[off + m] * x[m];
    const above = f > knot;
    this.below = above ? null : x;
    this.above = above ? x : null;
  }
}

/** x in the model's input units; with a standardiser, (W, b) also act on those units. */
export function localAffineMap(
  model: Sequential,
  x: readonly number[],
  options: { readonly standardizer?: Standardizer } = {},
): LocalAffineMap {
  checkVector(x, model.nIn, 'the point');
  const program = slicedProgram(model, new Array(model.nIn).fill(0), axes(model.nIn), options.standardizer);
  return affineAt(program, Float64Array.from(x));
}

export function affineAt(program: RegionProgram, x: Float64Array): LocalAffineMap {
  const k = program.nIn;
  const K = k + 1;
  const found: LocalAffineMap[] = [];
  enumerateRegions(program, new PointCell(k), identityStart(k), x, (_cell, out, pattern) => {
    const weight: number[][] = [];
    const bias: number[] = [];
    const output: number[] = [];
    for (let o = 0; o < program.nOut; o++) {
      const row = Array.from(out.subarray(o * K, o * K + k));
      weight.push(row);
      bias.push(out[o * K + k]);
      let y = out[o * K + k];
      for (let m = 0; m < k; m++) y += row[m] * x[m];
      output.push(y);
    }
    found.push({ pattern, weight, bias, output });
  });
  return found[0];
}
