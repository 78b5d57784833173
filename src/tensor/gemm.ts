/**
 * Matrix products, the hot loop of every MLP. Storage is row-major and dense:
 *   C[M×N] = op(A)[M×K] · op(B)[K×N]   (+ C when accumulate)
 * where op(A) = Aᵀ when transA (A then stored K×M), likewise for B (stored N×K).
 *
 * Forward of a Linear layer is y = x·Wᵀ (NT), its backward dx = dy·W (NN) and
 * dW = dyᵀ·x (TN): all three combinations are on the hot path.
 */
import { gemmBlocked } from '../kernels/gemmBlocked.js';
import { gemmLoops } from '../kernels/gemmLoops.js';
import { wasmGemmSync } from '../kernels/wasm/wasmGemm.js';
import type { FloatArray } from './matrix.js';

export { gemmBlocked } from '../kernels/gemmBlocked.js';
export { gemmLoops } from '../kernels/gemmLoops.js';
export {
  createWasmGemm,
  initWasmGemm,
  PARALLEL_MIN_WORK,
  type WasmGemmOptions,
  wasmGemmSync,
  wasmSimdSupported,
} from '../kernels/wasm/wasmGemm.js';
export { defaultGemmThreads } from '../kernels/wasm/wasmThreads.js';

export type GemmKernel = (
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: FloatArray,
  B: FloatArray,
  C: FloatArray,
  accumulate: boolean,
) => void;

/** The living definition: a plain triple loop every faster kernel is tested against. */
export const gemmReference: GemmKernel = (transA, transB, M, N, K, A, B, C, accumulate) => {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const a = transA ? A[k * M + i] : A[i * K + k];
        const b = transB ? B[j * K + k] : B[k * N + j];
        s += a * b;
      }
      C[i * N + j] = accumulate ? C[i * N + j] + s : s;
    }
  }
};

/**
 * Dispatch thresholds on the multiply-add count M·N·K, measured with
 * bench/kernels/gemm.bench.ts: a wasm call (operand copies included) costs
 * about 0.3 µs, as much as one to two hundred multiply-adds in the plain loops,
 * and packing pays off for the blocked TypeScript kernel from a few hundred.
 * The 2-8-8-1 batch-10 network's products are 80 to 640 multiply-adds; the
 * 784-256-256-10 batch-128 ones are millions.
 */
export const WASM_MIN_WORK = 256;
export const BLOCKED_MIN_WORK = 512;

/**
 * A native matrix product (the system BLAS, src/kernels/native/, installed by
 * the Node entry) and the multiply-adds M·N·K from which it takes a product of
 * each precision: a fixed table, so the same inputs always take the same path.
 */
export interface NativeGemm {
  readonly kernel: GemmKernel;
  readonly minWork32: number;
  readonly minWork64: number;
}

let native: NativeGemm | null = null;

/** Installs (or with null removes) the native product gemmAuto hands large products to; returns the previous one. */
export function setNativeGemm(next: NativeGemm | null): NativeGemm | null {
  const previous = native;
  native = next;
  return previous;
}

/** The native product gemmAuto uses, or null: then it is the same in Node as in a browser. */
export function nativeGemm(): NativeGemm | null {
  return native;
}

/**
 * The default kernel, choosing per call: with a native product installed,
 * products from its minimum work go there; float32 products from
 * WASM_MIN_WORK run in WebAssembly SIMD when the runtime has it (compiled on
 * first use; on a browser's main thread await initWasmGemm() first), others
 * from BLOCKED_MIN_WORK in the cache-blocked TypeScript kernel, the rest in
 * the plain loops.
 */
export const gemmAuto: GemmKernel = (transA, transB, M, N, K, A, B, C, accumulate) => {
  const work = M * N * K;
  const f32 = A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array;
  if (
    native !== null &&
    (f32
      ? work >= native.minWork32
      : work >= native.minWork64 &&
        A instanceof Float64Array &&
        B instanceof Float64Array &&
        C instanceof Float64Array)
  ) {
    native.kernel(transA, transB, M, N, K, A, B, C, accumulate);
    return;
  }
  let kernel = work < BLOCKED_MIN_WORK ? gemmLoops : gemmBlocked;
  if (work >= WASM_MIN_WORK && f32) kernel = wasmGemmSync() ?? kernel;
  kernel(transA, transB, M, N, K, A, B, C, accumulate);
};

let active: GemmKernel = gemmAuto;

/** The kernel every layer calls: gemmAuto unless setGemmKernel installed another. */
export function gemm(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: FloatArray,
  B: FloatArray,
  C: FloatArray,
  accumulate = false,
): void {
  active(transA, transB, M, N, K, A, B, C, accumulate);
}

/** Whether gemm() runs gemmAuto, i.e. no setGemmKernel override is installed. */
export function gemmIsAuto(): boolean {
  return active === gemmAuto;
}

/** Installs `kernel` for every later gemm() call and returns the one it replaces (to restore it). */
export function setGemmKernel(kernel: GemmKernel): GemmKernel {
  const previous = active;
  active = kernel;
  return previous;
}
