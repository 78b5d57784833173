/**
 * gemm() dispatch: gemmAuto is the default, setGemmKernel overrides it, and
 * gemmAuto sends each product to the kernel its size and dtype call for
 * (checked bit for bit against that kernel run directly).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wasmGemmSync } from '../../src/kernels/wasm/wasmGemm.js';
import {
  BLOCKED_MIN_WORK,
  type GemmKernel,
  gemm,
  gemmAuto,
  gemmBlocked,
  gemmLoops,
  setGemmKernel,
  WASM_MIN_WORK,
} from '../../src/tensor/gemm.js';
import type { FloatArray } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

function run(kernel: GemmKernel, make: (n: number) => FloatArray, M: number, N: number, K: number) {
  const rng = new Rng(M * 1000 + N * 10 + K);
  const A = make(M * K);
  const B = make(N * K);
  rng.fillUniform(A, -1, 1);
  rng.fillUniform(B, -1, 1);
  const C = make(M * N);
  kernel(false, true, M, N, K, A, B, C, false);
  return Array.from(C);
}

const f32 = (n: number) => new Float32Array(n);
const f64 = (n: number) => new Float64Array(n);

describe('gemm dispatch', () => {
  it('gemm() runs gemmAuto until setGemmKernel installs another, and setGemmKernel returns the previous one', () => {
    const calls: number[] = [];
    const spy: GemmKernel = (tA, tB, M, N, K, A, B, C, acc) => {
      calls.push(M * N * K);
      gemmLoops(tA, tB, M, N, K, A, B, C, acc);
    };
    const previous = setGemmKernel(spy);
    try {
      assert.equal(previous, gemmAuto);
      const C = new Float32Array(4);
      gemm(false, false, 2, 2, 3, Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(1, 0, 0, 1, 1, 1), C);
      assert.deepEqual(calls, [12]);
      assert.deepEqual(Array.from(C), [4, 5, 10, 11]);
    } finally {
      assert.equal(setGemmKernel(previous), spy);
    }
  });

  // Each case names the kernel gemmAuto must match bit for bit and one it must not
  // (the inputs are chosen so that the two kernels round differently).
  it('gemmAuto: tiny products in the loops, float32 from WASM_MIN_WORK in wasm, float64 blocked', () => {
    const wasm = wasmGemmSync();
    assert.ok(wasm);
    assert.ok(WASM_MIN_WORK < BLOCKED_MIN_WORK);
    const cases: [string, (n: number) => FloatArray, number, number, number, GemmKernel, GemmKernel][] = [
      ['tiny float32', f32, 1, 2, 30, gemmLoops, wasm],
      ['float32', f32, 70, 33, 300, wasm, gemmLoops],
      ['float64', f64, 70, 33, 300, gemmBlocked, gemmLoops],
    ];
    for (const [name, make, M, N, K, expected, other] of cases) {
      const got = run(gemmAuto, make, M, N, K);
      assert.deepEqual(got, run(expected, make, M, N, K), name);
      assert.notDeepEqual(
        got,
        run(other, make, M, N, K),
        `${name}: the kernels should round differently here`,
      );
    }
  });
});
