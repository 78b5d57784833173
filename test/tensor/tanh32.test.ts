/**
 * tanhF32 against fround(Math.tanh): within one float32 ulp on a sweep of
 * float32 bit patterns of both signs, exact at the special values, and
 * honouring n on odd lengths.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tanhF32 } from '../../src/tensor/tanh32.js';

const bits = new Uint32Array(1);
const float = new Float32Array(bits.buffer);

/** Distance in float32 ulps, counting across zero. */
function ulps(a: number, b: number): number {
  const key = (v: number) => {
    float[0] = v;
    const u = bits[0];
    return u >>> 31 ? -(u & 0x7fffffff) : u;
  };
  return Math.abs(key(a) - key(b));
}

describe('tanhF32', () => {
  it('is within 1 ulp of fround(Math.tanh) from the smallest subnormal to infinity, both signs', () => {
    const n = 1 << 16;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    let worst = 0;
    // Every 4093rd positive bit pattern: about 520k inputs over all binades.
    for (let start = 1; start < 0x7f800000; start += n * 4093) {
      for (let i = 0; i < n; i++) {
        bits[0] = Math.min(start + i * 4093, 0x7f800000);
        x[i] = i & 1 ? -float[0] : float[0];
      }
      tanhF32(y, x, n);
      for (let i = 0; i < n; i++) {
        const d = ulps(y[i], Math.fround(Math.tanh(x[i])));
        if (d > worst) worst = d;
        assert.ok(d <= 1, `tanh(${x[i]}): got ${y[i]}, expected ${Math.fround(Math.tanh(x[i]))}`);
      }
    }
    assert.ok(worst <= 1);
  });

  it('is dense-checked where tanh bends most, |x| < 10', () => {
    const n = 200_001;
    const x = new Float64Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = Math.fround(-10 + (20 * i) / (n - 1));
    tanhF32(y, x, n);
    for (let i = 0; i < n; i++) assert.ok(ulps(y[i], Math.fround(Math.tanh(x[i]))) <= 1, `tanh(${x[i]})`);
  });

  it('keeps 0, −0, ±1 at ±infinity, NaN, and writes only the first n values', () => {
    const x = Float32Array.of(0, -0, Infinity, -Infinity, Number.NaN, 20, -20, 0.5, 7);
    const y = new Float32Array(x.length).fill(42);
    tanhF32(y, x, 7);
    assert.ok(Object.is(y[0], 0) && Object.is(y[1], -0));
    assert.deepEqual(Array.from(y.subarray(2, 4)), [1, -1]);
    assert.ok(Number.isNaN(y[4]));
    assert.deepEqual(Array.from(y.subarray(5)), [1, -1, 42, 42]);
  });
});
