/**
 * A one-hidden-layer 1-D fit as the sum of its units' weighted outputs, from
 * the library's unitContributions: what the contributions panel draws.
 */
import { unitContributions } from '../../src/analysis/contributions.js';
import type { Sequential } from '../../src/nn/sequential.js';
import type { Matrix } from '../../src/tensor/matrix.js';

export interface Contributions {
  units: number;
  /** units × points, unit-major: v_j·σ(w_j·x + b_j) along the curve's grid. */
  perUnit: Float32Array;
  outputBias: number;
}

/** Null for nets that are not Linear → activation → Linear (more layers, norms, dropout, residual blocks). */
/** grid holds what the model sees at each point of the curve (x, or its input features). */
export function contributionCurves(model: Sequential, grid: Matrix): Contributions | null {
  const rows = Array.from({ length: grid.rows }, (_, r) =>
    Array.from(grid.data.subarray(r * grid.cols, (r + 1) * grid.cols)),
  );
  let c: ReturnType<typeof unitContributions>;
  try {
    c = unitContributions(model, rows);
  } catch {
    return null;
  }
  const units = c.perUnit.length;
  const perUnit = new Float32Array(units * rows.length);
  for (let j = 0; j < units; j++) perUnit.set(c.perUnit[j], j * rows.length);
  return { units, perUnit, outputBias: c.outputBias };
}
