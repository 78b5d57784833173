import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import type { Task } from '../../src/data/dataset.js';
import { type Standardizer, standardize } from '../../src/data/standardize.js';
import type { LoadedModel } from '../../src/io/modelFile.js';
import { modelToOnnx } from '../../src/io/onnx/export.js';
import { decodeModel } from '../../src/io/onnx/schema.js';
import { activationNames } from '../../src/nn/activations.js';
import { BatchNorm1d } from '../../src/nn/batchnorm.js';
import type { ActivationName } from '../../src/nn/layer.js';
import { type MlpOptions, mlp } from '../../src/nn/mlp.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { zeros } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { sigmoid } from '../../src/tensor/special.js';

/** What `mlp-lab predict` computes for a batch: the net on standardised inputs, then sigmoid or softmax. */
function predictLikeCli(loaded: LoadedModel, x: Float32Array, rows: number): number[] {
  const m = zeros(rows, loaded.model.nIn, loaded.model.dtype);
  m.data.set(x);
  const out = loaded.model.predict(loaded.standardizer ? standardize(loaded.standardizer, m) : m);
  const values = Array.from(out.data);
  if (loaded.metadata.task === 'binary') return values.map(sigmoid);
  if (loaded.metadata.task !== 'multiclass') return values;
  const probs: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = values.slice(r * out.cols, (r + 1) * out.cols);
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const s = e.reduce((a, b) => a + b, 0);
    probs.push(...e.map((v) => v / s));
  }
  return probs;
}

/** Random running statistics, so the exported BatchNormalization has something to get wrong. */
function randomizeBatchNorm(model: Sequential, rng: Rng): void {
  const visit = (layers: readonly { children?: readonly unknown[] }[]) => {
    for (const layer of layers) {
      if (layer instanceof BatchNorm1d) {
        for (let j = 0; j < layer.nIn; j++) {
          layer.runningMean.data[j] = rng.normal(0, 0.5);
          layer.runningVar.data[j] = 0.5 + rng.uniform();
          layer.gamma.value.data[j] = 1 + rng.normal(0, 0.2);
          layer.beta.value.data[j] = rng.normal(0, 0.2);
        }
      }
      if (layer.children) visit(layer.children as { children?: readonly unknown[] }[]);
    }
  };
  visit(model.layers as unknown as { children?: readonly unknown[] }[]);
}

async function compare(sizes: number[], options: MlpOptions, task: Task, seed: number): Promise<number> {
  const rng = new Rng(seed);
  const model = mlp(sizes, { seed, ...options });
  randomizeBatchNorm(model, rng);
  const nIn = sizes[0]!;
  const standardizer: Standardizer = {
    mean: Array.from({ length: nIn }, () => rng.normal(0, 2)),
    std: Array.from({ length: nIn }, () => 0.5 + rng.uniform() * 2),
  };
  const loaded: LoadedModel = { model, metadata: { task }, standardizer };
  const bytes = modelToOnnx(loaded);
  const session = await ort.InferenceSession.create(bytes);
  const rows = 17;
  const x = new Float32Array(rows * nIn);
  for (let i = 0; i < x.length; i++) x[i] = standardizer.mean[i % nIn]! + rng.normal(0, 3);
  const result = await session.run({ input: new ort.Tensor('float32', x, [rows, nIn]) });
  const want = predictLikeCli(loaded, x, rows);
  const got = result.output!.data as Float32Array;
  const logits = result.logits!.data as Float32Array;
  assert.equal(got.length, want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!)));
  }
  if (task === 'regression') assert.deepEqual(Array.from(logits), Array.from(got));
  return worst;
}

const TOLERANCE = 1e-4;

describe('ONNX export under onnxruntime', () => {
  for (const activation of activationNames as ActivationName[]) {
    it(`${activation}: outputs agree with mlp-lab within float32 tolerance`, async () => {
      const worst = await compare([3, 16, 12, 2], { activation }, 'regression', 1);
      assert.ok(worst < TOLERANCE, `relative error ${worst}`);
    });
  }

  it('leaky_relu and elu keep their alpha', async () => {
    for (const name of ['leaky_relu', 'elu'] as const) {
      const worst = await compare([2, 8, 1], { activation: { name, alpha: 0.3 } }, 'regression', 2);
      assert.ok(worst < TOLERANCE, `${name}: relative error ${worst}`);
    }
  });

  for (const [label, options] of [
    ['batchnorm', { activation: 'relu', norm: 'batch' }],
    ['layernorm', { activation: 'tanh', norm: 'layer' }],
    ['residual + layernorm', { activation: 'gelu', norm: 'layer', residual: true }],
    ['residual + batchnorm', { activation: 'relu', norm: 'batch', residual: true }],
    ['dropout', { activation: 'relu', pDrop: 0.5 }],
    ['spectral norm', { activation: 'relu', spectralNorm: true }],
  ] as Array<[string, MlpOptions]>) {
    it(`${label}: outputs agree`, async () => {
      const worst = await compare([4, 16, 16, 16, 3], options, 'regression', 3);
      assert.ok(worst < TOLERANCE, `relative error ${worst}`);
    });
  }

  it('binary and multiclass models end in Sigmoid and Softmax, with the logits as a second output', async () => {
    assert.ok((await compare([2, 8, 1], { activation: 'relu' }, 'binary', 4)) < TOLERANCE);
    assert.ok((await compare([2, 8, 5], { activation: 'relu' }, 'multiclass', 5)) < TOLERANCE);
    const decoded = decodeModel(
      modelToOnnx({ model: mlp([2, 8, 5], { seed: 1 }), metadata: { task: 'multiclass' } }),
    );
    const ops = decoded.graph!.node!.map((n) => n.opType);
    assert.equal(ops.at(-1), 'Softmax');
    assert.deepEqual(
      decoded.graph!.output!.map((o) => o.name),
      ['output', 'logits'],
    );
    assert.equal(decoded.opsetImport![0]!.version, 17);
  });

  it('HardSigmoid carries PyTorch constants, not the ONNX default alpha 0.2', () => {
    const decoded = decodeModel(
      modelToOnnx({ model: mlp([1, 4, 1], { activation: 'hard_sigmoid' }), metadata: {} }),
    );
    const node = decoded.graph!.node!.find((n) => n.opType === 'HardSigmoid')!;
    const attr = Object.fromEntries(node.attribute!.map((a) => [a.name, a.f]));
    assert.ok(Math.abs(attr.alpha! - 1 / 6) < 1e-7 && attr.beta === 0.5);
  });

  it('refuses a layer ONNX export does not cover, naming it', () => {
    const model = mlp([2, 4, 1], { embed: [{ column: 0, categories: 3, dim: 2 }] });
    assert.throws(() => modelToOnnx({ model, metadata: {} }), /embedding layers have no ONNX export/);
  });
});
