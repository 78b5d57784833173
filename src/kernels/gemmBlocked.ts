/**
 * Cache-blocked GEMM in plain TypeScript (Goto/BLIS layout): op(B) is packed
 * into KC×NR panels, op(A) into MR×KC panels, and a 4×4 register tile of
 * float64 locals runs over them. Packing turns all four transpose cases into
 * one contiguous inner loop; it is the fallback where WebAssembly SIMD is
 * unavailable and the kernel for float64 products.
 */
import type { GemmKernel } from '../tensor/gemm.js';
import type { FloatArray } from '../tensor/matrix.js';

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 64;
const NC = 512;

// One set of packing buffers for the process: no allocation per call.
const packedA = new Float64Array(MC * KC);
const packedB = new Float64Array(KC * NC);
const edgeTile = new Float64Array(MR * NR);

export const gemmBlocked: GemmKernel = (transA, transB, M, N, K, A, B, C, accumulate) => {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate) C.fill(0, 0, M * N);
    return;
  }
  // op(A)(i, k) = A[i*ars + k*aks], op(B)(k, j) = B[k*bks + j*bjs].
  const ars = transA ? 1 : K;
  const aks = transA ? M : 1;
  const bks = transB ? 1 : N;
  const bjs = transB ? K : 1;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      const beta = accumulate || pc > 0;
      packB(kc, nc, B, pc * bks + jc * bjs, bks, bjs);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        packA(mc, kc, A, ic * ars + pc * aks, ars, aks);
        for (let ir = 0; ir < mc; ir += MR) {
          for (let jr = 0; jr < nc; jr += NR) {
            micro(
              kc,
              ir * kc,
              jr * kc,
              C,
              (ic + ir) * N + jc + jr,
              N,
              Math.min(MR, mc - ir),
              Math.min(NR, nc - jr),
              beta,
            );
          }
        }
      }
    }
  }
};

/** Panel p of packedA holds, for each k, rows p*MR..p*MR+3 of the block (zero-padded). */
function packA(mc: number, kc: number, A: FloatArray, offset: number, ars: number, aks: number): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = Math.min(MR, mc - ir);
    let dst = ir * kc;
    for (let k = 0; k < kc; k++) {
      const src = offset + ir * ars + k * aks;
      for (let r = 0; r < MR; r++) packedA[dst++] = r < mr ? A[src + r * ars] : 0;
    }
  }
}

/** Panel p of packedB holds, for each k, columns p*NR..p*NR+3 of the block (zero-padded). */
function packB(kc: number, nc: number, B: FloatArray, offset: number, bks: number, bjs: number): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = Math.min(NR, nc - jr);
    let dst = jr * kc;
    for (let k = 0; k < kc; k++) {
      const src = offset + k * bks + jr * bjs;
      for (let j = 0; j < NR; j++) packedB[dst++] = j < nr ? B[src + j * bjs] : 0;
    }
  }
}

/** C tile (+)= packed A panel · packed B panel over kc, written back for its mr×nr valid part. */
function micro(
  kc: number,
  a: number,
  b: number,
  C: FloatArray,
  c: number,
  ldc: number,
  mr: number,
  nr: number,
  beta: boolean,
): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  const pa = packedA;
  const pb = packedB;
  for (let k = 0; k < kc; k++) {
    const b0 = pb[b];
    const b1 = pb[b + 1];
    const b2 = pb[b + 2];
    const b3 = pb[b + 3];
    const a0 = pa[a];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    const a1 = pa[a + 1];
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    const a2 = pa[a + 2];
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    const a3 = pa[a + 3];
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
    a += MR;
    b += NR;
  }
  if (mr === MR && nr === NR) {
    storeRow(C, c, c00, c01, c02, c03, beta);
    storeRow(C, c + ldc, c10, c11, c12, c13, beta);
    storeRow(C, c + 2 * ldc, c20, c21, c22, c23, beta);
    storeRow(C, c + 3 * ldc, c30, c31, c32, c33, beta);
    return;
  }
  const tile = edgeTile;
  tile.set([c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33]);
  for (let r = 0; r < mr; r++) {
    for (let j = 0; j < nr; j++) {
      const p = c + r * ldc + j;
      C[p] = beta ? C[p] + tile[r * NR + j] : tile[r * NR + j];
    }
  }
}

function storeRow(
  C: FloatArray,
  p: number,
  v0: number,
  v1: number,
  v2: number,
  v3: number,
  beta: boolean,
): void {
  if (beta) {
    C[p] += v0;
    C[p + 1] += v1;
    C[p + 2] += v2;
    C[p + 3] += v3;
  } else {
    C[p] = v0;
    C[p + 1] = v1;
    C[p + 2] = v2;
    C[p + 3] = v3;
  }
}
