/**
 * Large float32 activation layers run relu, leaky_relu and tanh in WebAssembly
 * SIMD (src/kernels/wasm/wasmVector.ts): they must give the TypeScript
 * passes' bits, forward and backward, at every length around the threshold
 * and as the kernel's memory grows, edge values included.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WASM_VECTOR_MAX, wasmVector } from '../../src/kernels/wasm/wasmVector.js';
import { Activation } from '../../src/nn/activationLayer.js';
import { activations } from '../../src/nn/activations.js';
import type { ActivationSpec } from '../../src/nn/layer.js';
import { WASM_ACTIVATION_MIN } from '../../src/tensor/elementwise.js';
import { fromData, type Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { sumColumns } from '../../src/tensor/rowops.js';

const EDGES = [
  -0,
  0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -9.1,
  9.2,
  1e-38,
  -1e-45,
];

function values(rng: Rng, n: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = i < EDGES.length ? EDGES[i] : rng.normal() * scale;
  return out;
}

function assertSameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++)
    assert.ok(Object.is(got[i], want[i]), `${what}[${i}]: wasm ${got[i]}, TypeScript ${want[i]}`);
}

/** One forward and backward of layer over rows×nIn values against the TypeScript passes. */
function checkLayer(layer: Activation, rows: number, rng: Rng): void {
  const n = rows * layer.nIn;
  const what = `${layer.name} over ${rows}×${layer.nIn}`;
  const x = fromData(rows, layer.nIn, values(rng, n, 3));
  const y = layer.forward(x);
  const wantY = new Float32Array(n);
  activations[layer.name].forward(wantY, x.data, n, layer.alpha);
  assertSameBits(y.data, wantY, `${what} forward`);
  const dy = fromData(rows, layer.nIn, values(rng, n, 1).reverse());
  const dx = (layer.backward(dy, true) as Matrix).data;
  const wantDx = new Float32Array(n);
  activations[layer.name].backward(wantDx, dy.data, x.data, wantY, n, layer.alpha);
  assertSameBits(dx, wantDx, `${what} backward`);
}

describe('wasm activations', () => {
  it('are available here (WebAssembly SIMD in Node 20)', () => {
    assert.notEqual(wasmVector(), null);
  });

  const specs: ActivationSpec[] = ['relu', 'tanh', 'leaky_relu', { name: 'leaky_relu', alpha: 0.3 }];
  for (const spec of specs) {
    const name = typeof spec === 'string' ? spec : `${spec.name}(${spec.alpha})`;
    it(`${name}: the TypeScript bits, forward and backward, for lengths around the threshold and growing`, () => {
      const rng = new Rng(31);
      const cols = 7;
      for (const rows of [146, 147, 148, 149, 1000, 3]) checkLayer(new Activation(cols, spec), rows, rng);
      assert.ok(146 * cols < WASM_ACTIVATION_MIN && 147 * cols >= WASM_ACTIVATION_MIN);
    });
  }

  it('keeps lengths apart once the memory is large, and leaves passes over the cap to TypeScript', () => {
    const rng = new Rng(5);
    // 1.2 M values per region: output views sit past 2^20 floats, where a key mixing offset and length would collide.
    checkLayer(new Activation(4096, 'relu'), 300, rng);
    const narrow = new Activation(1, 'relu');
    for (const rows of [2048, 2049, 2048, 2047, 2049]) checkLayer(narrow, rows, rng);
    const wide = new Activation(1024, 'tanh');
    checkLayer(wide, WASM_VECTOR_MAX / 1024 + 1, rng);
    checkLayer(wide, 1, rng);
  });

  it("column sums (a Linear's bias gradient): sumColumns' bits for odd widths, with the last row's vector running past x", () => {
    const kernel = wasmVector();
    assert.ok(kernel);
    const rng = new Rng(8);
    for (const [rows, cols] of [
      [1, 1],
      [3, 5],
      [205, 5],
      [128, 10],
      [128, 256],
      [4, 257],
      [1000, 3],
    ]) {
      const x = values(rng, rows * cols, 100);
      const want = new Float32Array(cols);
      sumColumns(want, x, rows, cols);
      const got = new Float32Array(cols).fill(Number.NaN);
      assert.ok(kernel.columnSums(got, x, rows, cols));
      assertSameBits(got, want, `column sums of ${rows}×${cols}`);
    }
    // No rows: zeros, even for more columns than the kernel's regions hold so far.
    const wide = new Float32Array(20_000).fill(Number.NaN);
    assert.ok(kernel.columnSums(wide, new Float32Array(0), 0, wide.length));
    assert.ok(wide.every((v) => Object.is(v, 0)));
  });
});
