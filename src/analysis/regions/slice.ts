/**
 * Affine slices of input space, in the model's input units: a point plus
 * directions (a line, a plane), through the model file's input
 * standardisation when there is one, so that regions are drawn where the
 * user's data lives rather than in the standardised units the net sees.
 */
import type { Standardizer } from '../../data/standardize.js';
import type { Sequential } from '../../nn/sequential.js';
import { type AffineOp, type RegionProgram, regionProgram, restrictProgram } from './program.js';

/**
 * The net's input x = standardise(origin + Σ u_m directions[m]) as an affine
 * map of u; with a standardiser, x_j = (raw_j − mean_j) / std_j.
 */
export function sliceEntry(
  origin: readonly number[],
  directions: readonly (readonly number[])[],
  standardizer?: Standardizer,
): AffineOp {
  const n = origin.length;
  const k = directions.length;
  if (standardizer && (standardizer.mean.length !== n || standardizer.std.length !== n)) {
    throw new Error(`the standardiser has ${standardizer.mean.length} columns but the slice has ${n} inputs`);
  }
  const W = new Float64Array(n * k);
  const b = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const s = standardizer ? standardizer.std[j] : 1;
    const m = standardizer ? standardizer.mean[j] : 0;
    for (let c = 0; c < k; c++) W[j * k + c] = directions[c][j] / s;
    b[j] = (origin[j] - m) / s;
  }
  return { kind: 'affine', nIn: k, nOut: n, W, b };
}

/** The model's program as a function of the slice coordinates u. */
export function slicedProgram(
  model: Sequential,
  origin: readonly number[],
  directions: readonly (readonly number[])[],
  standardizer?: Standardizer,
): RegionProgram {
  checkVector(origin, model.nIn, 'the slice origin');
  for (let i = 0; i < directions.length; i++)
    checkVector(directions[i], model.nIn, `slice direction ${i + 1}`);
  return restrictProgram(regionProgram(model), sliceEntry(origin, directions, standardizer));
}

/** The k coordinate axes of a model with k inputs. */
export function axes(k: number): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
}

export function checkVector(v: readonly number[], n: number, what: string): void {
  if (v.length !== n) throw new Error(`${what} has ${v.length} values but the model takes ${n} inputs`);
  if (!v.every(Number.isFinite)) throw new Error(`${what} has a value that is not a finite number`);
}

export function checkInterval(lo: number, hi: number, what: string): void {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new Error(`${what} must be two finite numbers lo < hi, got [${lo}, ${hi}]`);
  }
}
