/** Every activation's backward against central differences of its forward, on random shapes and inputs (float64). */
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Activation } from '../../src/nn/activationLayer.js';
import { activationNames, activations } from '../../src/nn/activations.js';
import { fromData } from '../../src/tensor/matrix.js';
import { activationKinks, assertGradients, gradCheckLayer } from '../helpers/gradcheck.js';
import { arbDim, arbSeed, randomAwayFrom, rngFrom } from '../helpers/random.js';

/** Inputs stay this far from a kink: a hundred difference steps, so no step straddles one. */
const KINK_MARGIN = 1e-3;

describe('activation gradients match central differences', () => {
  for (const name of activationNames) {
    const usesAlpha = activations[name].defaultAlpha !== 0;
    it(`${name}${usesAlpha ? ' (random alpha)' : ''}`, () => {
      fc.assert(
        fc.property(
          arbSeed,
          arbDim(5),
          arbDim(6),
          fc.double({ min: 0.05, max: 2, noNaN: true }),
          (seed, rows, cols, alpha) => {
            const rng = rngFrom(seed);
            const spec = usesAlpha ? { name, alpha } : name;
            const layer = new Activation(cols, spec, 'float64');
            const x = fromData(
              rows,
              cols,
              randomAwayFrom(rng, rows * cols, -4, 4, activationKinks[name] ?? [], KINK_MARGIN),
            );
            assertGradients(gradCheckLayer(layer, x, { rng }), undefined, `${layer} on ${rows}x${cols}`);
          },
        ),
        { seed: 201, numRuns: 60 },
      );
    });
  }
});
