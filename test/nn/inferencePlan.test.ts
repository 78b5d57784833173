/**
 * Sequential.infer() (src/nn/inferencePlan.ts): hidden activations resident
 * in WebAssembly memory, activated in place. It must give forward()'s
 * evaluation-mode bits on both matrix-product backends (native BLAS when it
 * loads, WebAssembly), across activations, bias-less and narrow layers,
 * batches split into chunks, and changed weights; leave the instruments'
 * view of the latest forward alone; and fall back to forward() for models
 * it does not cover.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { backendInfo, installNativeBlas } from '../../src/kernels/native/install.node.js';
import { Activation } from '../../src/nn/activationLayer.js';
import { RESIDENT_MAX } from '../../src/nn/inferencePlan.js';
import { Linear } from '../../src/nn/linear.js';
import { type MlpOptions, mlp } from '../../src/nn/mlp.js';
import { Sequential } from '../../src/nn/sequential.js';
import { nativeGemm } from '../../src/tensor/gemm.js';
import { fromData, type Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

after(() => installNativeBlas());

function input(rows: number, cols: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * 2;
  return fromData(rows, cols, data);
}

function assertSameBits(got: Matrix, want: Matrix, what: string): void {
  assert.equal(got.rows, want.rows, `${what}: rows`);
  assert.equal(got.cols, want.cols, `${what}: cols`);
  for (let i = 0; i < want.data.length; i++)
    assert.ok(
      Object.is(got.data[i], want.data[i]),
      `${what}[${i}]: infer ${got.data[i]}, forward ${want.data[i]}`,
    );
}

/** infer(x) against a copy of forward(x) in evaluation mode, with forward run second so it cannot lean on infer's buffers. */
function check(model: Sequential, x: Matrix, what: string): void {
  const got = Float32Array.from(model.infer(x).data);
  const want = model.forward(x, { training: false });
  assertSameBits(fromData(x.rows, model.nOut, got), want, what);
}

const shapes: { sizes: number[]; options: MlpOptions; rows: number[] }[] = [
  { sizes: [784, 256, 256, 10], options: { activation: 'relu' }, rows: [1, 128, 1024] },
  { sizes: [20, 64, 48, 3], options: { activation: 'tanh' }, rows: [2, 300] },
  { sizes: [20, 64, 40, 33], options: { activation: { name: 'leaky_relu', alpha: 0.2 } }, rows: [257] },
  { sizes: [16, 96, 5], options: { activation: 'relu', bias: false }, rows: [200] },
];

for (const backend of ['native', 'wasm'] as const) {
  describe(`Sequential.infer on the ${backend} products`, () => {
    it('the backend is in place', () => {
      installNativeBlas(backend === 'wasm' ? { MLP_LAB_BLAS: 'off' } : process.env);
      assert.equal(
        nativeGemm() !== null,
        backend === 'native',
        `CI installs OpenBLAS (.ci/run); here: ${backendInfo().reason}`,
      );
    });

    it("gives forward()'s bits for relu, tanh, leaky_relu, no bias and narrow layers", () => {
      for (const [s, { sizes, options, rows }] of shapes.entries()) {
        const model = mlp(sizes, { ...options, seed: s + 1 });
        for (const r of rows) check(model, input(r, sizes[0], 10 * s + r), `${sizes.join('-')} × ${r}`);
      }
    });

    it('grows its regions for a larger batch, and keeps the bits past RESIDENT_MAX (where forward() runs)', () => {
      const width = 4096;
      const model = mlp([8, width, 4], { activation: 'relu', seed: 5 });
      for (const rows of [7, RESIDENT_MAX / width, RESIDENT_MAX / width + 1, 9])
        check(model, input(rows, 8, rows), `8-${width}-4 × ${rows}`);
    });

    it('reads the weights as they are at each call, and repeats its bits', () => {
      const model = mlp([30, 64, 64, 2], { activation: 'relu', seed: 8 });
      const x = input(500, 30, 9);
      const first = Float32Array.from(model.infer(x).data);
      assertSameBits(model.infer(x), fromData(500, 2, first), 'second call');
      const w = model.linears()[1].weight.value.data;
      for (let i = 0; i < w.length; i++) w[i] *= -0.5;
      check(model, x, 'after changing a weight matrix');
    });
  });
}

describe('Sequential.infer beside forward()', () => {
  it("leaves the latest forward's activations for the instruments", () => {
    const model = mlp([12, 64, 64, 3], { activation: 'relu', seed: 11 });
    const act = model.layers[1] as Activation;
    model.forward(input(300, 12, 12), { training: false });
    const pre = Float32Array.from(act.lastPass().x.data);
    model.infer(input(300, 12, 13));
    assert.deepEqual(Float32Array.from(act.lastPass().x.data), pre);
  });

  it('runs forward() for models it does not cover: other layers, other activations, float64', () => {
    const models = [
      mlp([10, 64, 3], { activation: 'relu', norm: 'batch', seed: 14 }),
      mlp([10, 64, 3], { activation: 'gelu', seed: 15 }),
      mlp([10, 64, 3], { activation: 'relu', dtype: 'float64', seed: 16 }),
      new Sequential([new Activation(10, 'relu'), new Linear(10, 3)]),
    ];
    for (const [i, model] of models.entries()) {
      const x = input(200, 10, 20 + i);
      const xd = model.dtype === 'float64' ? fromData(200, 10, Float64Array.from(x.data)) : x;
      const got = Float64Array.from(model.infer(xd).data);
      const want = model.forward(xd, { training: false });
      assert.deepEqual(got, Float64Array.from(want.data), `model ${i}`);
    }
  });

  it('says what is wrong with an input of the wrong width', () => {
    const model = mlp([5, 40, 2], { seed: 17 });
    assert.throws(() => model.infer(input(3, 6, 18)), /input has 6 columns, expected 5/);
  });
});
