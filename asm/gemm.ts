// AssemblyScript source of the WebAssembly SIMD float32 GEMM (compiled by scripts/build-wasm.mjs).
//
//   C[M×N] = op(A)[M×K] · op(B)[K×N]   (+ C when accumulate)
//
// All matrices live in linear memory (the module imports `env.memory`, owned by
// src/kernels/wasm/wasmGemm.ts). Internally every operand is addressed through
// element strides, so the four transpose cases, sub-blocks (one per thread) and
// the swapped problem Cᵀ = op(B)ᵀ·op(A)ᵀ all share one code path:
//   op(A)(i, k) = A[i*ars + k*aks]   op(B)(k, j) = B[k*bks + j*bjs]   C(i, j) = C[i*rsc + j*csc]
//
// The blocked path follows Goto/BLIS: B is packed into KC×NR panels, A into
// MR×KC panels, and a 4×8 register-tiled micro-kernel (8 f32x4 accumulators)
// runs over them (4×8 measured fastest of 4×8, 6×8, 4×12 and 8×8 under V8: 8
// accumulators leave registers for the operands). Shapes with a dimension of 1
// (or up to 4) take GEMV/outer-product paths.
//
// This file is plain TypeScript syntax (no decorators) so that repository
// tooling can parse it; it is not part of the tsc project.

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 1024;

const TILE_BYTES: i32 = MR * NR * 4;
const AP_BYTES: i32 = MC * KC * 4;
const BP_BYTES: i32 = KC * NC * 4;
/** Products with K ≤ SMALL_K write C directly (smallK), op(B) packed NB columns at a time. */
const SMALL_K: i32 = 4;
const NB: i32 = (TILE_BYTES + AP_BYTES + BP_BYTES) / (SMALL_K * 4);
/** Columns per block of the skinny (n ≤ 4 columns) path, and its partial-sum tile. */
const IB: i32 = 512;
const YT_BYTES: i32 = 4 * IB * 4;
/** K rows of the packed skinny operand ([k][4] floats) that fit behind that tile. */
const SK: i32 = (TILE_BYTES + AP_BYTES + BP_BYTES - YT_BYTES) / 16;

/** Bytes of scratch one sgemm call needs at `work` (16-byte aligned): a C tile and the packed panels. */
export function workBytes(): i32 {
  return TILE_BYTES + AP_BYTES + BP_BYTES;
}

/** First byte past the module's static data: the loader places scratch and operands from here. */
export function heapBase(): usize {
  return __heap_base;
}

/** c + a·b, unfused: plain SIMD has no FMA, and relaxed SIMD is not on by default in Node 20. */
function madd(a: v128, b: v128, c: v128): v128 {
  return f32x4.add(c, f32x4.mul(a, b));
}

function imin(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/** Splits n into ceil(n/max) near-equal blocks, rounded up to a multiple of unit. */
function blockSize(n: i32, max: i32, unit: i32): i32 {
  const blocks = (n + max - 1) / max;
  const size = (n + blocks - 1) / blocks;
  return imin(max, ((size + unit - 1) / unit) * unit);
}

/**
 * BLAS-style entry point over row-major storage.
 * lda, ldb, ldc: row lengths (in elements) of A, B, C as stored, so a caller can
 * pass a sub-block of a larger matrix (used to split one product across threads).
 */
export function sgemm(
  transA: i32,
  transB: i32,
  M: i32,
  N: i32,
  K: i32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  c: usize,
  ldc: i32,
  accumulate: i32,
  work: usize,
): void {
  const ars = transA ? 1 : lda;
  const aks = transA ? lda : 1;
  const bks = transB ? 1 : ldb;
  const bjs = transB ? ldb : 1;
  strided(M, N, K, a, ars, aks, b, bks, bjs, c, ldc, 1, accumulate != 0, work);
}

function strided(
  M: i32,
  N: i32,
  K: i32,
  a: usize,
  ars: i32,
  aks: i32,
  b: usize,
  bks: i32,
  bjs: i32,
  c: usize,
  rsc: i32,
  csc: i32,
  acc: bool,
  work: usize,
): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!acc) zeroC(M, N, c, rsc, csc);
    return;
  }
  if (K <= SMALL_K) {
    smallK(M, N, K, a, ars, aks, b, bks, bjs, c, rsc, csc, acc, work);
    return;
  }
  // Matrix-vector shapes: one operand is a few rows/columns. Stream the big operand once.
  if (N <= M) {
    if (N == 1 || (N <= 4 && ars == 1)) {
      skinny(M, N, K, a, ars, aks, b, bks, bjs, c, rsc, csc, acc, work);
      return;
    }
  } else if (M == 1 || (M <= 4 && bjs == 1)) {
    // Cᵀ = op(B)ᵀ · op(A)ᵀ: row j of op(B)ᵀ is B[j*bjs + k*bks].
    skinny(N, M, K, b, bjs, bks, a, aks, ars, c, csc, rsc, acc, work);
    return;
  }
  // Pick the orientation that wastes less of the padded MR×NR tiles (e.g. N = 2).
  const padded = ((((M + MR - 1) / MR) * MR) as f64) * ((((N + NR - 1) / NR) * NR) as f64);
  const swapped = ((((N + MR - 1) / MR) * MR) as f64) * ((((M + NR - 1) / NR) * NR) as f64);
  if (swapped < padded) blocked(N, M, K, b, bjs, bks, a, aks, ars, c, csc, rsc, acc, work);
  else blocked(M, N, K, a, ars, aks, b, bks, bjs, c, rsc, csc, acc, work);
}

function zeroC(M: i32, N: i32, c: usize, rsc: i32, csc: i32): void {
  if (csc == 1) {
    for (let i = 0; i < M; i++) memory.fill(c + ((<usize>(i * rsc)) << 2), 0, (<usize>N) << 2);
    return;
  }
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) store<f32>(c + ((<usize>(i * rsc + j * csc)) << 2), 0);
  }
}

/** y(i) (+)= Σ_k A[i*ars + k*aks] · x[k*xs], i < M. */
function gemv(
  M: i32,
  K: i32,
  a: usize,
  ars: i32,
  aks: i32,
  x: usize,
  xs: i32,
  y: usize,
  ys: i32,
  acc: bool,
): void {
  if (aks == 1 && xs == 1) {
    // Rows contiguous along k: four dot products at a time.
    const rowBytes = (<usize>ars) << 2;
    const k4 = K & ~3;
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      const r0 = a + <usize>i * rowBytes;
      const r1 = r0 + rowBytes;
      const r2 = r1 + rowBytes;
      const r3 = r2 + rowBytes;
      let s0 = f32x4.splat(0);
      let s1 = f32x4.splat(0);
      let s2 = f32x4.splat(0);
      let s3 = f32x4.splat(0);
      for (let k = 0; k < k4; k += 4) {
        const o = (<usize>k) << 2;
        const xv = v128.load(x + o);
        s0 = madd(v128.load(r0 + o), xv, s0);
        s1 = madd(v128.load(r1 + o), xv, s1);
        s2 = madd(v128.load(r2 + o), xv, s2);
        s3 = madd(v128.load(r3 + o), xv, s3);
      }
      // Horizontal sums of the four accumulators, transposed into one vector.
      const t0 = f32x4.add(v128.shuffle<f32>(s0, s1, 0, 4, 1, 5), v128.shuffle<f32>(s0, s1, 2, 6, 3, 7));
      const t1 = f32x4.add(v128.shuffle<f32>(s2, s3, 0, 4, 1, 5), v128.shuffle<f32>(s2, s3, 2, 6, 3, 7));
      let sum = f32x4.add(v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
      for (let k = k4; k < K; k++) {
        const o = (<usize>k) << 2;
        const xk = load<f32>(x + o);
        sum = f32x4.replace_lane(sum, 0, f32x4.extract_lane(sum, 0) + load<f32>(r0 + o) * xk);
        sum = f32x4.replace_lane(sum, 1, f32x4.extract_lane(sum, 1) + load<f32>(r1 + o) * xk);
        sum = f32x4.replace_lane(sum, 2, f32x4.extract_lane(sum, 2) + load<f32>(r2 + o) * xk);
        sum = f32x4.replace_lane(sum, 3, f32x4.extract_lane(sum, 3) + load<f32>(r3 + o) * xk);
      }
      if (ys == 1) {
        const yp = y + ((<usize>i) << 2);
        v128.store(yp, acc ? f32x4.add(v128.load(yp), sum) : sum);
      } else {
        storeY(y, i, ys, f32x4.extract_lane(sum, 0), acc);
        storeY(y, i + 1, ys, f32x4.extract_lane(sum, 1), acc);
        storeY(y, i + 2, ys, f32x4.extract_lane(sum, 2), acc);
        storeY(y, i + 3, ys, f32x4.extract_lane(sum, 3), acc);
      }
    }
    for (; i < M; i++) {
      const r = a + <usize>i * rowBytes;
      let s = f32x4.splat(0);
      for (let k = 0; k < k4; k += 4) {
        const o = (<usize>k) << 2;
        s = madd(v128.load(r + o), v128.load(x + o), s);
      }
      let t =
        f32x4.extract_lane(s, 0) +
        f32x4.extract_lane(s, 1) +
        (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3));
      for (let k = k4; k < K; k++) t += load<f32>(r + ((<usize>k) << 2)) * load<f32>(x + ((<usize>k) << 2));
      storeY(y, i, ys, t, acc);
    }
    return;
  }
  for (let i = 0; i < M; i++) {
    let t: f32 = 0;
    for (let k = 0; k < K; k++) {
      t += load<f32>(a + ((<usize>(i * ars + k * aks)) << 2)) * load<f32>(x + ((<usize>(k * xs)) << 2));
    }
    storeY(y, i, ys, t, acc);
  }
}

/**
 * y_j(i) (+)= Σ_k A[i*ars + k*aks] · x_j(k) for j < n ≤ 4, where x_j(k) = X[k*xks + j*xjs]
 * and y_j(i) = Y[i*yis + j*yjs]: a product with n columns, read in one pass over A.
 * Requires n == 1 or A contiguous along i (ars == 1).
 */
function skinny(
  M: i32,
  n: i32,
  K: i32,
  a: usize,
  ars: i32,
  aks: i32,
  x: usize,
  xks: i32,
  xjs: i32,
  y: usize,
  yis: i32,
  yjs: i32,
  acc: bool,
  work: usize,
): void {
  if (ars != 1) {
    gemv(M, K, a, ars, aks, x, xks, y, yis, acc);
    return;
  }
  // A is streamed row by row (k), IB columns (i) at a time, into n partial sums
  // kept in a work tile: walking down a column of A instead would alias in L1
  // whenever its row length is a multiple of 4 KiB.
  const yt = work;
  const xp = work + YT_BYTES;
  for (let k0 = 0; k0 < K; k0 += SK) {
    const kc = imin(SK, K - k0);
    // The n columns of X as [k][4], zero-padded.
    for (let k = 0; k < kc; k++) {
      for (let j = 0; j < 4; j++) {
        const v: f32 = j < n ? load<f32>(x + ((<usize>((k0 + k) * xks + j * xjs)) << 2)) : 0;
        store<f32>(xp + ((<usize>(k * 4 + j)) << 2), v);
      }
    }
    const beta = acc || k0 > 0;
    for (let i0 = 0; i0 < M; i0 += IB) {
      const ib = imin(IB, M - i0);
      memory.fill(yt, 0, YT_BYTES);
      skinnyBlock(ib, n, kc, a + ((<usize>(k0 * aks + i0)) << 2), aks, xp, yt);
      for (let j = 0; j < n; j++) {
        const src = yt + ((<usize>(j * IB)) << 2);
        const dst = y + ((<usize>(i0 * yis + j * yjs)) << 2);
        if (yis == 1) {
          const ib4 = ib & ~3;
          for (let i = 0; i < ib4; i += 4) {
            const o = (<usize>i) << 2;
            const v = v128.load(src + o);
            v128.store(dst + o, beta ? f32x4.add(v128.load(dst + o), v) : v);
          }
          for (let i = ib4; i < ib; i++) storeY(dst, i, 1, load<f32>(src + ((<usize>i) << 2)), beta);
        } else {
          for (let i = 0; i < ib; i++) storeY(dst, i, yis, load<f32>(src + ((<usize>i) << 2)), beta);
        }
      }
    }
  }
}

/** yt[j*IB + i] += Σ_k A[k*aks + i] · xp[k*4 + j] for i < ib, j < n, two rows of A per pass. */
function skinnyBlock(ib: i32, n: i32, K: i32, a: usize, aks: i32, xp: usize, yt: usize): void {
  const kBytes = (<usize>aks) << 2;
  const jBytes: usize = IB << 2;
  const ibv = ((<usize>ib) << 2) & ~15;
  let k = 0;
  for (; k + 2 <= K; k += 2) {
    const r0 = a + <usize>k * kBytes;
    const r1 = r0 + kBytes;
    const xk = xp + ((<usize>k) << 4);
    const s00 = v128.load32_splat(xk);
    const s10 = v128.load32_splat(xk, 16);
    const s01 = v128.load32_splat(xk, 4);
    const s11 = v128.load32_splat(xk, 20);
    const s02 = v128.load32_splat(xk, 8);
    const s12 = v128.load32_splat(xk, 24);
    const s03 = v128.load32_splat(xk, 12);
    const s13 = v128.load32_splat(xk, 28);
    for (let o: usize = 0; o < ibv; o += 16) {
      const a0 = v128.load(r0 + o);
      const a1 = v128.load(r1 + o);
      let p = yt + o;
      v128.store(p, madd(a1, s10, madd(a0, s00, v128.load(p))));
      if (n > 1) {
        p += jBytes;
        v128.store(p, madd(a1, s11, madd(a0, s01, v128.load(p))));
        if (n > 2) {
          p += jBytes;
          v128.store(p, madd(a1, s12, madd(a0, s02, v128.load(p))));
          if (n > 3) {
            p += jBytes;
            v128.store(p, madd(a1, s13, madd(a0, s03, v128.load(p))));
          }
        }
      }
    }
    for (let o = ibv; o < (<usize>ib) << 2; o += 4) {
      const a0 = load<f32>(r0 + o);
      const a1 = load<f32>(r1 + o);
      for (let j = 0; j < n; j++) {
        const p = yt + <usize>j * jBytes + o;
        const xj = xk + ((<usize>j) << 2);
        store<f32>(p, load<f32>(p) + a0 * load<f32>(xj) + a1 * load<f32>(xj, 16));
      }
    }
  }
  if (k < K) {
    const r0 = a + <usize>k * kBytes;
    const xk = xp + ((<usize>k) << 4);
    for (let o: usize = 0; o < (<usize>ib) << 2; o += 4) {
      const a0 = load<f32>(r0 + o);
      for (let j = 0; j < n; j++) {
        const p = yt + <usize>j * jBytes + o;
        store<f32>(p, load<f32>(p) + a0 * load<f32>(xk + ((<usize>j) << 2)));
      }
    }
  }
}

function storeY(y: usize, i: i32, ys: i32, v: f32, acc: bool, offset: i32 = 0): void {
  const p = y + ((<usize>(i * ys + offset)) << 2);
  store<f32>(p, acc ? load<f32>(p) + v : v);
}

/**
 * C(i, j) (+)= Σ_k op(A)(i, k) · op(B)(k, j) for K ≤ SMALL_K (outer-product-like shapes,
 * bound by writing C): C is written once, row by row; op(B) is read in place when its
 * rows are contiguous, else packed as [k][j] NB columns at a time.
 */
function smallK(
  M: i32,
  N: i32,
  K: i32,
  a: usize,
  ars: i32,
  aks: i32,
  b: usize,
  bks: i32,
  bjs: i32,
  c: usize,
  rsc: i32,
  csc: i32,
  acc: bool,
  work: usize,
): void {
  const direct = bjs == 1;
  const nbMax = direct ? N : NB;
  for (let j0 = 0; j0 < N; j0 += nbMax) {
    const nb = imin(nbMax, N - j0);
    let bp = b + ((<usize>j0) << 2);
    let ldb = bks;
    if (!direct) {
      bp = work;
      ldb = nb;
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < nb; j++) {
          store<f32>(
            work + ((<usize>(k * nb + j)) << 2),
            load<f32>(b + ((<usize>(k * bks + (j0 + j) * bjs)) << 2)),
          );
        }
      }
    }
    const kBytes = (<usize>ldb) << 2;
    const b0 = bp;
    const b1 = b0 + kBytes;
    const b2 = b1 + kBytes;
    const b3 = b2 + kBytes;
    const nb4 = csc == 1 ? nb & ~3 : 0;
    const aBytes = (<usize>aks) << 2;
    for (let i = 0; i < M; i++) {
      const ai = a + ((<usize>(i * ars)) << 2);
      const row = c + ((<usize>(i * rsc + j0 * csc)) << 2);
      const s0 = v128.load32_splat(ai);
      // K-specific loops keep the splats of row i of op(A) in registers.
      if (K == 1) {
        for (let o: usize = 0; o < (<usize>nb4) << 2; o += 16) {
          const v = f32x4.mul(s0, v128.load(b0 + o));
          v128.store(row + o, acc ? f32x4.add(v128.load(row + o), v) : v);
        }
      } else if (K == 2) {
        const s1 = v128.load32_splat(ai + aBytes);
        for (let o: usize = 0; o < (<usize>nb4) << 2; o += 16) {
          const v = madd(s1, v128.load(b1 + o), f32x4.mul(s0, v128.load(b0 + o)));
          v128.store(row + o, acc ? f32x4.add(v128.load(row + o), v) : v);
        }
      } else if (K == 3) {
        const s1 = v128.load32_splat(ai + aBytes);
        const s2 = v128.load32_splat(ai + 2 * aBytes);
        for (let o: usize = 0; o < (<usize>nb4) << 2; o += 16) {
          const v = madd(
            s2,
            v128.load(b2 + o),
            madd(s1, v128.load(b1 + o), f32x4.mul(s0, v128.load(b0 + o))),
          );
          v128.store(row + o, acc ? f32x4.add(v128.load(row + o), v) : v);
        }
      } else {
        const s1 = v128.load32_splat(ai + aBytes);
        const s2 = v128.load32_splat(ai + 2 * aBytes);
        const s3 = v128.load32_splat(ai + 3 * aBytes);
        for (let o: usize = 0; o < (<usize>nb4) << 2; o += 16) {
          const v = madd(
            s3,
            v128.load(b3 + o),
            madd(s2, v128.load(b2 + o), madd(s1, v128.load(b1 + o), f32x4.mul(s0, v128.load(b0 + o)))),
          );
          v128.store(row + o, acc ? f32x4.add(v128.load(row + o), v) : v);
        }
      }
      for (let j = nb4; j < nb; j++) {
        let t: f32 = 0;
        for (let k = 0; k < K; k++) {
          t += load<f32>(ai + <usize>k * aBytes) * load<f32>(bp + <usize>k * kBytes + ((<usize>j) << 2));
        }
        const p = row + ((<usize>(j * csc)) << 2);
        store<f32>(p, acc ? load<f32>(p) + t : t);
      }
    }
  }
}

function blocked(
  M: i32,
  N: i32,
  K: i32,
  a: usize,
  ars: i32,
  aks: i32,
  b: usize,
  bks: i32,
  bjs: i32,
  c: usize,
  rsc: i32,
  csc: i32,
  acc: bool,
  work: usize,
): void {
  const tile = work;
  const ap = work + TILE_BYTES;
  const bp = ap + AP_BYTES;
  const kcMax = blockSize(K, KC, 1);
  const mcMax = blockSize(M, MC, MR);
  const ncMax = blockSize(N, NC, NR);
  for (let jc = 0; jc < N; jc += ncMax) {
    const nc = imin(ncMax, N - jc);
    for (let pc = 0; pc < K; pc += kcMax) {
      const kc = imin(kcMax, K - pc);
      const beta = acc || pc > 0;
      packB(kc, nc, b + ((<usize>(pc * bks + jc * bjs)) << 2), bks, bjs, bp);
      for (let ic = 0; ic < M; ic += mcMax) {
        const mc = imin(mcMax, M - ic);
        packA(mc, kc, a + ((<usize>(ic * ars + pc * aks)) << 2), ars, aks, ap);
        // Rows of tiles outer: C is written along its rows, which matters when kc is small
        // (rows N floats apart alias in L1 when walked down a column of tiles).
        for (let ir = 0; ir < mc; ir += MR) {
          const mr = imin(MR, mc - ir);
          const apanel = ap + ((<usize>(ir * kc)) << 2);
          for (let jr = 0; jr < nc; jr += NR) {
            const nr = imin(NR, nc - jr);
            const cp = c + ((<usize>((ic + ir) * rsc + (jc + jr) * csc)) << 2);
            micro(kc, apanel, bp + ((<usize>(jr * kc)) << 2), cp, rsc, csc, mr, nr, beta, tile);
          }
        }
      }
    }
  }
}

/** Packs op(A)[mc×kc] into MR-row panels: panel p holds, for each k, rows p*MR..p*MR+3 (zero-padded). */
function packA(mc: i32, kc: i32, a: usize, ars: i32, aks: i32, ap: usize): void {
  const kBytes = (<usize>aks) << 2;
  const rBytes = (<usize>ars) << 2;
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = imin(MR, mc - ir);
    const src = a + <usize>ir * rBytes;
    let dst = ap + ((<usize>(ir * kc)) << 2);
    if (mr == MR && ars == 1) {
      let s = src;
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.load(s));
        s += kBytes;
        dst += 16;
      }
    } else if (mr == MR && aks == 1) {
      const r0 = src;
      const r1 = r0 + rBytes;
      const r2 = r1 + rBytes;
      const r3 = r2 + rBytes;
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const o = (<usize>k) << 2;
        transpose4(v128.load(r0 + o), v128.load(r1 + o), v128.load(r2 + o), v128.load(r3 + o), dst, 16);
        dst += 64;
      }
      for (; k < kc; k++) {
        const o = (<usize>k) << 2;
        store<f32>(dst, load<f32>(r0 + o));
        store<f32>(dst, load<f32>(r1 + o), 4);
        store<f32>(dst, load<f32>(r2 + o), 8);
        store<f32>(dst, load<f32>(r3 + o), 12);
        dst += 16;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let r = 0; r < MR; r++) {
          const v: f32 = r < mr ? load<f32>(src + <usize>r * rBytes + <usize>k * kBytes) : 0;
          store<f32>(dst + ((<usize>r) << 2), v);
        }
        dst += 16;
      }
    }
  }
}

/** Packs op(B)[kc×nc] into NR-column panels: panel p holds, for each k, columns p*NR..p*NR+7 (zero-padded). */
function packB(kc: i32, nc: i32, b: usize, bks: i32, bjs: i32, bp: usize): void {
  const kBytes = (<usize>bks) << 2;
  const jBytes = (<usize>bjs) << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = imin(NR, nc - jr);
    const src = b + <usize>jr * jBytes;
    let dst = bp + ((<usize>(jr * kc)) << 2);
    if (nr == NR && bjs == 1) {
      let s = src;
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.load(s));
        v128.store(dst, v128.load(s, 16), 16);
        s += kBytes;
        dst += 32;
      }
    } else if (nr == NR && bks == 1) {
      const c0 = src;
      const c1 = c0 + jBytes;
      const c2 = c1 + jBytes;
      const c3 = c2 + jBytes;
      const c4 = c3 + jBytes;
      const c5 = c4 + jBytes;
      const c6 = c5 + jBytes;
      const c7 = c6 + jBytes;
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const o = (<usize>k) << 2;
        transpose4(v128.load(c0 + o), v128.load(c1 + o), v128.load(c2 + o), v128.load(c3 + o), dst, 32);
        transpose4(v128.load(c4 + o), v128.load(c5 + o), v128.load(c6 + o), v128.load(c7 + o), dst + 16, 32);
        dst += 128;
      }
      for (; k < kc; k++) {
        const o = (<usize>k) << 2;
        store<f32>(dst, load<f32>(c0 + o));
        store<f32>(dst, load<f32>(c1 + o), 4);
        store<f32>(dst, load<f32>(c2 + o), 8);
        store<f32>(dst, load<f32>(c3 + o), 12);
        store<f32>(dst, load<f32>(c4 + o), 16);
        store<f32>(dst, load<f32>(c5 + o), 20);
        store<f32>(dst, load<f32>(c6 + o), 24);
        store<f32>(dst, load<f32>(c7 + o), 28);
        dst += 32;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let j = 0; j < NR; j++) {
          const v: f32 = j < nr ? load<f32>(src + <usize>j * jBytes + <usize>k * kBytes) : 0;
          store<f32>(dst + ((<usize>j) << 2), v);
        }
        dst += 32;
      }
    }
  }
}

/** Stores the transpose of the 4×4 block with rows x0..x3 as four vectors `stride` bytes apart. */
function transpose4(x0: v128, x1: v128, x2: v128, x3: v128, dst: usize, stride: usize): void {
  const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + stride, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/** The MR×NR = 4×8 register tile: C tile (+)= Ap panel · Bp panel over kc. */
function micro(
  kc: i32,
  ap: usize,
  bp: usize,
  c: usize,
  rsc: i32,
  csc: i32,
  mr: i32,
  nr: i32,
  beta: bool,
  tile: usize,
): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const a0 = v128.load32_splat(ap);
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    const a1 = v128.load32_splat(ap, 4);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    const a2 = v128.load32_splat(ap, 8);
    c20 = madd(a2, b0, c20);
    c21 = madd(a2, b1, c21);
    const a3 = v128.load32_splat(ap, 12);
    c30 = madd(a3, b0, c30);
    c31 = madd(a3, b1, c31);
    ap += 16;
    bp += 32;
  }
  if (mr == MR && nr == NR && csc == 1) {
    const rs = (<usize>rsc) << 2;
    const p0 = c;
    const p1 = p0 + rs;
    const p2 = p1 + rs;
    const p3 = p2 + rs;
    if (beta) {
      c00 = f32x4.add(c00, v128.load(p0));
      c01 = f32x4.add(c01, v128.load(p0, 16));
      c10 = f32x4.add(c10, v128.load(p1));
      c11 = f32x4.add(c11, v128.load(p1, 16));
      c20 = f32x4.add(c20, v128.load(p2));
      c21 = f32x4.add(c21, v128.load(p2, 16));
      c30 = f32x4.add(c30, v128.load(p3));
      c31 = f32x4.add(c31, v128.load(p3, 16));
    }
    v128.store(p0, c00);
    v128.store(p0, c01, 16);
    v128.store(p1, c10);
    v128.store(p1, c11, 16);
    v128.store(p2, c20);
    v128.store(p2, c21, 16);
    v128.store(p3, c30);
    v128.store(p3, c31, 16);
    return;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
  v128.store(tile, c20, 64);
  v128.store(tile, c21, 80);
  v128.store(tile, c30, 96);
  v128.store(tile, c31, 112);
  for (let r = 0; r < mr; r++) {
    for (let j = 0; j < nr; j++) {
      const p = c + ((<usize>(r * rsc + j * csc)) << 2);
      const v = load<f32>(tile + ((<usize>(r * NR + j)) << 2));
      store<f32>(p, beta ? load<f32>(p) + v : v);
    }
  }
}
