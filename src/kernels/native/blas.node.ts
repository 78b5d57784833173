/**
 * The system's optimised BLAS as a GemmKernel, through koffi (an FFI package
 * that ships prebuilt binaries, so a plain npm install needs no compiler).
 * cblas_sgemm and cblas_dgemm read and write the typed arrays' own memory:
 * the layers' buffers go to the library as they are, with no copy.
 *
 * Node only (this file never reaches a browser bundle); installNativeBlas()
 * in install.node.ts decides at start-up whether gemm() uses it.
 */
import koffi, { type LibraryHandle } from 'koffi';
import type { GemmKernel } from '../../tensor/gemm.js';
import { gemmBlocked } from '../gemmBlocked.js';

const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

/** Where the library is looked for, in order, when MLP_LAB_BLAS names none. */
export const BLAS_CANDIDATES: readonly string[] =
  process.platform === 'darwin'
    ? ['/System/Library/Frameworks/Accelerate.framework/Accelerate', 'libopenblas.dylib']
    : process.platform === 'win32'
      ? ['libopenblas.dll', 'mkl_rt.2.dll']
      : ['libopenblas.so.0', 'libopenblas.so', 'libmkl_rt.so.2', 'libmkl_rt.so', 'libblis.so.4'];

/**
 * Multiply-adds M·N·K from which, and below which, a float32 or float64 product
 * runs on one thread of the library even when it has more. Split over two
 * cores, such a product's few microseconds of work cost less than handing half
 * of its operands to the other core: bench/kernels/blasThreads.ts times W3's
 * 327,680-work products 1.5–3.4× faster on one thread and its inference output
 * layer (2,621,440) 2.1×, while from 4,194,304 (W4's products) two threads win
 * 1.2–1.6×; whole steps timed both ways gave W2 1.3×, W3 training 1.03–1.07× and W3
 * inference 1.02–1.04×, W4 unchanged (docs/performance.md). Below the lower
 * bound OpenBLAS already runs one thread, and the two extra calls would only
 * cost. A fixed range, so the same product always runs the same way and gives
 * the same bits; those are one thread's, which for some shapes differ in the
 * last place from what the library's split over two threads gives.
 */
export const ONE_THREAD_WORK: readonly [number, number] = [1 << 18, 3_000_000];

type Cblas = (
  order: number,
  transA: number,
  transB: number,
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float32Array | Float64Array,
  lda: number,
  B: Float32Array | Float64Array,
  ldb: number,
  beta: number,
  C: Float32Array | Float64Array,
  ldc: number,
) => void;

export interface Blas {
  /** The path or name the library was loaded from. */
  readonly library: string;
  /** The library's own description of its build (OpenBLAS: version, core, thread limit), when it has one. */
  readonly config: string;
  /** The product C = op(A)·op(B) (+ C): float32 through sgemm, float64 through dgemm, mixed types in gemmBlocked. */
  readonly gemm: GemmKernel;
  /** Threads the library runs a product on (1 where it cannot say). */
  threads(): number;
  /** Sets the library's thread count; false where the library offers no way to. */
  setThreads(n: number): boolean;
}

/** A C function the library may lack (thread control is not part of CBLAS). */
function optionalFunc(lib: LibraryHandle, definition: string): ReturnType<LibraryHandle['func']> | null {
  try {
    return lib.func(definition);
  } catch {
    return null;
  }
}

/**
 * Loads the library at `path` and binds the products; throws when it lacks
 * cblas_sgemm or cblas_dgemm. `oneThreadWork` is the range of products run on
 * one thread ([0, 0]: none, for timing the library's own choice).
 */
export function loadBlas(path: string, oneThreadWork: readonly [number, number] = ONE_THREAD_WORK): Blas {
  const lib = koffi.load(path);
  const sgemm = lib.func(
    'void cblas_sgemm(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int)',
  ) as unknown as Cblas;
  const dgemm = lib.func(
    'void cblas_dgemm(int, int, int, int, int, int, double, const double *, int, const double *, int, double, double *, int)',
  ) as unknown as Cblas;
  const getConfig = optionalFunc(lib, 'const char *openblas_get_config()');
  const getThreads =
    optionalFunc(lib, 'int openblas_get_num_threads()') ?? optionalFunc(lib, 'int MKL_Get_Max_Threads()');
  const setThreads =
    optionalFunc(lib, 'void openblas_set_num_threads(int)') ??
    optionalFunc(lib, 'void MKL_Set_Num_Threads(int)');

  const [oneFrom, oneBelow] = oneThreadWork;
  const gemm: GemmKernel = (transA, transB, M, N, K, A, B, C, accumulate) => {
    if (M === 0 || N === 0) return;
    if (K === 0) {
      // BLAS rejects a leading dimension of 0; the product of an empty sum is C itself or zero.
      if (!accumulate) C.fill(0, 0, M * N);
      return;
    }
    const f32 = A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array;
    if (!f32 && !(A instanceof Float64Array && B instanceof Float64Array && C instanceof Float64Array)) {
      gemmBlocked(transA, transB, M, N, K, A, B, C, accumulate);
      return;
    }
    const work = M * N * K;
    // The count is read on every call, not cached: worker threads share the library's one pool and its setting.
    const restore = work >= oneFrom && work < oneBelow && getThreads && setThreads ? Number(getThreads()) : 1;
    if (restore > 1) setThreads?.(1);
    (f32 ? sgemm : dgemm)(
      ROW_MAJOR,
      transA ? TRANS : NO_TRANS,
      transB ? TRANS : NO_TRANS,
      M,
      N,
      K,
      1,
      A,
      transA ? M : K,
      B,
      transB ? K : N,
      accumulate ? 1 : 0,
      C,
      N,
    );
    if (restore > 1) setThreads?.(restore);
  };

  return {
    library: path,
    config: getConfig ? String(getConfig()) : '',
    gemm,
    threads: () => (getThreads ? Number(getThreads()) : 1),
    setThreads(n: number): boolean {
      if (!setThreads) return false;
      setThreads(n);
      return true;
    },
  };
}
