// AssemblyScript source of the fused dense layer for small networks (compiled by scripts/build-wasm.mjs).
//
//   forward:   z = x·Wᵀ + b,   y = f(z)
//   backward:  dz = dy ⊙ f′(z),   gb = Σ_rows dz,   gW = dzᵀ·x,   dx = dz·W
//
// One call per layer and direction instead of a GEMM call per product plus a
// TypeScript pass per bias, activation and reduction: in a 2-8-8-1 network with
// batch 10 every product is a few hundred multiply-adds, so the calls and
// passes, not the arithmetic, set the step time. x, z, y, dy and dx are
// row-major [rows×n]; W is [nOut×nIn] as in PyTorch. Operands live at byte
// offsets in the imported memory (owned by src/kernels/wasm/wasmDense.ts).
//
// This file is plain TypeScript syntax (no decorators) so that repository
// tooling can parse it; it is not part of the tsc project.

/** Activation codes; the loader keeps the same table (DENSE_ACTIVATIONS). */
const IDENTITY = 0;
const RELU = 1;
const LEAKY_RELU = 2;
// tanh is 3: the activations below take it as the case left after the others.

/** First byte past the module's static data: the loader places the operands from here. */
export function heapBase(): usize {
  return __heap_base;
}

function at(base: usize, index: i32): usize {
  return base + ((<usize>index) << 2);
}

/** Σ a[k]·b[k] over n contiguous floats, four lanes at a time. */
function dot(a: usize, b: usize, n: i32): f32 {
  let v = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= n; k += 4) v = f32x4.add(v, f32x4.mul(v128.load(at(a, k)), v128.load(at(b, k))));
  let s: f32 =
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
  for (; k < n; k++) s += load<f32>(at(a, k)) * load<f32>(at(b, k));
  return s;
}

/**
 * tanh on two float64 lanes as src/tensor/tanh32.ts computes it (the same
 * rational, operations and order), so after rounding both paths give the same bits.
 */
function tanh2(x: v128): v128 {
  const c = f64x2.min(f64x2.max(x, f64x2.splat(-9.1)), f64x2.splat(9.1));
  const t = f64x2.mul(c, c);
  let p = f64x2.splat(-1.204063389666317e-11);
  p = f64x2.add(f64x2.splat(3.036533388396566e-8), f64x2.mul(t, p));
  p = f64x2.add(f64x2.splat(2.7916127928764585e-5), f64x2.mul(t, p));
  p = f64x2.add(f64x2.splat(0.0038638037357666237), f64x2.mul(t, p));
  p = f64x2.add(f64x2.splat(0.13676305662957153), f64x2.mul(t, p));
  p = f64x2.add(f64x2.splat(0.9999999985865883), f64x2.mul(t, p));
  let q = f64x2.splat(1.2809840217942645e-6);
  q = f64x2.add(f64x2.splat(0.00039306527525899496), f64x2.mul(t, q));
  q = f64x2.add(f64x2.splat(0.027229284774554073), f64x2.mul(t, q));
  q = f64x2.add(f64x2.splat(0.47009637614128963), f64x2.mul(t, q));
  q = f64x2.add(f64x2.splat(1), f64x2.mul(t, q));
  return f64x2.div(f64x2.mul(c, p), q);
}

/** The high two floats of v as float64 lanes (promote_low_f32x4 takes the low two). */
function high64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

/** Four floats from two pairs of float64 lanes, each rounded once. */
function join32(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** x > 0 ? x : alpha·x on float64 lanes. */
function leaky2(x: v128, alpha: f64): v128 {
  return v128.bitselect(x, f64x2.mul(f64x2.splat(alpha), x), f64x2.gt(x, f64x2.splat(0)));
}

/** z > 0 ? d : alpha·d on float64 lanes. */
function leakyGrad2(d: v128, z: v128, alpha: f64): v128 {
  return v128.bitselect(d, f64x2.mul(f64x2.splat(alpha), d), f64x2.gt(z, f64x2.splat(0)));
}

/** d·(1 − y²) on float64 lanes. */
function tanhGrad2(d: v128, y: v128): v128 {
  return f64x2.mul(d, f64x2.sub(f64x2.splat(1), f64x2.mul(y, y)));
}

/**
 * y = f(z) over n values, four at a time: the loader pads every operand to a
 * multiple of four floats, so the last vector may run into the padding. Every
 * activation gives the bits of its TypeScript pass in src/nn/activations.ts:
 * ReLU keeps NaN and maps −0 and −∞ to +0; leaky ReLU and tanh compute in
 * float64 and round once, as a float64 expression stored to a Float32Array does.
 */
export function activate(z: usize, y: usize, n: i32, act: i32, alpha: f64): void {
  if (act == RELU) {
    // ReLU, the common case, in a loop of its own: choosing the activation per vector was most of its cost.
    // pmax(z, 0) is z < 0 ? 0 : z, one x86 maxps where max needs a NaN- and sign-correcting sequence
    // (0.05 against 0.04 ms on 1024×256); adding +0 then turns −0 into +0, so a NaN stays NaN and
    // −0 and −∞ become +0: ReLU's bits.
    const zero = f32x4.splat(0);
    for (let i = 0; i < n; i += 4)
      v128.store(at(y, i), f32x4.add(f32x4.pmax(v128.load(at(z, i)), zero), zero));
  } else {
    // The callers pass identity nowhere (forward skips it), so what is not ReLU is leaky ReLU or tanh.
    for (let i = 0; i < n; i += 4) {
      const v = v128.load(at(z, i));
      v128.store(
        at(y, i),
        act == LEAKY_RELU
          ? join32(leaky2(f64x2.promote_low_f32x4(v), alpha), leaky2(high64(v), alpha))
          : join32(tanh2(f64x2.promote_low_f32x4(v)), tanh2(high64(v))),
      );
    }
  }
}

/**
 * dz = dy ⊙ f′(z) over n values, four at a time as activate runs, with the
 * bits of the TypeScript passes: ReLU's dy·(z > 0) + 0 keeps a non-finite dy
 * at an inactive unit as NaN; tanh′ = 1 − y² from y = f(z).
 */
export function activateBackward(
  dy: usize,
  z: usize,
  y: usize,
  dz: usize,
  n: i32,
  act: i32,
  alpha: f64,
): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  // As in activate, act is ReLU, leaky ReLU or tanh here.
  for (let i = 0; i < n; i += 4) {
    const d = v128.load(at(dy, i));
    let out: v128;
    if (act == RELU) {
      out = f32x4.add(f32x4.mul(d, v128.and(f32x4.gt(v128.load(at(z, i)), zero), one)), zero);
    } else if (act == LEAKY_RELU) {
      const v = v128.load(at(z, i));
      out = join32(
        leakyGrad2(f64x2.promote_low_f32x4(d), f64x2.promote_low_f32x4(v), alpha),
        leakyGrad2(high64(d), high64(v), alpha),
      );
    } else {
      const v = v128.load(at(y, i));
      out = join32(
        tanhGrad2(f64x2.promote_low_f32x4(d), f64x2.promote_low_f32x4(v)),
        tanhGrad2(high64(d), high64(v)),
      );
    }
    v128.store(at(dz, i), out);
  }
}

/**
 * z = x·Wᵀ + b (b = 0: no bias), then y = f(z) unless act is IDENTITY (y unused).
 * wt is scratch for Wᵀ [nIn×nOut], so that four outputs of a row share each
 * x value in one vector multiply-add; two rows at a time keep two sums in flight.
 */
export function forward(
  rows: i32,
  nIn: i32,
  nOut: i32,
  x: usize,
  w: usize,
  b: usize,
  z: usize,
  y: usize,
  act: i32,
  alpha: f64,
  wt: usize,
): void {
  for (let j = 0; j < nOut; j++)
    for (let k = 0; k < nIn; k++) store<f32>(at(wt, k * nOut + j), load<f32>(at(w, j * nIn + k)));
  const n4 = nOut & ~3;
  let r = 0;
  for (; r + 2 <= rows; r += 2) {
    const x0 = at(x, r * nIn);
    const x1 = x0 + ((<usize>nIn) << 2);
    const z0 = at(z, r * nOut);
    const z1 = z0 + ((<usize>nOut) << 2);
    let j = 0;
    for (; j < n4; j += 4) {
      let s0 = b ? v128.load(at(b, j)) : f32x4.splat(0);
      let s1 = s0;
      for (let k = 0; k < nIn; k++) {
        const wv = v128.load(at(wt, k * nOut + j));
        s0 = f32x4.add(s0, f32x4.mul(f32x4.splat(load<f32>(at(x0, k))), wv));
        s1 = f32x4.add(s1, f32x4.mul(f32x4.splat(load<f32>(at(x1, k))), wv));
      }
      v128.store(at(z0, j), s0);
      v128.store(at(z1, j), s1);
    }
    for (; j < nOut; j++) {
      const wr = at(w, j * nIn);
      const bj: f32 = b ? load<f32>(at(b, j)) : 0;
      store<f32>(at(z0, j), bj + dot(x0, wr, nIn));
      store<f32>(at(z1, j), bj + dot(x1, wr, nIn));
    }
  }
  if (r < rows) {
    const x0 = at(x, r * nIn);
    const z0 = at(z, r * nOut);
    let j = 0;
    for (; j < n4; j += 4) {
      let s0 = b ? v128.load(at(b, j)) : f32x4.splat(0);
      for (let k = 0; k < nIn; k++)
        s0 = f32x4.add(s0, f32x4.mul(f32x4.splat(load<f32>(at(x0, k))), v128.load(at(wt, k * nOut + j))));
      v128.store(at(z0, j), s0);
    }
    for (; j < nOut; j++) store<f32>(at(z0, j), (b ? load<f32>(at(b, j)) : 0) + dot(x0, at(w, j * nIn), nIn));
  }
  if (act != IDENTITY) activate(z, y, rows * nOut, act, alpha);
}

/**
 * From dy: gW (overwritten), gb (when gb ≠ 0) and, when dx ≠ 0, dx. dz is
 * scratch for dy ⊙ f′(z) (unused for IDENTITY), gwt scratch for gWᵀ. x, w,
 * z, y and wt = Wᵀ are the forward's, and stay as they are: the backward may
 * run again on the same forward.
 */
export function backward(
  rows: i32,
  nIn: i32,
  nOut: i32,
  x: usize,
  w: usize,
  z: usize,
  y: usize,
  dy: usize,
  dz: usize,
  gw: usize,
  gb: usize,
  dx: usize,
  act: i32,
  alpha: f64,
  wt: usize,
  gwt: usize,
): void {
  let d = dy;
  if (act != IDENTITY) {
    activateBackward(dy, z, y, dz, rows * nOut, act, alpha);
    d = dz;
  }
  // Rows outermost, so dz streams through once however many rows there are,
  // while the sums build up in gb and in gwt = gWᵀ (scratch), which stay in cache.
  const n4 = nOut & ~3;
  if (n4 > 0) {
    const zero = f32x4.splat(0);
    for (let i = 0; i < nIn * nOut; i += 4) v128.store(at(gwt, i), zero);
    if (gb) for (let i = 0; i < n4; i += 4) v128.store(at(gb, i), zero);
    for (let r = 0; r < rows; r++) {
      const dr = at(d, r * nOut);
      const xr = at(x, r * nIn);
      for (let j = 0; j < n4; j += 4) {
        const dv = v128.load(at(dr, j));
        if (gb) v128.store(at(gb, j), f32x4.add(v128.load(at(gb, j)), dv));
        for (let k = 0; k < nIn; k++) {
          const o = at(gwt, k * nOut + j);
          v128.store(o, f32x4.add(v128.load(o), f32x4.mul(f32x4.splat(load<f32>(at(xr, k))), dv)));
        }
      }
    }
    for (let j = 0; j < n4; j++)
      for (let k = 0; k < nIn; k++) store<f32>(at(gw, j * nIn + k), load<f32>(at(gwt, k * nOut + j)));
  }
  let j = n4;
  for (; j < nOut; j++) {
    if (gb) {
      let s: f32 = 0;
      for (let r = 0; r < rows; r++) s += load<f32>(at(d, r * nOut + j));
      store<f32>(at(gb, j), s);
    }
    // One output's weights are contiguous in gW, so vectorise over inputs here.
    let k = 0;
    for (; k + 4 <= nIn; k += 4) {
      let s = f32x4.splat(0);
      for (let r = 0; r < rows; r++)
        s = f32x4.add(
          s,
          f32x4.mul(f32x4.splat(load<f32>(at(d, r * nOut + j))), v128.load(at(x, r * nIn + k))),
        );
      v128.store(at(gw, j * nIn + k), s);
    }
    for (; k < nIn; k++) {
      let s: f32 = 0;
      for (let r = 0; r < rows; r++) s += load<f32>(at(x, r * nIn + k)) * load<f32>(at(d, r * nOut + j));
      store<f32>(at(gw, j * nIn + k), s);
    }
  }
  if (!dx) return;
  const k4 = nIn & ~3;
  for (let r = 0; r < rows; r++) {
    const dr = at(d, r * nOut);
    const xr = at(dx, r * nIn);
    let k = 0;
    for (; k < k4; k += 4) {
      let s = f32x4.splat(0);
      for (let i = 0; i < nOut; i++)
        s = f32x4.add(s, f32x4.mul(f32x4.splat(load<f32>(at(dr, i))), v128.load(at(w, i * nIn + k))));
      v128.store(at(xr, k), s);
    }
    for (; k < nIn; k++) store<f32>(at(xr, k), dot(dr, at(wt, k * nOut), nOut));
  }
}

/**
 * out = Σ_rows x over a rows×cols matrix, rows in order (the bits of a float32
 * running sum per column). Whole vectors only: the last vector of a row reads
 * up to three floats past it and writes as many past out's cols, so the caller
 * pads out to whole vectors and keeps three readable floats after x.
 */
export function columnSums(rows: i32, cols: i32, x: usize, out: usize): void {
  for (let j = 0; j < cols; j += 4) v128.store(at(out, j), f32x4.splat(0));
  for (let r = 0; r < rows; r++) {
    const xr = at(x, r * cols);
    for (let j = 0; j < cols; j += 4)
      v128.store(at(out, j), f32x4.add(v128.load(at(out, j)), v128.load(at(xr, j))));
  }
}
