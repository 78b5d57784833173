/**
 * Which GEMM kernel mlp-lab's layers call, in words for the report. Swapping
 * the active kernel out with setGemmKernel and straight back reads it without
 * touching the library.
 */
import { ONE_THREAD_WORK } from '../../src/kernels/native/blas.node.js';
import { backendInfo } from '../../src/kernels/native/install.node.js';
import {
  BLOCKED_MIN_WORK,
  defaultGemmThreads,
  gemmAuto,
  gemmReference,
  nativeGemm,
  setGemmKernel,
  WASM_MIN_WORK,
  wasmGemmSync,
} from '../../src/tensor/gemm.js';

/** mlp-lab's threads per kind of work, as the threads lines of the table print them. */
export function mlplabThreads(): string {
  const blas = backendInfo();
  const native = nativeGemm()
    ? `${blas.library} ${blas.threads} per product from ${nativeGemm()?.minWork32} multiply-adds (1 from ${ONE_THREAD_WORK[0]} to ${ONE_THREAD_WORK[1]}), `
    : '';
  const wasm = wasmGemmSync()
    ? `WebAssembly GEMM ${defaultGemmThreads()} (smaller products)`
    : 'TypeScript GEMM 1';
  return `${native}${wasm}, elementwise and Adam 1`;
}

export function activeGemmKernel(): string {
  const active = setGemmKernel(gemmReference);
  setGemmKernel(active);
  if (active !== gemmAuto) return active.name || 'a custom kernel';
  const n = nativeGemm();
  const blas = backendInfo();
  const native = n
    ? `native BLAS (${blas.library}, ${blas.threads} thread(s), 1 from ${ONE_THREAD_WORK[0]} to ${ONE_THREAD_WORK[1]} multiply-adds) from ${n.minWork32} multiply-adds (float32), `
    : `no native BLAS (${blas.reason}); `;
  const wasm = wasmGemmSync()
    ? `WebAssembly SIMD from ${WASM_MIN_WORK} multiply-adds (${defaultGemmThreads()} thread(s), MLP_LAB_GEMM_THREADS)`
    : 'no WebAssembly SIMD here';
  return `gemmAuto: ${native}${wasm}, blocked TypeScript from ${BLOCKED_MIN_WORK}, plain loops below; small layers on the fused dense path`;
}
