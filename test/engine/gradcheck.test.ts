/** The gradient checker must catch small errors, or the green gradient checks prove nothing. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Activation } from '../../src/nn/activationLayer.js';
import type { Layer } from '../../src/nn/layer.js';
import { Linear } from '../../src/nn/linear.js';
import type { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { assertGradients, gradCheckLayer } from '../helpers/gradcheck.js';
import { randomMatrix } from '../helpers/random.js';

/** A layer whose backward scales one of its results by (1 + error). */
function skewed(inner: Layer, error: number, what: 'input' | 'weight'): Layer {
  return {
    ...inner,
    params: inner.params,
    forward: (x, ctx) => inner.forward(x, ctx),
    backward: (dy: Matrix, need: boolean) => {
      const dx = inner.backward(dy, need);
      const target = what === 'input' ? dx?.data : inner.params[0].grad.data;
      if (target) target[0] *= 1 + error;
      return dx;
    },
    spec: () => inner.spec(),
    toString: () => `skewed ${inner}`,
  };
}

describe('gradient checker sensitivity', () => {
  for (const what of ['input', 'weight'] as const) {
    it(`a relative error of 1e-5 in one ${what} gradient entry fails the check; the true gradient passes`, () => {
      const rng = new Rng(1);
      const layer = new Linear(3, 2, { dtype: 'float64' });
      rng.fillUniform(layer.weight.value.data, -1, 1);
      const x = randomMatrix(rng, 4, 3);
      assertGradients(gradCheckLayer(layer, x, { rng: new Rng(2) }));
      assert.throws(
        () => assertGradients(gradCheckLayer(skewed(layer, 1e-5, what), x, { rng: new Rng(2) })),
        /gradient check failed/,
      );
    });
  }

  it('a derivative copied from the wrong entry (a mixed-up index) fails', () => {
    const layer = new Activation(3, 'tanh', 'float64');
    const x = randomMatrix(new Rng(3), 2, 3);
    const bad: Layer = {
      ...layer,
      forward: (input) => layer.forward(input),
      backward: (dy: Matrix, need: boolean) => {
        const dx = layer.backward(dy, need);
        if (dx) dx.data[1] = dx.data[0];
        return dx;
      },
      spec: () => layer.spec(),
      toString: () => 'bad tanh',
    };
    assert.throws(
      () => assertGradients(gradCheckLayer(bad, x, { rng: new Rng(4) })),
      /gradient check failed/,
    );
  });
});
