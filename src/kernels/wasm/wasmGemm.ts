/**
 * Loads the WebAssembly SIMD float32 GEMM (asm/gemm.ts, embedded as base64 by
 * scripts/build-wasm.mjs) and wraps it as a GemmKernel.
 *
 * The module imports its memory, which this loader owns: per call the operands
 * are copied into it behind the kernel's packing scratch, and C is copied back.
 * The copies are O(MK + KN + MN) against O(MNK) arithmetic, so they matter only
 * for products small enough to stay in the TypeScript loops anyway.
 *
 * In Node, with more than one core, the shared-memory build runs instead and
 * large products are split by rows or columns of C between this thread and
 * worker threads (wasmThreads.ts).
 */
import type { GemmKernel } from '../../tensor/gemm.js';
import { gemmBlocked } from '../gemmBlocked.js';
import { gemmWasmBase64 } from './generated/gemmWasm.js';
import { gemmWasmSharedBase64 } from './generated/gemmWasmShared.js';
import { copyFrom, copyInto, decodeBase64, HeapViews } from './wasmModule.js';
import {
  defaultGemmThreads,
  type GemmWorkers,
  type SgemmArgs,
  startGemmWorkers,
  workerThreadsAvailable,
} from './wasmThreads.js';

interface GemmExports {
  sgemm(...args: SgemmArgs): void;
  workBytes(): number;
  heapBase(): number;
}

const PAGE_BYTES = 65536;
/** Pages the shared-memory build declares as its maximum (scripts/build-wasm.mjs): 1 GiB. */
const SHARED_MAX_PAGES = 16384;
/** Sizes of C whose heap views are kept (emptied when full, so the sizes in use come back). */
const VIEW_CACHE_MAX = 64;
/** Multiply-adds from which a product is split across threads (~100 µs of work at 20 GFLOP/s). */
export const PARALLEL_MIN_WORK = 1 << 20;
/** Each part of a split keeps at least this many rows or columns, so it stays on the blocked path. */
const MIN_PART = 64;

/** True when this runtime validates the module, i.e. supports WebAssembly with fixed-width SIMD. */
export function wasmSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(decodeBase64(gemmWasmBase64));
}

const align = (n: number, to: number) => Math.ceil(n / to) * to;

export interface WasmGemmOptions {
  /**
   * Threads that share large products, this one included: 1 keeps everything on
   * the calling thread. Default: defaultGemmThreads() (wasmThreads.ts).
   */
  readonly threads?: number;
}

/** Builds the kernel: memory, instance, and helper workers when threads > 1. */
function kernelFrom(module: WebAssembly.Module, threads: number): GemmKernel {
  const shared = threads > 1;
  const memory = new WebAssembly.Memory(
    shared ? { initial: 1, maximum: SHARED_MAX_PAGES, shared: true } : { initial: 1 },
  );
  const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as GemmExports;
  const workers: GemmWorkers | null = shared ? startGemmWorkers(module, memory, threads - 1) : null;
  if (shared && !workers) throw new Error('wasm GEMM threads need Node worker threads; use threads: 1 here');
  // Scratch per thread (this one is 0), then the operands.
  const workStride = align(wasm.workBytes(), 64);
  const work0 = align(wasm.heapBase(), 64);
  const operands = work0 + threads * workStride;
  let heap = new Float32Array(memory.buffer);
  // C sits first in the operand area, so copying it out can reuse a view of the
  // heap per size: a training loop repeats a few sizes, and a new subarray per
  // call costs as much as copying 80 floats in a loop.
  const cViews = new HeapViews(VIEW_CACHE_MAX);

  /** Grows the memory to hold `bytes` past the operand base; growing replaces the buffer. */
  function reserve(bytes: number): void {
    const needed = operands + bytes;
    // heap's length, not memory.buffer's: that getter makes a new object per call on shared memory.
    if (needed > heap.byteLength) {
      try {
        memory.grow(Math.ceil((needed - heap.byteLength) / PAGE_BYTES));
      } catch {
        const mib = Math.ceil(needed / 2 ** 20);
        throw new Error(
          `wasm GEMM needs ${mib} MiB, more than its memory can grow to; use gemmBlocked for this product`,
        );
      }
      heap = new Float32Array(memory.buffer);
      cViews.clear();
    }
  }

  /** Copies the first n floats of C (at the operand base) into dst. */
  /**
   * Runs sgemm on `parts` slices of C, the first on this thread. Splitting the
   * wider of M and N means each part re-packs only the smaller operand
   * (all of op(A) when N is split, all of op(B) when M is). Part edges fall on
   * multiples of 8, the micro-kernel's tile width.
   */
  function split(
    pool: GemmWorkers,
    transA: number,
    transB: number,
    M: number,
    N: number,
    K: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    accumulate: number,
    parts: number,
  ): void {
    const byRows = M > N;
    const extent = byRows ? M : N;
    const step = align(Math.ceil(extent / parts), 8);
    let helpers = 0;
    for (let start = step; start < extent; start += step, helpers++) {
      const size = Math.min(step, extent - start);
      const args = pool.args(helpers);
      args[0] = transA;
      args[1] = transB;
      args[2] = byRows ? size : M;
      args[3] = byRows ? N : size;
      args[4] = K;
      args[5] = byRows ? a + 4 * (transA ? start : start * lda) : a;
      args[6] = lda;
      args[7] = byRows ? b : b + 4 * (transB ? start * ldb : start);
      args[8] = ldb;
      args[9] = byRows ? c + 4 * start * N : c + 4 * start;
      args[10] = N;
      args[11] = accumulate;
      args[12] = work0 + (helpers + 1) * workStride;
      pool.post(helpers);
    }
    const own = Math.min(step, extent);
    // Every helper is waited for even when a part fails: one still running would take
    // the next split's arguments half-written.
    let failure: unknown = null;
    try {
      wasm.sgemm(
        transA,
        transB,
        byRows ? own : M,
        byRows ? N : own,
        K,
        a,
        lda,
        b,
        ldb,
        c,
        N,
        accumulate,
        work0,
      );
    } catch (e) {
      failure = e;
    }
    for (let w = 0; w < helpers; w++) {
      try {
        pool.wait(w);
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure !== null) throw failure;
  }

  return (transA, transB, M, N, K, A, B, C, accumulate) => {
    if (!(A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array)) {
      gemmBlocked(transA, transB, M, N, K, A, B, C, accumulate);
      return;
    }
    // Byte offsets of C, A and B, each 16-byte aligned for the SIMD loads.
    const cBytes = align(M * N * 4, 16);
    const aBytes = align(M * K * 4, 16);
    reserve(cBytes + aBytes + K * N * 4);
    const c = operands;
    const a = c + cBytes;
    const b = a + aBytes;
    copyInto(heap, A, M * K, a >> 2);
    copyInto(heap, B, K * N, b >> 2);
    if (accumulate) copyInto(heap, C, M * N, c >> 2);
    const lda = transA ? M : K;
    const ldb = transB ? K : N;
    const parts = workers ? Math.min(threads, Math.floor(Math.max(M, N) / MIN_PART)) : 1;
    if (workers && parts > 1 && M * N * K >= PARALLEL_MIN_WORK) {
      split(workers, +transA, +transB, M, N, K, a, lda, b, ldb, c, +accumulate, parts);
    } else {
      // Called directly: an argument array per call would be garbage on every small product.
      wasm.sgemm(+transA, +transB, M, N, K, a, lda, b, ldb, c, N, +accumulate, work0);
    }
    copyFrom(C, heap, operands >> 2, M * N, cViews);
  };
}

/**
 * A wasm GEMM kernel, compiled synchronously (fine in Node and in workers; a
 * browser may refuse on its main thread, use initWasmGemm there). Throws when
 * WebAssembly SIMD is unavailable.
 */
export function createWasmGemm(options: WasmGemmOptions = {}): GemmKernel {
  const threads = Math.max(1, Math.floor(options.threads ?? defaultGemmThreads()));
  if (!wasmSimdSupported()) throw new Error('this runtime lacks WebAssembly SIMD; use gemmBlocked instead');
  if (threads > 1 && !workerThreadsAvailable()) {
    throw new Error(
      'wasm GEMM threads need Node 20.16+ worker threads and SharedArrayBuffer; use threads: 1',
    );
  }
  const bytes = decodeBase64(threads > 1 ? gemmWasmSharedBase64 : gemmWasmBase64);
  return kernelFrom(new WebAssembly.Module(bytes), threads);
}

let kernel: GemmKernel | null = null;
let supported: boolean | undefined;
let syncRefused = false;

function isSupported(): boolean {
  supported ??= wasmSimdSupported();
  return supported;
}

/**
 * The default wasm kernel, created on first use with defaultGemmThreads()
 * threads, or one if helper threads cannot start; null when WebAssembly SIMD is
 * unavailable or synchronous compilation was refused (a browser's main thread).
 */
export function wasmGemmSync(): GemmKernel | null {
  if (kernel || syncRefused || !isSupported()) return kernel;
  kernel = tryCreate(defaultGemmThreads()) ?? tryCreate(1);
  syncRefused = kernel === null;
  return kernel;
}

function tryCreate(threads: number): GemmKernel | null {
  try {
    return createWasmGemm({ threads });
  } catch {
    return null;
  }
}

/** Compiles the default wasm kernel asynchronously (the browser way); resolves to null when unsupported. */
export async function initWasmGemm(): Promise<GemmKernel | null> {
  if (kernel || !isSupported()) return kernel;
  const threads = defaultGemmThreads();
  const module = await WebAssembly.compile(decodeBase64(threads > 1 ? gemmWasmSharedBase64 : gemmWasmBase64));
  kernel = kernelFrom(module, threads);
  return kernel;
}
