/**
 * Random test data: matrices, arrays and fast-check arbitraries. Values come
 * from the engine's seeded Rng so a failing property reproduces from its seed.
 */
import fc from 'fast-check';
import type { DType, Matrix } from '../../src/tensor/matrix.js';
import { zeros } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

/** A rows×cols matrix with entries uniform in [low, high). */
export function randomMatrix(
  rng: Rng,
  rows: number,
  cols: number,
  dtype: DType = 'float64',
  low = -1,
  high = 1,
): Matrix {
  const m = zeros(rows, cols, dtype);
  rng.fillUniform(m.data, low, high);
  return m;
}

/** n values uniform in [low, high), each redrawn while it lies within `margin` of any of `avoid` (kinks). */
export function randomAwayFrom(
  rng: Rng,
  n: number,
  low: number,
  high: number,
  avoid: readonly number[] = [],
  margin = 1e-3,
): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    do v = rng.uniformIn(low, high);
    while (avoid.some((k) => Math.abs(v - k) < margin));
    out[i] = v;
  }
  return out;
}

/** A fresh Rng: shorthand so property bodies read `rngFrom(seed)`. */
export function rngFrom(seed: number): Rng {
  return new Rng(seed);
}

/** A seed for the engine's Rng (fast-check draws it; the Rng draws the data). */
export const arbSeed = fc.integer({ min: 0, max: 0x7fffffff });

/** A small positive dimension in [min, max]. */
export function arbDim(max: number, min = 1): fc.Arbitrary<number> {
  return fc.integer({ min, max });
}
