import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { standardize } from '../../src/data/standardize.js';
import type { LoadedModel } from '../../src/io/modelFile.js';
import { modelToOnnx } from '../../src/io/onnx/export.js';
import { onnxToModel } from '../../src/io/onnx/import.js';
import { DATA_TYPE, encodeModel, type NodeJson, type TensorJson } from '../../src/io/onnx/schema.js';
import type { ActivationName } from '../../src/nn/layer.js';
import { type MlpOptions, mlp } from '../../src/nn/mlp.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { fromRows } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

function outputs(
  model: Sequential,
  x: number[][],
  standardizer?: { mean: readonly number[]; std: readonly number[] },
) {
  const m = fromRows(x, model.dtype);
  return Array.from(model.predict(standardizer ? standardize(standardizer, m) : m).data);
}

function randomRows(rng: Rng, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal(0, 2)));
}

function assertClose(a: number[], b: number[], tol: number) {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++)
    assert.ok(Math.abs(a[i]! - b[i]!) <= tol * Math.max(1, Math.abs(b[i]!)), `${i}: ${a[i]} vs ${b[i]}`);
}

describe('ONNX import: mlp-lab → ONNX → mlp-lab', () => {
  const kinds: Array<[string, MlpOptions]> = [
    ...(
      [
        'identity',
        'relu',
        'leaky_relu',
        'elu',
        'silu',
        'softplus',
        'sigmoid',
        'tanh',
        'hard_sigmoid',
        'hard_tanh',
        'sin',
      ] as ActivationName[]
    ).map((a) => [a, { activation: a }] as [string, MlpOptions]),
    ['batchnorm', { activation: 'relu', norm: 'batch' }],
    ['layernorm', { activation: 'tanh', norm: 'layer' }],
    ['residual + layernorm', { activation: 'relu', norm: 'layer', residual: true }],
    ['spectral norm', { activation: 'relu', spectralNorm: true }],
  ];
  for (const [label, options] of kinds) {
    it(`${label}: the imported model computes what the original does`, () => {
      const rng = new Rng(7);
      const model = mlp([3, 12, 12, 12, 2], { seed: 7, ...options });
      const standardizer = { mean: [1, -2, 0.5], std: [2, 0.5, 1] };
      const loaded: LoadedModel = { model, metadata: { task: 'regression', standardizer }, standardizer };
      const imported = onnxToModel(modelToOnnx(loaded));
      assert.deepEqual(imported.metadata.standardizer, standardizer);
      const x = randomRows(rng, 9, 3);
      assertClose(outputs(imported.model, x, standardizer), outputs(model, x, standardizer), 1e-5);
      // Identity layers compute nothing and leave no layer behind; every other layer comes back as it was.
      const kinds = (m: Sequential) =>
        JSON.stringify(
          m.spec().layers.filter((l) => !(l.kind === 'activation' && l.activation === 'identity')),
          (k, v) => (k === 'spectralNorm' || k === 'momentum' ? undefined : v),
        );
      assert.equal(kinds(imported.model), kinds(model));
    });
  }

  it('keeps the task and class names, and reads the logits, not the probabilities', () => {
    const model = mlp([2, 6, 3], { seed: 2 });
    const loaded: LoadedModel = { model, metadata: { task: 'multiclass', classes: ['a', 'b', 'c'] } };
    const imported = onnxToModel(modelToOnnx(loaded));
    assert.equal(imported.metadata.task, 'multiclass');
    assert.deepEqual(imported.metadata.classes, ['a', 'b', 'c']);
    const x = [[0.3, -1]];
    assert.deepEqual(outputs(imported.model, x), outputs(model, x));
  });
});

/** A float32 initializer as torch.onnx.export writes it (raw little-endian bytes). */
const init = (name: string, dims: number[], values: number[]): TensorJson => ({
  name,
  dims,
  dataType: DATA_TYPE.FLOAT,
  rawData: new Uint8Array(Float32Array.from(values).buffer),
});

function graphBytes(nodes: NodeJson[], initializer: TensorJson[], output: string, nIn = 2): Uint8Array {
  const info = (name: string, width?: number) => ({
    name,
    type: {
      tensorType: {
        elemType: 1,
        shape: { dim: [{ dimParam: 'batch' }, ...(width ? [{ dimValue: width }] : [])] },
      },
    },
  });
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'pytorch',
    graph: {
      name: 'torch_jit',
      node: nodes,
      initializer,
      input: [info('onnx::Gemm_0', nIn)],
      output: [info(output)],
    },
  });
}

describe('ONNX import of PyTorch-shaped graphs', () => {
  // nn.Sequential(nn.Linear(2, 3), nn.LeakyReLU(0.2), nn.Linear(3, 2), nn.Softmax(-1)), as torch 1.13 exports it.
  const W1 = [1, -2, 0.5, 3, -1, 0.25];
  const b1 = [0.1, -0.2, 0.3];
  const W2 = [2, -1, 0.5, -0.5, 1, 1.5];
  const b2 = [0, 0.5];
  const sequential = graphBytes(
    [
      {
        opType: 'Gemm',
        name: '/0/Gemm',
        input: ['onnx::Gemm_0', '0.weight', '0.bias'],
        output: ['/0/Gemm_output_0'],
        attribute: [
          { name: 'alpha', type: 1, f: 1 },
          { name: 'beta', type: 1, f: 1 },
          { name: 'transB', type: 2, i: 1 },
        ],
      },
      {
        opType: 'LeakyRelu',
        name: '/1/LeakyRelu',
        input: ['/0/Gemm_output_0'],
        output: ['/1/LeakyRelu_output_0'],
        attribute: [{ name: 'alpha', type: 1, f: 0.2 }],
      },
      {
        opType: 'Gemm',
        name: '/2/Gemm',
        input: ['/1/LeakyRelu_output_0', '2.weight', '2.bias'],
        output: ['/2/Gemm_output_0'],
        attribute: [{ name: 'transB', type: 2, i: 1 }],
      },
      {
        opType: 'Softmax',
        name: '/3/Softmax',
        input: ['/2/Gemm_output_0'],
        output: ['5'],
        attribute: [{ name: 'axis', type: 2, i: -1 }],
      },
    ],
    [
      init('0.weight', [3, 2], W1),
      init('0.bias', [3], b1),
      init('2.weight', [2, 3], W2),
      init('2.bias', [2], b2),
    ],
    '5',
  );

  it('reads Gemm + LeakyRelu + Softmax into a multiclass mlp with the same logits', () => {
    const { model, metadata } = onnxToModel(sequential);
    assert.equal(metadata.task, 'multiclass');
    const x = [1.5, -0.5];
    const h = [0, 1, 2].map((i) => {
      const z = W1[2 * i]! * x[0]! + W1[2 * i + 1]! * x[1]! + b1[i]!;
      return z > 0 ? z : 0.2 * z;
    });
    const want = [0, 1].map(
      (o) => W2[3 * o]! * h[0]! + W2[3 * o + 1]! * h[1]! + W2[3 * o + 2]! * h[2]! + b2[o]!,
    );
    assertClose(outputs(model, [x]), want, 1e-6);
  });

  it('reads MatMul + Add with Constant nodes, Gemm without transB, Flatten and Dropout', () => {
    const bytes = graphBytes(
      [
        { opType: 'Flatten', name: 'flatten', input: ['onnx::Gemm_0'], output: ['f'] },
        {
          opType: 'Constant',
          name: 'c',
          output: ['W'],
          attribute: [{ name: 'value', type: 4, t: init('', [2, 3], [1, 2, 3, 4, 5, 6]) }],
        },
        { opType: 'MatMul', name: 'mm', input: ['f', 'W'], output: ['m'] },
        { opType: 'Add', name: 'add', input: ['B', 'm'], output: ['a'] },
        { opType: 'Tanh', name: 'tanh', input: ['a'], output: ['t'] },
        { opType: 'Dropout', name: 'drop', input: ['t'], output: ['d'] },
        { opType: 'Gemm', name: 'g', input: ['d', 'W2'], output: ['y'] },
      ],
      [init('B', [3], [0.5, 0, -0.5]), init('W2', [3, 1], [1, -1, 2])],
      'y',
    );
    const { model, metadata } = onnxToModel(bytes);
    assert.equal(metadata.task, 'regression');
    const x = [0.2, -0.1];
    const h = [0, 1, 2].map((j) =>
      Math.tanh(x[0]! * [1, 2, 3][j]! + x[1]! * [4, 5, 6][j]! + [0.5, 0, -0.5][j]!),
    );
    assertClose(outputs(model, [x]), [h[0]! - h[1]! + 2 * h[2]!], 1e-6);
  });

  it('refuses an unsupported op with a message naming it', () => {
    const bytes = graphBytes(
      [
        {
          opType: 'Gemm',
          name: '/0/Gemm',
          input: ['onnx::Gemm_0', 'w', 'b'],
          output: ['g'],
          attribute: [{ name: 'transB', type: 2, i: 1 }],
        },
        { opType: 'Selu', name: '/1/Selu', input: ['g'], output: ['s'] },
      ],
      [init('w', [1, 2], [1, 1]), init('b', [1], [0])],
      's',
    );
    assert.throws(
      () => onnxToModel(bytes, 'net.onnx'),
      /net\.onnx: unsupported ONNX op 'Selu' \(node \/1\/Selu\)/,
    );
    assert.throws(() => onnxToModel(new Uint8Array([1, 2, 3, 4, 5]), 'junk.onnx'), /junk\.onnx/);
  });

  it("refuses a HardSigmoid with ONNX default constants, which is not PyTorch's", () => {
    const bytes = graphBytes(
      [
        {
          opType: 'Gemm',
          name: 'g',
          input: ['onnx::Gemm_0', 'w'],
          output: ['g'],
          attribute: [{ name: 'transB', type: 2, i: 1 }],
        },
        { opType: 'HardSigmoid', name: 'hs', input: ['g'], output: ['h'] },
      ],
      [init('w', [1, 2], [1, 1])],
      'h',
    );
    assert.throws(() => onnxToModel(bytes), /alpha 0\.2.*PyTorch's/);
  });
});
