/**
 * The small-product kernel: plain loops with no packing and no setup, so a
 * 10×8×2 product of a tiny network costs its multiply-adds and little else.
 * Four columns of C are summed at once: four independent float64 sums hide the
 * latency of each addition and share every load of op(A); the last N mod 4
 * columns go four rows at a time for the same reason. Element strides make
 * one loop serve all four transpose cases.
 */
import type { GemmKernel } from '../tensor/gemm.js';
import type { FloatArray } from '../tensor/matrix.js';

export const gemmLoops: GemmKernel = (transA, transB, M, N, K, A, B, C, accumulate) => {
  // op(A)(i, k) = A[i*ars + k*aks], op(B)(k, j) = B[k*bks + j*bjs].
  const ars = transA ? 1 : K;
  const aks = transA ? M : 1;
  const bks = transB ? 1 : N;
  const bjs = transB ? K : 1;
  const n4 = N & ~3;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < n4; j += 4) {
      dot4(A, i * ars, aks, B, j * bjs, bjs, bks, K, C, i * N + j, 1, accumulate);
    }
  }
  // The last N mod 4 columns (all of them when N < 4, e.g. a one-unit output
  // layer): four rows at a time, so that four sums are still in flight. The
  // shared operand is then op(B)'s column; x·y = y·x exactly, so the sums are
  // the same as with the operands the other way round.
  for (let j = n4; j < N; j++) {
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      dot4(B, j * bjs, bks, A, i * ars, ars, aks, K, C, i * N + j, N, accumulate);
    }
    for (; i < M; i++) {
      let s = 0;
      let a = i * ars;
      let b = j * bjs;
      for (let k = 0; k < K; k++) {
        s += A[a] * B[b];
        a += aks;
        b += bks;
      }
      C[i * N + j] = accumulate ? C[i * N + j] + s : s;
    }
  }
};

/**
 * Four dot products of length K sharing one operand: sum over k of
 * X[x + k*xk] · Y[y + t*yt + k*yk] for t = 0..3, stored (or added) at
 * C[c + t*cs].
 */
function dot4(
  X: FloatArray,
  x: number,
  xk: number,
  Y: FloatArray,
  y: number,
  yt: number,
  yk: number,
  K: number,
  C: FloatArray,
  c: number,
  cs: number,
  accumulate: boolean,
): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < K; k++) {
    const v = X[x];
    s0 += v * Y[y];
    s1 += v * Y[y + yt];
    s2 += v * Y[y + 2 * yt];
    s3 += v * Y[y + 3 * yt];
    x += xk;
    y += yk;
  }
  if (accumulate) {
    C[c] += s0;
    C[c + cs] += s1;
    C[c + 2 * cs] += s2;
    C[c + 3 * cs] += s3;
  } else {
    C[c] = s0;
    C[c + cs] = s1;
    C[c + 2 * cs] = s2;
    C[c + 3 * cs] = s3;
  }
}
