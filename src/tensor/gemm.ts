/**
 * Matrix products, the hot loop of every MLP. Storage is row-major and dense:
 *   C[M×N] = op(A)[M×K] · op(B)[K×N]   (+ C when accumulate)
 * where op(A) = Aᵀ when transA (A then stored K×M), likewise for B (stored N×K).
 *
 * Forward of a Linear layer is y = x·Wᵀ (NT), its backward dx = dy·W (NN) and
 * dW = dyᵀ·x (TN): all three combinations are on the hot path.
 */
import type { FloatArray } from './matrix.js';

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
 * Loop orders chosen so the innermost loop walks contiguous memory for each
 * transpose case. Accumulation happens in float64 locals before the store.
 */
export const gemmLoops: GemmKernel = (transA, transB, M, N, K, A, B, C, accumulate) => {
  if (!accumulate) C.fill(0, 0, M * N);
  if (!transA && transB) {
    for (let i = 0; i < M; i++) {
      const ai = i * K;
      for (let j = 0; j < N; j++) {
        const bj = j * K;
        let s = 0;
        for (let k = 0; k < K; k++) s += A[ai + k] * B[bj + k];
        C[i * N + j] += s;
      }
    }
  } else if (!transA && !transB) {
    for (let i = 0; i < M; i++) {
      const ci = i * N;
      for (let k = 0; k < K; k++) {
        const a = A[i * K + k];
        if (a === 0) continue;
        const bk = k * N;
        for (let j = 0; j < N; j++) C[ci + j] += a * B[bk + j];
      }
    }
  } else if (transA && !transB) {
    for (let k = 0; k < K; k++) {
      const ak = k * M;
      const bk = k * N;
      for (let i = 0; i < M; i++) {
        const a = A[ak + i];
        if (a === 0) continue;
        const ci = i * N;
        for (let j = 0; j < N; j++) C[ci + j] += a * B[bk + j];
      }
    }
  } else {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += A[k * M + i] * B[j * K + k];
        C[i * N + j] += s;
      }
    }
  }
};

let active: GemmKernel = gemmLoops;

/** The kernel every layer calls. Faster backends install themselves with setGemmKernel. */
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

export function setGemmKernel(kernel: GemmKernel): GemmKernel {
  const previous = active;
  active = kernel;
  return previous;
}
