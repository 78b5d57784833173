import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyAffine } from '../../src/analysis/affine.js';
import { collapseAffine, NotAffineError } from '../../src/analysis/collapseAffine.js';
import { evaluateRows } from '../../src/analysis/constructions/build.js';
import { Activation } from '../../src/nn/activationLayer.js';
import { BatchNorm1d } from '../../src/nn/batchnorm.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/mlp.js';
import { Residual } from '../../src/nn/residual.js';
import { Sequential } from '../../src/nn/sequential.js';
import type { Rng } from '../../src/tensor/rng.js';
import { arbSeed, rngFrom } from '../helpers/random.js';

function randomize(model: Sequential, rng: Rng): void {
  for (const { param } of model.namedParams()) rng.fillUniform(param.value.data, -1, 1);
  for (const { path, buffer } of model.namedBuffers())
    rng.fillUniform(
      buffer.value.data,
      path.endsWith('running_var') ? 0.5 : -1,
      path.endsWith('running_var') ? 2 : 1,
    );
}

function assertCollapses(model: Sequential, rng: Rng): void {
  const map = collapseAffine(model);
  assert.equal(map.weight.length, model.nOut);
  assert.equal(map.weight[0].length, model.nIn);
  const xs = Array.from({ length: 16 }, () => Array.from({ length: model.nIn }, () => rng.uniformIn(-2, 2)));
  const ys = evaluateRows(model, xs);
  xs.forEach((x, n) => {
    applyAffine(map, x).forEach((v, i) => {
      const want = ys[n][i];
      assert.ok(
        Math.abs(v - want) <= 1e-12 * Math.max(1, Math.abs(want)),
        `row ${n} out ${i}: ${v} vs ${want}`,
      );
    });
  });
}

describe('collapseAffine', () => {
  it('an identity-activation mlp (with BatchNorm and dropout) equals its folded map (property)', () => {
    fc.assert(
      fc.property(
        arbSeed,
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 5 }),
        fc.constantFrom('none', 'batch'),
        fc.constantFrom(0, 0.3),
        (seed, sizes, norm, pDrop) => {
          const model = mlp(sizes, { activation: 'identity', dtype: 'float64', seed, norm, pDrop });
          const rng = rngFrom(seed);
          randomize(model, rng);
          assertCollapses(model, rng);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('folds residual blocks x + f(x) and spectral-normalised Linear layers', () => {
    const rng = rngFrom(5);
    const body = [
      new Linear(3, 4, { dtype: 'float64' }),
      new Activation(4, 'identity', 'float64'),
      new BatchNorm1d(4, 0.1, 1e-5, 'float64'),
      new Dropout(4, 0.5, 'float64'),
      new Linear(4, 3, { dtype: 'float64', spectralNorm: { iterations: 2 } }),
    ];
    const model = new Sequential([
      new Linear(2, 3, { dtype: 'float64' }),
      new Residual(null, body, 'float64'),
      new Linear(3, 2, { dtype: 'float64' }),
    ]);
    randomize(model, rng);
    for (const l of model.linears()) l.resetSpectralVectors();
    assertCollapses(model, rng);
  });

  it('names the first layer that is not affine', () => {
    const model = mlp([2, 3, 3, 1], { activation: 'relu', dtype: 'float64' });
    assert.throws(
      () => collapseAffine(model),
      (e: unknown) => {
        assert.ok(e instanceof NotAffineError);
        assert.match(e.message, /^layer 1 \(relu\) is not affine/);
        return true;
      },
    );
    const nested = new Sequential([
      new Residual(
        null,
        [new Linear(2, 2, { dtype: 'float64' }), new Activation(2, 'tanh', 'float64')],
        'float64',
      ),
    ]);
    assert.throws(() => collapseAffine(nested), /layer 0\.1 \(tanh\) is not affine/);
  });
});
