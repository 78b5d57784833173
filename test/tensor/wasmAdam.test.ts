/**
 * The wasm SIMD Adam step against the scalar float32 loop and a float64
 * re-derivation of torch's rule, on odd lengths (SIMD body plus scalar tail),
 * over several steps, with lengths that make the module's memory grow; and its
 * flushing of values that would turn subnormal.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AdamKernel, wasmAdam } from '../../src/kernels/wasm/wasmAdam.js';
import { adamF32 } from '../../src/optim/rules/adam.js';
import { Rng } from '../../src/tensor/rng.js';

const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-8;
const LR = 1e-3;

/** Runs `steps` Adam steps with kernel on a parameter of length n; returns p, m, v. */
function run(kernel: AdamKernel, n: number, steps: number, seed: number): Float32Array[] {
  const rng = new Rng(seed);
  const p = Float32Array.from({ length: n }, () => rng.normal());
  const m = new Float32Array(n);
  const v = new Float32Array(n);
  const g = new Float32Array(n);
  for (let t = 1; t <= steps; t++) {
    for (let i = 0; i < n; i++) g[i] = rng.normal() * 10 ** ((i % 5) - 3);
    kernel(p, g, m, v, B1, B2, EPS, LR / (1 - B1 ** t), 1 / Math.sqrt(1 - B2 ** t));
  }
  return [p, m, v];
}

/** The same steps in float64 with torch's formula written out. */
function reference(n: number, steps: number, seed: number): number[][] {
  const rng = new Rng(seed);
  const p = Array.from({ length: n }, () => Math.fround(rng.normal()));
  const m = new Array<number>(n).fill(0);
  const v = new Array<number>(n).fill(0);
  for (let t = 1; t <= steps; t++) {
    for (let i = 0; i < n; i++) {
      const g = Math.fround(rng.normal() * 10 ** ((i % 5) - 3));
      m[i] = B1 * m[i] + (1 - B1) * g;
      v[i] = B2 * v[i] + (1 - B2) * g * g;
      const mHat = m[i] / (1 - B1 ** t);
      const vHat = v[i] / (1 - B2 ** t);
      p[i] -= (LR * mHat) / (Math.sqrt(vHat) + EPS);
    }
  }
  return [p, m, v];
}

/**
 * Relative to the value, plus an absolute part at the scale of the value's
 * gradients (10^(i mod 5 − 3), squared for v): m can cancel to far below them.
 */
function assertClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  rel: number,
  what: string,
  power: number,
): void {
  for (let i = 0; i < want.length; i++) {
    const tol = rel * (Math.abs(want[i]) + 10 ** (power * ((i % 5) - 3)));
    assert.ok(Math.abs(got[i] - want[i]) <= tol, `${what}[${i}]: got ${got[i]}, expected ${want[i]}`);
  }
}

describe('wasm Adam', () => {
  const wasm = wasmAdam();

  it('is available where WebAssembly SIMD is (Node 20)', () => {
    assert.ok(wasm);
  });

  for (const n of [1, 3, 4, 5, 17, 1001, 70_003]) {
    it(`agrees with the float32 loop and the float64 rule on ${n} values over 5 steps`, () => {
      assert.ok(wasm);
      const got = run(wasm, n, 5, n);
      const scalar = run(adamF32, n, 5, n);
      const want = reference(n, 5, n);
      ['p', 'm', 'v'].forEach((name, k) => {
        const power = name === 'v' ? 2 : 1;
        assertClose(got[k], scalar[k], 1e-5, `${name} vs scalar`, power);
        assertClose(got[k], want[k], 1e-5, `${name} vs float64`, power);
      });
    });
  }

  it('flushes would-be subnormals (gradients below 2⁻⁵⁸, moments below 2⁻¹⁰⁰) and keeps NaN', () => {
    assert.ok(wasm);
    // Seven values: a SIMD body of four and a scalar tail of three, each holding every case.
    const g = Float32Array.of(1e-20, 0, Number.NaN, 0.5, 1e-20, 0, Number.NaN);
    const p = new Float32Array(7).fill(1);
    const m = Float32Array.of(0, 5e-31, 0, 0, 0, 5e-31, 0);
    const v = Float32Array.of(0, 5e-31, 0, 0, 0, 5e-31, 0);
    wasm(p, g, m, v, B1, B2, EPS, LR / (1 - B1), 1 / Math.sqrt(1 - B2));
    for (const i of [0, 4]) assert.deepEqual([p[i], m[i], v[i]], [1, 0, 0], `tiny gradient at ${i}`);
    for (const i of [1, 5]) assert.deepEqual([m[i], v[i]], [0, 0], `decayed moments at ${i}`);
    for (const i of [2, 6]) assert.ok(Number.isNaN(p[i]) && Number.isNaN(m[i]), `NaN at ${i}`);
    assert.ok(Math.abs(p[3] - (1 - LR)) < 1e-6, 'a normal gradient steps by lr');
  });

  it('is deterministic: the same inputs give the same bits', () => {
    assert.ok(wasm);
    assert.deepEqual(run(wasm, 999, 3, 7), run(wasm, 999, 3, 7));
  });
});
