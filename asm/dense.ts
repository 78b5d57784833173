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
// offsets in the imported memory (owned by src/tensor/wasm/wasmDense.ts).
//
// This file is plain TypeScript syntax (no decorators) so that repository
// tooling can parse it; it is not part of the tsc project.

/** Activation codes; the loader keeps the same table (DENSE_ACTIVATIONS). */
const IDENTITY = 0;
const RELU = 1;
const LEAKY_RELU = 2;
const TANH = 3;

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

/** tanh as src/tensor/tanh32.ts computes it (same rational, float64), so both paths give the same bits. */
function tanh64(x: f64): f64 {
  const c = min(max(x, -9.1), 9.1);
  const t = c * c;
  const p =
    0.9999999985865883 +
    t *
      (0.13676305662957153 +
        t *
          (0.0038638037357666237 +
            t * (2.7916127928764585e-5 + t * (3.036533388396566e-8 + t * -1.204063389666317e-11))));
  const q =
    1 +
    t *
      (0.47009637614128963 +
        t * (0.027229284774554073 + t * (0.00039306527525899496 + t * 1.2809840217942645e-6)));
  return (c * p) / q;
}

/** y = f(z) over n values. ReLU keeps NaN and maps −0 and −∞ to 0, as the TypeScript pass does. */
function activate(z: usize, y: usize, n: i32, act: i32, alpha: f32): void {
  let i = 0;
  if (act == RELU) {
    const zero = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(at(z, i));
      v128.store(at(y, i), v128.bitselect(zero, v, f32x4.le(v, zero)));
    }
    for (; i < n; i++) {
      const v = load<f32>(at(z, i));
      store<f32>(at(y, i), Mathf.max(v, 0));
    }
  } else if (act == LEAKY_RELU) {
    for (; i < n; i++) {
      const v = load<f32>(at(z, i));
      store<f32>(at(y, i), v > 0 ? v : alpha * v);
    }
  } else if (act == TANH) {
    for (; i < n; i++) store<f32>(at(y, i), <f32>tanh64(<f64>load<f32>(at(z, i))));
  }
}

/** dz = dy ⊙ f′(z) over n values (y = f(z) gives tanh′ = 1 − y²). */
function activateBackward(dy: usize, z: usize, y: usize, dz: usize, n: i32, act: i32, alpha: f32): void {
  let i = 0;
  if (act == RELU) {
    const zero = f32x4.splat(0);
    for (; i + 4 <= n; i += 4)
      v128.store(at(dz, i), v128.and(v128.load(at(dy, i)), f32x4.gt(v128.load(at(z, i)), zero)));
    for (; i < n; i++) store<f32>(at(dz, i), load<f32>(at(z, i)) > 0 ? load<f32>(at(dy, i)) : 0);
  } else if (act == LEAKY_RELU) {
    for (; i < n; i++) {
      const d = load<f32>(at(dy, i));
      store<f32>(at(dz, i), load<f32>(at(z, i)) > 0 ? d : alpha * d);
    }
  } else if (act == TANH) {
    const one = f32x4.splat(1);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(at(y, i));
      v128.store(at(dz, i), f32x4.mul(v128.load(at(dy, i)), f32x4.sub(one, f32x4.mul(v, v))));
    }
    for (; i < n; i++) {
      const v = load<f32>(at(y, i));
      store<f32>(at(dz, i), load<f32>(at(dy, i)) * (1 - v * v));
    }
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
  alpha: f32,
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
 * From dy: gW (overwritten), gb (when b ≠ 0) and, when dx ≠ 0, dx. dz is
 * scratch for dy ⊙ f′(z) (unused for IDENTITY). x, w, z, y and wt = Wᵀ are
 * the forward's.
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
  alpha: f32,
  wt: usize,
): void {
  let d = dy;
  if (act != IDENTITY) {
    activateBackward(dy, z, y, dz, rows * nOut, act, alpha);
    d = dz;
  }
  const n4 = nOut & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    if (gb) {
      let s = f32x4.splat(0);
      for (let r = 0; r < rows; r++) s = f32x4.add(s, v128.load(at(d, r * nOut + j)));
      v128.store(at(gb, j), s);
    }
    for (let k = 0; k < nIn; k++) {
      let s = f32x4.splat(0);
      for (let r = 0; r < rows; r++)
        s = f32x4.add(
          s,
          f32x4.mul(f32x4.splat(load<f32>(at(x, r * nIn + k))), v128.load(at(d, r * nOut + j))),
        );
      store<f32>(at(gw, j * nIn + k), f32x4.extract_lane(s, 0));
      store<f32>(at(gw, (j + 1) * nIn + k), f32x4.extract_lane(s, 1));
      store<f32>(at(gw, (j + 2) * nIn + k), f32x4.extract_lane(s, 2));
      store<f32>(at(gw, (j + 3) * nIn + k), f32x4.extract_lane(s, 3));
    }
  }
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
