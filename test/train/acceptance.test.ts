/**
 * The claims the training loop exists to show. XOR: a ReLU hidden layer
 * solves it and a linear one cannot. sin(3x): a 1-64-64-1 tanh net reaches a
 * small test error with fit's defaults alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset } from '../../src/data/dataset.js';
import { mlp } from '../../src/nn/mlp.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { column, fromRows } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { evaluate } from '../../src/train/evaluate.js';
import { fit, fitDefaults } from '../../src/train/fit.js';

const xor: Dataset = {
  x: fromRows([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]),
  y: column([0, 1, 1, 0]),
  task: 'binary',
};

const xorOptions = {
  epochs: 500,
  batchSize: 4,
  optimizer: 'adam' as const,
  lr: 0.05,
  schedule: 'constant' as const,
};

function probabilities(model: Sequential): number[] {
  return Array.from(model.predict(xor.x).data, (z) => 1 / (1 + Math.exp(-z)));
}

describe('XOR', () => {
  it('a 2-unit ReLU hidden layer reaches 100% accuracy (seed 9: 2 of seeds 0–19 escape dead units)', () => {
    const model = mlp([2, 2, 1], { activation: 'relu', seed: 9 });
    const result = fit(model, xor, { ...xorOptions, seed: 9 });
    assert.equal(result.final.train.accuracy, 1);
    const p = probabilities(model);
    assert.ok(p[0] < 0.1 && p[1] > 0.9 && p[2] > 0.9 && p[3] < 0.1, `probabilities ${p}`);
  });

  it('with 4 hidden ReLU units most seeds reach 100% accuracy (8 of seeds 0–9 at the time of writing)', () => {
    const solved = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((seed) => {
      const model = mlp([2, 4, 1], { activation: 'relu', seed });
      return fit(model, xor, { ...xorOptions, seed }).final.train.accuracy === 1;
    });
    assert.ok(solved.length >= 6, `only seeds ${solved} solved XOR`);
  });

  it('the same net with identity activation cannot: at most 75% and every prediction near ½', () => {
    for (const seed of [0, 1, 2, 3, 9]) {
      const model = mlp([2, 2, 1], { activation: 'identity', seed });
      const result = fit(model, xor, { ...xorOptions, seed });
      assert.ok((result.final.train.accuracy ?? 1) <= 0.75, `seed ${seed}`);
      for (const p of probabilities(model)) assert.ok(Math.abs(p - 0.5) < 0.02, `seed ${seed}: p = ${p}`);
      // The best affine fit under cross-entropy is the constant ½: loss log 2.
      assert.ok(Math.abs(result.final.train.loss - Math.LN2) < 1e-3);
    }
  });
});

describe('sin(3x) on [−π, π]', () => {
  /** n points, inputs standardised with the uniform distribution's mean 0 and std π/√3. */
  function sinData(n: number, rng: Rng): Dataset {
    const xs = Array.from({ length: n }, () => rng.uniformIn(-Math.PI, Math.PI));
    const std = Math.PI / Math.sqrt(3);
    return {
      x: column(xs.map((v) => v / std)),
      y: column(xs.map((v) => Math.sin(3 * v))),
      task: 'regression',
    };
  }

  it(`a 1-64-64-1 tanh net with fit's defaults (adam ${fitDefaults.lr}, cosine, batch ${fitDefaults.batchSize}, ${fitDefaults.epochs} epochs) reaches test RMSE < 0.02`, () => {
    const model = mlp([1, 64, 64, 1], { activation: 'tanh', seed: 0 });
    const result = fit(model, sinData(512, new Rng(100)));
    assert.equal(result.stopped, 'completed');
    const test = evaluate(model, sinData(1000, new Rng(999)));
    assert.ok((test.rmse ?? 1) < 0.02, `test RMSE ${test.rmse}`);
    assert.ok((test.maxAbsError ?? 1) < 0.1, `test max error ${test.maxAbsError}`);
  });
});
