/**
 * The start-up choice of the matrix-product backend in Node. Importing this
 * module (the package's Node entry does) loads the system BLAS and installs it
 * behind gemm() when it loads and a self-check product agrees with the
 * WebAssembly kernel; otherwise gemm() stays on WebAssembly, silently.
 *
 *   MLP_LAB_BLAS=off          never load a native library (bit-for-bit the browser's products)
 *   MLP_LAB_BLAS=/path/lib.so load that library and no other
 *   MLP_LAB_BLAS_THREADS=n    threads the library runs each product on (process-wide)
 */

import { createWasmGemm, type GemmKernel, setNativeGemm, wasmSimdSupported } from '../../tensor/gemm.js';
import { gemmBlocked } from '../gemmBlocked.js';
import { BLAS_CANDIDATES, type Blas, loadBlas } from './blas.node.js';

/**
 * Multiply-adds M·N·K from which a product goes to the native library, per
 * precision, measured once with bench/kernels/crossover.ts (docs/performance.md):
 * below them the FFI call (0.3 to 1.5 µs) and the library's own dispatch cost
 * more than the WebAssembly kernel (float32: 0.1 to 0.5 µs up to 12³) or the
 * blocked TypeScript one (float64: 0.1 to 2.5 µs up to 8³) takes for the whole
 * product; from 16³ (float32) and 12³ (float64) the library wins in every
 * transposition. Fixed, never re-measured at start-up, so the same inputs
 * always take the same path. Small layers keep the fused dense path, which
 * runs before any of this (FUSED_MAX_WORK in src/nn/denseFusion.ts).
 */
export const NATIVE_MIN_WORK_F32 = 4096;
export const NATIVE_MIN_WORK_F64 = 1024;

export interface BackendInfo {
  /** 'native' when gemm() hands large products to the BLAS below, else 'wasm' (or 'typescript' without WebAssembly SIMD). */
  readonly backend: 'native' | 'wasm' | 'typescript';
  /** The library loaded, or null. */
  readonly library: string | null;
  /** The library's build description (OpenBLAS's config string), or ''. */
  readonly config: string;
  /** Threads the library runs a product on (0 without one). */
  readonly threads: number;
  /** Why there is no native backend, when there is none. */
  readonly reason: string;
}

let blas: Blas | null = null;
let reason = 'not initialised';

/**
 * A product of each transposition in both precisions, against the WebAssembly
 * kernel (float32) and the blocked TypeScript kernel (float64): a library that
 * loads but computes something else (wrong ABI, broken build) is refused.
 */
function agrees(b: Blas): boolean {
  const [M, N, K] = [37, 29, 23];
  // One thread: the default kernel would start its helper threads at every import, for a 25k multiply-add check.
  const wasm: GemmKernel = wasmSimdSupported() ? createWasmGemm({ threads: 1 }) : gemmBlocked;
  for (const [make, reference, tol] of [
    [(n: number) => new Float32Array(n), wasm, 1e-5],
    [(n: number) => new Float64Array(n), gemmBlocked, 1e-12],
  ] as const) {
    const A = make(M * K);
    const B = make(K * N);
    for (let i = 0; i < A.length; i++) A[i] = Math.sin(i * 0.37);
    for (let i = 0; i < B.length; i++) B[i] = Math.cos(i * 0.11);
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const got = make(M * N).fill(0.5);
        const want = make(M * N).fill(0.5);
        b.gemm(transA, transB, M, N, K, A, B, got, true);
        reference(transA, transB, M, N, K, A, B, want, true);
        for (let i = 0; i < want.length; i++) {
          if (!(Math.abs(got[i] - want[i]) <= tol * Math.max(1, Math.abs(want[i])))) return false;
        }
      }
    }
  }
  return true;
}

function tryLoad(path: string): Blas | string {
  let b: Blas;
  try {
    b = loadBlas(path);
  } catch (e) {
    return `${path}: ${(e as Error).message.split('\n')[0]}`;
  }
  return agrees(b) ? b : `${path}: its self-check product disagrees with the WebAssembly kernel`;
}

/**
 * Chooses the backend from the environment (MLP_LAB_BLAS, MLP_LAB_BLAS_THREADS)
 * and installs it behind gemm(); runs once when this module loads, and again
 * only when called (tests, tools). Never throws: without a usable library
 * gemm() keeps its WebAssembly path and backendInfo() says why.
 */
export function installNativeBlas(env: Record<string, string | undefined> = process.env): BackendInfo {
  const choice = env.MLP_LAB_BLAS?.trim() ?? '';
  blas = null;
  setNativeGemm(null);
  if (choice.toLowerCase() === 'off') {
    reason = 'MLP_LAB_BLAS=off';
  } else {
    const failures: string[] = [];
    for (const path of choice ? [choice] : BLAS_CANDIDATES) {
      const loaded = tryLoad(path);
      if (typeof loaded === 'string') failures.push(loaded);
      else {
        blas = loaded;
        break;
      }
    }
    reason = blas ? '' : `no usable BLAS (${failures.join('; ')})`;
  }
  if (blas) {
    const threads = Number(env.MLP_LAB_BLAS_THREADS);
    if (Number.isInteger(threads) && threads >= 1) blas.setThreads(threads);
    setNativeGemm({ kernel: blas.gemm, minWork32: NATIVE_MIN_WORK_F32, minWork64: NATIVE_MIN_WORK_F64 });
  }
  return backendInfo();
}

/** The backend gemm() uses now, the library and its thread count, for `mlp-lab --version` and reports. */
export function backendInfo(): BackendInfo {
  if (blas) {
    return {
      backend: 'native',
      library: blas.library,
      config: blas.config,
      threads: blas.threads(),
      reason: '',
    };
  }
  return {
    backend: wasmSimdSupported() ? 'wasm' : 'typescript',
    library: null,
    config: '',
    threads: 0,
    reason,
  };
}

/**
 * Sets the threads the native library runs each product on, for the whole
 * process (worker threads included: OpenBLAS keeps one pool). A sweep that
 * trains one model per worker sets 1, so the workers do not fight over cores.
 * Returns false when no native library is in use or it offers no thread control.
 */
export function setBlasThreads(n: number): boolean {
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`setBlasThreads: n must be an integer ≥ 1, got ${n}`);
  return blas ? blas.setThreads(n) : false;
}

installNativeBlas();
