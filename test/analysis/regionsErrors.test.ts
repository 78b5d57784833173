/** Layers without exact linear regions are refused by path and kind; supported wrappers give the same regions as the bare net. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localAffineMap } from '../../src/analysis/regions/localAffine.js';
import { UnsupportedLayerError } from '../../src/analysis/regions/program.js';
import { linearRegions2d } from '../../src/analysis/regions/regions2d.js';
import { Activation } from '../../src/nn/activationLayer.js';
import { BatchNorm1d } from '../../src/nn/batchnorm.js';
import { Dropout } from '../../src/nn/dropout.js';
import { LayerNorm } from '../../src/nn/layernorm.js';
import { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/mlp.js';
import { Residual } from '../../src/nn/residual.js';
import { Sequential } from '../../src/nn/sequential.js';
import { Rng } from '../../src/tensor/rng.js';
import { area, forward, forwardPattern } from './regionsHelpers.js';

function fill(a: Float32Array | Float64Array, draw: () => number): void {
  for (let j = 0; j < a.length; j++) a[j] = draw();
}

const square = { x: [-2, 2] as [number, number], y: [-2, 2] as [number, number] };

describe('supported and unsupported layers', () => {
  it('tanh, LayerNorm and sigmoid are refused with the layer’s path and kind', () => {
    const tanhNet = mlp([2, 4, 1], { activation: 'tanh', dtype: 'float64' });
    assert.throws(
      () => linearRegions2d(tanhNet, square),
      (e: unknown) =>
        e instanceof UnsupportedLayerError && e.path === '1' && /layer 1 \(activation/.test(e.message),
    );
    const lnNet = mlp([2, 4, 4, 1], { norm: 'layer', residual: true, dtype: 'float64' });
    assert.throws(
      () => linearRegions2d(lnNet, square),
      (e: unknown) =>
        e instanceof UnsupportedLayerError && e.layerKind === 'layernorm' && /layernorm/.test(e.message),
    );
    const nested = new Sequential([
      new Linear(2, 3, { dtype: 'float64' }),
      new Residual(
        null,
        [new Linear(3, 3, { dtype: 'float64' }), new Activation(3, 'sigmoid', 'float64')],
        'float64',
      ),
    ]);
    assert.throws(() => localAffineMap(nested, [0, 0]), /layer 1\.1 \(activation/);
    assert.ok(new LayerNorm(3, 1e-5, 'float64'));
  });

  it('eval BatchNorm, Dropout, identity, residual blocks and spectral norm are exact', () => {
    const rng = new Rng(3);
    const model = mlp([2, 6, 6, 6, 1], {
      dtype: 'float64',
      norm: 'batch',
      residual: true,
      pDrop: 0.3,
      spectralNorm: true,
      seed: 4,
    });
    for (const layer of model.allLayers()) {
      if (layer instanceof BatchNorm1d) {
        fill(layer.runningMean.data, () => rng.uniformIn(-0.5, 0.5));
        fill(layer.runningVar.data, () => rng.uniformIn(0.5, 2));
        fill(layer.gamma.value.data, () => rng.uniformIn(0.5, 1.5));
      }
      if (layer instanceof Linear && layer.bias) fill(layer.bias.value.data, () => rng.uniformIn(-1, 1));
    }
    assert.ok(model.allLayers().some((l) => l instanceof Dropout));
    assert.ok(model.allLayers().some((l) => l instanceof Residual));
    const { count, regions } = linearRegions2d(model, square);
    assert.ok(count > 10);
    let total = 0;
    for (const r of regions) {
      total += area(r.polygon);
      assert.equal(forwardPattern(model, r.interior), r.pattern);
      const y = forward(model, r.interior)[0];
      const z = r.weight[0][0] * r.interior[0] + r.weight[0][1] * r.interior[1] + r.bias[0];
      assert.ok(Math.abs(z - y) < 1e-11 * Math.max(1, Math.abs(y)), `${z} vs ${y}`);
    }
    assert.ok(Math.abs(total - 16) < 1e-9);
    const withIdentity = new Sequential([
      new Linear(2, 3, { dtype: 'float64' }).setWeights(
        [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
        [0, 0, -1],
      ),
      new Activation(3, 'identity', 'float64'),
      new Activation(3, 'relu', 'float64'),
      new Linear(3, 1, { dtype: 'float64' }).setWeights([[1, 1, 1]], [0]),
    ]);
    assert.equal(linearRegions2d(withIdentity, square).count, 7);
  });
});
