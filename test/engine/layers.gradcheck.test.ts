/**
 * Each layer's backward (input and parameter gradients) against central
 * differences of its forward, on random shapes and values, in float64.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Activation } from '../../src/nn/activationLayer.js';
import { BatchNorm1d } from '../../src/nn/batchnorm.js';
import { Dropout } from '../../src/nn/dropout.js';
import type { ForwardContext, Layer } from '../../src/nn/layer.js';
import { LayerNorm } from '../../src/nn/layernorm.js';
import { Linear } from '../../src/nn/linear.js';
import { Residual } from '../../src/nn/residual.js';
import { Rng } from '../../src/tensor/rng.js';
import { assertGradients, compareGradients, gradCheckLayer, numericGradient } from '../helpers/gradcheck.js';
import { singularValues } from '../helpers/linalg.js';
import { arbDim, arbSeed, randomMatrix, rngFrom } from '../helpers/random.js';

const RUNS = { numRuns: 40 };

/** Overwrites every parameter of a layer (children included) with U(low, high). */
function randomizeParams(layer: Layer, rng: Rng, low = -1, high = 1): void {
  for (const p of layer.params) rng.fillUniform(p.value.data, low, high);
  for (const c of layer.children ?? []) randomizeParams(c, rng, low, high);
}

describe('Linear', () => {
  it('input, weight and bias gradients, with and without bias', () => {
    fc.assert(
      fc.property(arbSeed, arbDim(4), arbDim(5), arbDim(5), fc.boolean(), (seed, batch, nIn, nOut, bias) => {
        const rng = rngFrom(seed);
        const layer = new Linear(nIn, nOut, { bias, dtype: 'float64' });
        randomizeParams(layer, rng);
        const reports = gradCheckLayer(layer, randomMatrix(rng, batch, nIn), { rng });
        assert.equal(reports.length, bias ? 3 : 2);
        assertGradients(reports, undefined, String(layer));
      }),
      { seed: 301, ...RUNS },
    );
  });

  // What is differentiated: W ↦ W/σ with σ = uᵀWv and the power-iteration
  // vectors u, v held constant (PyTorch's convention). A training forward first
  // advances u and v; the difference quotients then use evaluation forwards,
  // which reuse exactly those vectors.
  it('spectral norm: gradients through W/(uᵀWv) with u, v as the training forward left them', () => {
    fc.assert(
      fc.property(
        arbSeed,
        arbDim(4, 2),
        arbDim(5),
        arbDim(5),
        fc.integer({ min: 1, max: 3 }),
        (seed, batch, nIn, nOut, iterations) => {
          const rng = rngFrom(seed);
          const layer = new Linear(nIn, nOut, { dtype: 'float64', spectralNorm: { iterations } });
          randomizeParams(layer, rng);
          layer.resetSpectralVectors();
          const x = randomMatrix(rng, batch, nIn);
          const r = randomMatrix(rng, batch, nOut);
          layer.forward(x, { training: true });
          const dx = layer.backward(r, true);
          assert.ok(dx);
          const analytic = [Float64Array.from(dx.data), ...layer.params.map((p) => p.grad.data.slice())];
          const loss = () => {
            const y = layer.forward(x, { training: false });
            let s = 0;
            for (let i = 0; i < y.data.length; i++) s += r.data[i] * y.data[i];
            return s;
          };
          const tensors = [x, ...layer.params.map((p) => p.value)];
          const reports = tensors.map((t, k) =>
            compareGradients(String(k), analytic[k], numericGradient(loss, t.data), { absFloor: 1e-8 }),
          );
          assertGradients(reports, undefined, String(layer));
        },
      ),
      { seed: 302, ...RUNS },
    );
  });

  it('spectral norm: after enough power iterations W/σ has largest singular value 1', () => {
    const rng = new Rng(303);
    const layer = new Linear(6, 4, { dtype: 'float64', spectralNorm: { iterations: 200 } });
    randomizeParams(layer, rng);
    layer.resetSpectralVectors();
    const sigma = singularValues(layer.weight.value)[0];
    const Wsn = layer.effectiveWeight(true);
    assert.ok(Math.abs(singularValues(Wsn)[0] - 1) < 1e-10, `σ(W/σ) = ${singularValues(Wsn)[0]}`);
    assert.ok(sigma > 1.0001, 'the test needs a weight whose norm differs from 1');
  });
});

describe('Dropout in training mode (the mask frozen by reseeding the rng each pass)', () => {
  it('input gradient matches differences; each output is 0 or x/(1 − pDrop)', () => {
    fc.assert(
      fc.property(
        arbSeed,
        arbDim(5),
        arbDim(6),
        fc.double({ min: 0.1, max: 0.7, noNaN: true }),
        (seed, rows, cols, pDrop) => {
          const rng = rngFrom(seed);
          const layer = new Dropout(cols, pDrop, 'float64');
          const x = randomMatrix(rng, rows, cols);
          const ctx = (): ForwardContext => ({ training: true, rng: new Rng(seed ^ 0x5a5a) });
          assertGradients(gradCheckLayer(layer, x, { rng, ctx }), undefined, String(layer));
          const y = layer.forward(x, ctx());
          const scale = 1 / (1 - pDrop);
          for (let i = 0; i < x.data.length; i++) {
            assert.ok(
              y.data[i] === 0 || y.data[i] === x.data[i] * scale,
              `entry ${i} is neither 0 nor x/(1−p)`,
            );
          }
        },
      ),
      { seed: 311, ...RUNS },
    );
  });

  it('drops a pDrop fraction of units (within 5 standard errors)', () => {
    const pDrop = 0.3;
    const layer = new Dropout(100, pDrop, 'float64');
    const x = randomMatrix(new Rng(313), 100, 100, 'float64', 1, 2);
    const y = layer.forward(x, { training: true, rng: new Rng(314) });
    const dropped = y.data.filter((v) => v === 0).length / y.data.length;
    const se = Math.sqrt((pDrop * (1 - pDrop)) / y.data.length);
    assert.ok(Math.abs(dropped - pDrop) < 5 * se, `dropped ${dropped}, expected ${pDrop} ± ${5 * se}`);
  });

  it('evaluation mode is the identity, and so is its gradient', () => {
    const rng = new Rng(312);
    const layer = new Dropout(5, 0.5, 'float64');
    const x = randomMatrix(rng, 3, 5);
    assert.deepEqual(layer.forward(x, { training: false }).data, x.data);
    assertGradients(gradCheckLayer(layer, x, { rng }));
  });
});

describe('BatchNorm1d', () => {
  it('training mode: input, gamma and beta gradients through the batch statistics', () => {
    fc.assert(
      fc.property(arbSeed, arbDim(6, 2), arbDim(4), (seed, batch, n) => {
        const rng = rngFrom(seed);
        const layer = new BatchNorm1d(n, 0.1, 1e-5, 'float64');
        randomizeParams(layer, rng, 0.5, 1.5);
        const x = randomMatrix(rng, batch, n, 'float64', -2, 2);
        const reports = gradCheckLayer(layer, x, { rng, ctx: () => ({ training: true }) });
        assert.deepEqual(
          reports.map((r) => r.name),
          ['input', 'gamma', 'beta'],
        );
        assertGradients(reports, undefined, `${layer} on batch ${batch}`);
      }),
      { seed: 321, ...RUNS },
    );
  });

  it('evaluation mode: gradients through the running statistics', () => {
    fc.assert(
      fc.property(arbSeed, arbDim(4), arbDim(4), (seed, batch, n) => {
        const rng = rngFrom(seed);
        const layer = new BatchNorm1d(n, 0.1, 1e-5, 'float64');
        randomizeParams(layer, rng, 0.5, 1.5);
        rng.fillUniform(layer.runningMean.data, -1, 1);
        rng.fillUniform(layer.runningVar.data, 0.2, 2);
        assertGradients(
          gradCheckLayer(layer, randomMatrix(rng, batch, n), { rng }),
          undefined,
          String(layer),
        );
      }),
      { seed: 322, ...RUNS },
    );
  });
});

describe('LayerNorm', () => {
  it('input, gamma and beta gradients', () => {
    fc.assert(
      fc.property(arbSeed, arbDim(4), arbDim(6, 2), (seed, batch, n) => {
        const rng = rngFrom(seed);
        const layer = new LayerNorm(n, 1e-5, 'float64');
        randomizeParams(layer, rng, 0.5, 1.5);
        const x = randomMatrix(rng, batch, n, 'float64', -2, 2);
        assertGradients(gradCheckLayer(layer, x, { rng }), undefined, `${layer} on batch ${batch}`);
      }),
      { seed: 331, ...RUNS },
    );
  });
});

describe('Residual', () => {
  const norms = ['none', 'layer', 'batch'] as const;
  it('x + f(norm(x)): input gradient and every nested parameter gradient', () => {
    fc.assert(
      fc.property(
        arbSeed,
        arbDim(4, 2),
        arbDim(5),
        fc.constantFrom(...norms),
        fc.constantFrom('tanh', 'gelu', 'silu'),
        (seed, batch, n, normKind, act) => {
          const rng = rngFrom(seed);
          const norm =
            normKind === 'layer'
              ? new LayerNorm(n, 1e-5, 'float64')
              : normKind === 'batch'
                ? new BatchNorm1d(n, 0.1, 1e-5, 'float64')
                : null;
          const block = new Residual(
            norm,
            [new Linear(n, n, { dtype: 'float64' }), new Activation(n, act, 'float64')],
            'float64',
          );
          randomizeParams(block, rng);
          const reports = gradCheckLayer(block, randomMatrix(rng, batch, n), {
            rng,
            ctx: () => ({ training: true }),
          });
          const expected = norm
            ? ['input', '0.gamma', '0.beta', '1.weight', '1.bias']
            : ['input', '0.weight', '0.bias'];
          assert.deepEqual(
            reports.map((r) => r.name),
            expected,
          );
          assertGradients(reports, undefined, String(block));
        },
      ),
      { seed: 341, ...RUNS },
    );
  });

  it('a block whose body outputs zero passes its input and its gradient through unchanged', () => {
    const block = new Residual(null, [new Linear(3, 3, { dtype: 'float64' })], 'float64');
    const x = randomMatrix(new Rng(342), 2, 3);
    assert.deepEqual(block.forward(x, { training: false }).data, x.data);
    const dy = randomMatrix(new Rng(343), 2, 3);
    assert.deepEqual(block.backward(dy, true)?.data, dy.data);
  });
});
