/**
 * The small-product kernel: plain loops with no packing and no setup, so a
 * 10×8×2 product of a tiny network costs its multiply-adds and little else.
 * Four columns of C are summed at once: four independent float64 sums hide the
 * latency of each addition and share every load of op(A); the last N mod 4
 * columns go four rows at a time for the same reason. Element strides make
 * one loop serve all four transpose cases.
 */
import type { GemmKernel } from './gemm.js';

export const gemmLoops: GemmKernel = (transA, transB, M, N, K, A, B, C, accumulate) => {
  // op(A)(i, k) = A[i*ars + k*aks], op(B)(k, j) = B[k*bks + j*bjs].
  const ars = transA ? 1 : K;
  const aks = transA ? M : 1;
  const bks = transB ? 1 : N;
  const bjs = transB ? K : 1;
  const n4 = N & ~3;
  for (let i = 0; i < M; i++) {
    const ci = i * N;
    for (let j = 0; j < n4; j += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let a = i * ars;
      let b = j * bjs;
      for (let k = 0; k < K; k++) {
        const x = A[a];
        s0 += x * B[b];
        s1 += x * B[b + bjs];
        s2 += x * B[b + 2 * bjs];
        s3 += x * B[b + 3 * bjs];
        a += aks;
        b += bks;
      }
      if (accumulate) {
        C[ci + j] += s0;
        C[ci + j + 1] += s1;
        C[ci + j + 2] += s2;
        C[ci + j + 3] += s3;
      } else {
        C[ci + j] = s0;
        C[ci + j + 1] = s1;
        C[ci + j + 2] = s2;
        C[ci + j + 3] = s3;
      }
    }
  }
  // The last N mod 4 columns (all of them when N < 4, e.g. a one-unit output
  // layer): four rows at a time, so that four sums are still in flight.
  for (let j = n4; j < N; j++) {
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let a = i * ars;
      let b = j * bjs;
      for (let k = 0; k < K; k++) {
        const y = B[b];
        s0 += A[a] * y;
        s1 += A[a + ars] * y;
        s2 += A[a + 2 * ars] * y;
        s3 += A[a + 3 * ars] * y;
        a += aks;
        b += bks;
      }
      const c = i * N + j;
      if (accumulate) {
        C[c] += s0;
        C[c + N] += s1;
        C[c + 2 * N] += s2;
        C[c + 3 * N] += s3;
      } else {
        C[c] = s0;
        C[c + N] = s1;
        C[c + 2 * N] = s2;
        C[c + 3 * N] = s3;
      }
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
