/**
 * The fast paths inside layers against plain re-derivations: Linear's forward
 * with the bias folded into the product (wide layers) or added after it
 * (narrow ones), on odd sizes and both dtypes; and ReLU's branch-free passes
 * at the edge values (−0, NaN, infinities).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activations } from '../../src/nn/activations.js';
import { Linear } from '../../src/nn/linear.js';
import { fromData } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

describe('Linear forward', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [rows, nIn, nOut] of [
      [1, 1, 1],
      [3, 5, 7],
      [7, 3, 31],
      [5, 9, 32],
      [9, 17, 33],
      [130, 70, 65],
    ]) {
      it(`${dtype} ${rows}×${nIn} → ${nOut}: y = x·Wᵀ + b`, () => {
        const rng = new Rng(rows * 1000 + nOut);
        const layer = new Linear(nIn, nOut, { dtype });
        layer.weight.value.data.forEach((_, i, w) => {
          w[i] = rng.normal();
        });
        layer.bias?.value.data.forEach((_, i, b) => {
          b[i] = rng.normal();
        });
        const xs = Float64Array.from({ length: rows * nIn }, () => rng.normal());
        const x = fromData(rows, nIn, dtype === 'float32' ? Float32Array.from(xs) : xs);
        const y = layer.forward(x, { training: false });
        const W = layer.weight.value.data;
        const b = layer.bias?.value.data as Float32Array | Float64Array;
        const tol = dtype === 'float32' ? 1e-5 : 1e-12;
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < nOut; j++) {
            let s = b[j];
            for (let k = 0; k < nIn; k++) s += x.data[i * nIn + k] * W[j * nIn + k];
            const got = y.data[i * nOut + j];
            assert.ok(
              Math.abs(got - s) <= tol * (1 + Math.abs(s)),
              `y[${i}, ${j}]: got ${got}, expected ${s}`,
            );
          }
        }
      });
    }
  }
});

describe('ReLU', () => {
  const x = Float32Array.of(-2, -0, 0, 3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);

  it('forward is max(x, 0) with +0 for every non-positive input and NaN kept', () => {
    const y = new Float32Array(x.length);
    activations.relu.forward(y, x, x.length, 0);
    const expected = [0, 0, 0, 3, Number.NaN, Number.POSITIVE_INFINITY, 0];
    // Strict deep equality compares with Object.is: +0 is not −0, NaN equals NaN.
    assert.deepStrictEqual(Array.from(y), expected);
  });

  it('backward passes dy where x > 0 and gives +0 elsewhere', () => {
    const dy = Float32Array.of(1, -2, 3, -4, 5, 6, -7);
    const dx = new Float32Array(x.length);
    activations.relu.backward(dx, dy, x, x, x.length, 0);
    const expected = [0, 0, 0, -4, 0, 6, 0];
    assert.deepStrictEqual(Array.from(dx), expected);
  });
});
