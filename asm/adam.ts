// AssemblyScript source of the WebAssembly SIMD float32 Adam step (compiled by scripts/build-wasm.mjs).
//
//   m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²,   p ← p − s·m / (√v·r + ε)
//
// with s = lr/(1 − β₁ᵗ) and r = 1/√(1 − β₂ᵗ) hoisted by the caller, in float32
// arithmetic as torch does on float32 tensors. p, g, m, v are n floats each at
// 16-byte aligned byte offsets in the imported memory (owned by
// src/kernels/wasm/wasmAdam.ts); hyper points to β₁, 1 − β₁, β₂, 1 − β₂, s, r,
// ε as seven floats. Four lanes per instruction make the step
// memory-bound where V8's scalar float64 loop is bound by its divisions.
//
// This file is plain TypeScript syntax (no decorators) so that repository
// tooling can parse it; it is not part of the tsc project.

// Subnormal floats cost x86 a microcode assist per instruction (wasm cannot set
// flush-to-zero), and Adam breeds them: v holds g², and m and v decay
// geometrically once a weight's gradient stops. So gradients below 2⁻⁵⁸ count
// as zero (then (1 − β₂)·g² stays normal) and moments below 2⁻¹⁰⁰ are flushed to
// zero; the steps they would have made are under 1e-25 in absolute terms. NaN passes.
const TINY_G: f32 = 3.469446951953614e-18; // 2^-58
const TINY_MOMENT: f32 = 7.888609052210118e-31; // 2^-100

/** x, or 0 where |x| < tiny (NaN compares false, so it is kept). */
function flush(x: v128, tiny: v128): v128 {
  return v128.andnot(x, f32x4.lt(f32x4.abs(x), tiny));
}

function flushScalar(x: f32, tiny: f32): f32 {
  return Mathf.abs(x) < tiny ? 0 : x;
}

/** First byte past the module's static data: the loader places the operands from here. */
export function heapBase(): usize {
  return __heap_base;
}

export function adam(n: i32, p: usize, g: usize, m: usize, v: usize, hyper: usize): void {
  // The hyperparameters come through memory: float arguments would be boxed by V8 on every call.
  const beta1 = load<f32>(hyper);
  const oneMinusBeta1 = load<f32>(hyper, 4);
  const beta2 = load<f32>(hyper, 8);
  const oneMinusBeta2 = load<f32>(hyper, 12);
  const stepSize = load<f32>(hyper, 16);
  const invBc2Sqrt = load<f32>(hyper, 20);
  const eps = load<f32>(hyper, 24);
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(oneMinusBeta2);
  const s = f32x4.splat(stepSize);
  const r = f32x4.splat(invBc2Sqrt);
  const e = f32x4.splat(eps);
  const tg = f32x4.splat(TINY_G);
  const tm = f32x4.splat(TINY_MOMENT);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = (<usize>i) << 2;
    const gi = flush(v128.load(g + o), tg);
    const mi = flush(f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(c1, gi)), tm);
    const vi = flush(f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(f32x4.mul(c2, gi), gi)), tm);
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const d = f32x4.add(f32x4.mul(f32x4.sqrt(vi), r), e);
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.div(f32x4.mul(s, mi), d)));
  }
  for (let i = n4; i < n; i++) {
    const o = (<usize>i) << 2;
    const gi = flushScalar(load<f32>(g + o), TINY_G);
    const mi = flushScalar(beta1 * load<f32>(m + o) + oneMinusBeta1 * gi, TINY_MOMENT);
    const vi = flushScalar(beta2 * load<f32>(v + o) + oneMinusBeta2 * gi * gi, TINY_MOMENT);
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(p + o, load<f32>(p + o) - (stepSize * mi) / (sqrt<f32>(vi) * invBc2Sqrt + eps));
  }
}
