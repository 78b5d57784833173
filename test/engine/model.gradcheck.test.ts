/**
 * Whole models from the mlp() builder: the input gradient and every named
 * parameter gradient against central differences, in float64, across
 * activations, norms, residual blocks, dropout and spectral norm.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { activationNames } from '../../src/nn/activations.js';
import type { ForwardContext } from '../../src/nn/layer.js';
import { mlp } from '../../src/nn/mlp.js';
import type { Sequential } from '../../src/nn/sequential.js';
import type { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { assertGradients, distanceToKinks, gradCheckModel } from '../helpers/gradcheck.js';
import { arbDim, arbSeed, randomMatrix, rngFrom } from '../helpers/random.js';

/** Pre-activations must stay this far from kinks while parameters move by the difference step. */
const KINK_MARGIN = 1e-3;

/** The smallest distance of any pre-activation of the latest forward to its activation's kinks. */
function kinkDistance(model: Sequential, x: Matrix, ctx: ForwardContext): number {
  model.forward(x, ctx);
  return Math.min(...model.activationLayers().map((a) => distanceToKinks(a.name, a.lastPass().x.data)));
}

const arbSizes = fc.array(arbDim(5), { minLength: 2, maxLength: 4 });

describe('mlp gradients match central differences', () => {
  it('every activation, with and without norm, residual blocks and dropout (training mode)', () => {
    fc.assert(
      fc.property(
        arbSeed,
        arbSizes,
        arbDim(4, 2),
        fc.constantFrom(...activationNames),
        fc.constantFrom('none', 'batch', 'layer'),
        fc.boolean(),
        fc.constantFrom(0, 0.3),
        (seed, sizes, batch, activation, norm, residual, pDrop) => {
          const model = mlp(sizes, {
            activation,
            norm,
            residual,
            pDrop,
            dtype: 'float64',
            seed,
            outputActivation: 'tanh',
          });
          const rng = rngFrom(seed + 1);
          // Biases start at zero; random ones exercise their gradients without symmetry.
          for (const { path, param } of model.namedParams()) {
            if (path.endsWith('bias') || path.endsWith('beta')) rng.fillUniform(param.value.data, -0.5, 0.5);
          }
          const x = randomMatrix(rng, batch, sizes[0]);
          const ctx = (): ForwardContext => ({ training: true, rng: new Rng(seed ^ 0x33) });
          fc.pre(kinkDistance(model, x, ctx()) > KINK_MARGIN);
          const reports = gradCheckModel(model, x, { rng, ctx });
          assert.equal(reports.length, 1 + model.namedParams().length);
          assertGradients(reports, undefined, model.describe());
        },
      ),
      { seed: 401, numRuns: 80 },
    );
  });

  it('spectral-normalised Linear layers (u, v frozen after one training forward)', () => {
    fc.assert(
      fc.property(arbSeed, arbSizes, arbDim(4), (seed, sizes, batch) => {
        const model = mlp(sizes, { activation: 'tanh', spectralNorm: true, dtype: 'float64', seed });
        const rng = rngFrom(seed + 1);
        const x = randomMatrix(rng, batch, sizes[0]);
        model.forward(x, { training: true });
        assertGradients(gradCheckModel(model, x, { rng }), undefined, model.describe());
      }),
      { seed: 402, numRuns: 30 },
    );
  });
});
