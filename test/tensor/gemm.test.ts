/**
 * Every GEMM kernel against gemmReference (computed in float64 on the same
 * inputs) on random shapes, including sizes that are not multiples of any tile,
 * all four transpose cases, with and without accumulation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  createWasmGemm,
  PARALLEL_MIN_WORK,
  wasmGemmSync,
  wasmSimdSupported,
} from '../../src/kernels/wasm/wasmGemm.js';
import { type GemmKernel, gemmAuto, gemmBlocked, gemmLoops, gemmReference } from '../../src/tensor/gemm.js';
import type { FloatArray } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

/** Odd sizes around the tile and block edges (MR 4, NR 8/4, KC 256, skinny paths at ≤ 4). */
const arbSize = fc.oneof(
  fc.constantFrom(1, 2, 3, 4, 5, 7, 8, 9, 17, 33, 65, 129, 257),
  fc.integer({ min: 1, max: 300 }),
);

interface Case {
  readonly seed: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly accumulate: boolean;
  /** Elements before each operand in its buffer: kernels must honour typed-array views. */
  readonly offset: number;
}

// Keeps the float64 reference cheap: M·N·K at most ~2.2M multiply-adds.
const arbCase: fc.Arbitrary<Case> = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    transA: fc.boolean(),
    transB: fc.boolean(),
    M: arbSize,
    N: arbSize,
    K: arbSize,
    accumulate: fc.boolean(),
    offset: fc.constantFrom(0, 1, 3),
  })
  .filter((c) => c.M * c.N * c.K <= 2_200_000);

type Make = (n: number) => FloatArray;
const f32: Make = (n) => new Float32Array(n);
const f64: Make = (n) => new Float64Array(n);

/** A length-n view starting `offset` elements into a larger buffer, filled from rng. */
function view(make: Make, n: number, offset: number, rng: Rng): FloatArray {
  const whole = make(n + offset + 2);
  rng.fillUniform(whole, -1, 1);
  return whole.subarray(offset, offset + n);
}

/**
 * Runs `kernel` on one case and checks each entry against the float64 reference
 * within the standard forward bound (K+2)·u·(Σ_k |a||b| + |C₀|), u the unit roundoff.
 */
function checkCase(kernel: GemmKernel, make: Make, c: Case): void {
  const { transA, transB, M, N, K, accumulate } = c;
  const rng = new Rng(c.seed);
  const A = view(make, M * K, c.offset, rng);
  const B = view(make, K * N, c.offset, rng);
  const C = view(make, M * N, c.offset, rng);
  // Without accumulation the kernel must overwrite C entirely, whatever was there.
  if (!accumulate) C.fill(Number.NaN);
  const A0 = Float64Array.from(A);
  const B0 = Float64Array.from(B);
  const C0 = Float64Array.from(C);
  const expected = Float64Array.from(C0);
  gemmReference(transA, transB, M, N, K, A0, B0, expected, accumulate);
  const magnitude = accumulate ? C0.map(Math.abs) : new Float64Array(M * N);
  gemmReference(transA, transB, M, N, K, A0.map(Math.abs), B0.map(Math.abs), magnitude, true);
  const u = make === f32 ? 2 ** -24 : 2 ** -53;

  kernel(transA, transB, M, N, K, A, B, C, accumulate);

  for (let i = 0; i < M * N; i++) {
    const tol = (K + 2) * u * magnitude[i] + Number.MIN_VALUE;
    const err = Math.abs(C[i] - expected[i]);
    if (!(err <= tol)) {
      assert.fail(
        `C[${Math.floor(i / N)},${i % N}] = ${C[i]}, expected ${expected[i]} ± ${tol} ` +
          `(transA ${transA}, transB ${transB}, ${M}x${N}x${K}, accumulate ${accumulate})`,
      );
    }
  }
  assert.deepEqual(Float64Array.from(A), A0, 'A must not change');
  assert.deepEqual(Float64Array.from(B), B0, 'B must not change');
}

const wasm = wasmGemmSync();
const wasmSingle = createWasmGemm({ threads: 1 });
// Three threads on any machine: parts of uneven size, two of them in workers.
const wasmThreaded = createWasmGemm({ threads: 3 });

const kernels: [string, GemmKernel, Make[]][] = [
  ['gemmLoops', gemmLoops, [f32, f64]],
  ['gemmBlocked', gemmBlocked, [f32, f64]],
  ['gemmAuto', gemmAuto, [f32, f64]],
  ['wasm, one thread', wasmSingle, [f32, f64]],
  ['wasm, three threads', wasmThreaded, [f32]],
];

describe('gemm kernels against gemmReference', () => {
  it('Node 20 has WebAssembly SIMD, so the default wasm kernel loads', () => {
    assert.equal(wasmSimdSupported(), true);
    assert.notEqual(wasm, null);
  });

  for (const [name, kernel, makes] of kernels) {
    for (const make of makes) {
      const dtype = make === f32 ? 'float32' : 'float64';
      it(`${name} (${dtype}): random shapes, all transposes, accumulate on/off`, () => {
        fc.assert(
          fc.property(arbCase, (c) => checkCase(kernel, make, c)),
          { seed: 4242, numRuns: dtype === 'float32' ? 60 : 25 },
        );
      });
    }
  }

  it('every kernel handles each transpose case on the tile-edge sizes 1, 7, 17, 33 and 65', () => {
    const sizes = [1, 7, 17, 33, 65];
    let seed = 1;
    for (const [, kernel] of kernels) {
      for (const M of sizes) {
        for (const N of sizes) {
          for (const transA of [false, true]) {
            for (const transB of [false, true]) {
              const K = sizes[(M + N) % sizes.length];
              checkCase(kernel, f32, {
                seed: seed++,
                transA,
                transB,
                M,
                N,
                K,
                accumulate: seed % 2 === 0,
                offset: 1,
              });
            }
          }
        }
      }
    }
  });

  it('K = 0 gives zeros, or leaves C unchanged when accumulating', () => {
    for (const [name, kernel] of kernels) {
      const C = Float32Array.of(5, 6, 7, 8, 9, 10);
      kernel(false, false, 2, 3, 0, new Float32Array(0), new Float32Array(0), C, true);
      assert.deepEqual(Array.from(C), [5, 6, 7, 8, 9, 10], name);
      kernel(true, true, 2, 3, 0, new Float32Array(0), new Float32Array(0), C, false);
      assert.deepEqual(Array.from(C), [0, 0, 0, 0, 0, 0], name);
    }
  });
});

describe('wasm kernel threads', () => {
  it('splits products above PARALLEL_MIN_WORK by rows and by columns without changing the result', () => {
    const shapes: [number, number, number][] = [
      [300, 70, 60],
      [65, 257, 70],
      [129, 129, 129],
      [1030, 130, 8],
      [8, 1030, 130],
    ];
    let seed = 500;
    for (const [M, N, K] of shapes) {
      assert.ok(M * N * K >= PARALLEL_MIN_WORK);
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const c: Case = { seed: seed++, transA, transB, M, N, K, accumulate: seed % 2 === 0, offset: 0 };
          checkCase(wasmThreaded, f32, c);
        }
      }
    }
  });

  // Parts split the wider side of C and keep the k order of every sum, so the
  // bits do not depend on how many cores a machine has.
  it('gives the same bits with one thread and with three', () => {
    const rng = new Rng(77);
    const shapes: [number, number, number][] = [
      [128, 256, 784],
      [128, 784, 256],
      [256, 784, 128],
      [1024, 256, 256],
      [333, 97, 211],
    ];
    for (const [M, N, K] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const A = view(f32, M * K, 0, rng);
          const B = view(f32, K * N, 0, rng);
          const one = new Float32Array(M * N);
          const three = new Float32Array(M * N);
          wasmSingle(transA, transB, M, N, K, A, B, one, false);
          wasmThreaded(transA, transB, M, N, K, A, B, three, false);
          assert.deepEqual(three, one, `${M}x${N}x${K} transA ${transA} transB ${transB}`);
        }
      }
    }
  });
});

describe('wasm kernel memory', () => {
  it('stays correct as its memory grows and shrinks back to small products', () => {
    // A fresh kernel, so that the first product runs before any growth: the view
    // of C it caches for its size is detached by the growth and must not be
    // reused when that size comes back last.
    const kernel = createWasmGemm({ threads: 1 });
    const shapes: [number, number, number][] = [
      [65, 33, 17],
      [3, 5, 7],
      [257, 129, 300],
      [600, 600, 20],
      [2, 2, 2],
      [65, 33, 17],
    ];
    shapes.forEach(([M, N, K], i) => {
      checkCase(kernel, f32, {
        seed: 90 + i,
        transA: i % 2 === 1,
        transB: i > 2,
        M,
        N,
        K,
        accumulate: i === 3,
        offset: 0,
      });
    });
  });
});
