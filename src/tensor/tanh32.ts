/**
 * tanh for float32 outputs without Math.tanh, which V8 runs as a call into
 * fdlibm at about 15 ns per value (a quarter of a tiny tanh network's step).
 *
 * tanh(x) = x·P(x²)/Q(x²), a (5, 4) rational fitted to tanh(x)/x on
 * |x| ≤ 9.1 in relative error (≤ 1.5e-9, twenty times below half a float32
 * ulp), evaluated in float64: after the store's rounding the result is within
 * one float32 ulp of fround(Math.tanh(x)) (test/tensor/tanh32.test.ts sweeps
 * float32 bit patterns). Beyond 9.1 tanh rounds to ±1 in float32, so inputs
 * are clamped there; NaN passes through the clamp and the arithmetic.
 *
 * Only for float32 destinations: float64 models keep Math.tanh.
 */
const P0 = 0.9999999985865883;
const P1 = 0.13676305662957153;
const P2 = 0.0038638037357666237;
const P3 = 2.7916127928764585e-5;
const P4 = 3.036533388396566e-8;
const P5 = -1.204063389666317e-11;
const Q1 = 0.47009637614128963;
const Q2 = 0.027229284774554073;
const Q3 = 0.00039306527525899496;
const Q4 = 1.2809840217942645e-6;
const LIMIT = 9.1;

/** y[i] = tanh(x[i]) for i < n, rounded to float32 by the store. */
export function tanhF32(y: Float32Array, x: Float32Array | Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const c = Math.min(Math.max(x[i], -LIMIT), LIMIT);
    const t = c * c;
    const p = P0 + t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    const q = 1 + t * (Q1 + t * (Q2 + t * (Q3 + t * Q4)));
    y[i] = (c * p) / q;
  }
}
