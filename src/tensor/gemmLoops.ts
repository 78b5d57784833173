/**
 * The small-product kernel: plain loops with no packing and no setup, so a
 * 10×8×2 product of a tiny network costs its multiply-adds and little else.
 * Four columns of C are summed at once: four independent float64 sums hide the
 * latency of each addition and share every load of op(A). Element strides make
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
    let j = 0;
    for (; j < n4; j += 4) {
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
    for (; j < N; j++) {
      let s = 0;
      let a = i * ars;
      let b = j * bjs;
      for (let k = 0; k < K; k++) {
        s += A[a] * B[b];
        a += aks;
        b += bks;
      }
      C[ci + j] = accumulate ? C[ci + j] + s : s;
    }
  }
};
