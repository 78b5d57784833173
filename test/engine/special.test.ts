/** erf, erfc and GELU against values from mpmath at 40 digits, rounded to double. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activations } from '../../src/nn/activations.js';
import { erf, erfc } from '../../src/tensor/special.js';

/** The gap between |v| and the next double up. */
function ulp(v: number): number {
  const a = new Float64Array([Math.abs(v)]);
  const bits = new BigInt64Array(a.buffer);
  bits[0] += 1n;
  return a[0] - Math.abs(v);
}

// x, erf(x), erfc(x). 1.47 and 2.48 were the worst points of the earlier
// series-only erf (up to 54 ulps); 5.5 needs e^{−x²} without x²'s rounding.
const table: [number, number, number][] = [
  [0.3, 0.3286267594591274, 0.6713732405408726],
  [1.4723399655255207, 0.9626760821056203, 0.03732391789437967],
  [1.6, 0.976348383344644, 0.023651616655355985],
  [2.48, 0.9995472358136659, 0.00045276418633408106],
  [3.5, 0.9999992569016276, 7.430983723414128e-7],
  [5.5, 0.9999999999999927, 7.357847917974398e-15],
  [-0.9, -0.7969082124228322, 1.7969082124228322],
  [-2.44, -0.9994408261164486, 1.9994408261164487],
];

describe('erf and erfc', () => {
  for (const [x, e, c] of table) {
    it(`x = ${x}: erf within 8 ulps, erfc within 1e-13 relative`, () => {
      assert.ok(Math.abs(erf(x) - e) <= 8 * ulp(e), `erf(${x}) = ${erf(x)}, expected ${e}`);
      assert.ok(Math.abs(erfc(x) - c) <= 1e-13 * c, `erfc(${x}) = ${erfc(x)}, expected ${c}`);
    });
  }
  it('odd symmetry, limits and NaN', () => {
    for (const [x] of table) assert.equal(erf(-x), -erf(x));
    assert.equal(erf(0), 0);
    assert.equal(erf(30), 1);
    assert.equal(erfc(30), 0);
    assert.equal(erfc(-30), 2);
    assert.ok(Number.isNaN(erf(Number.NaN)) && Number.isNaN(erfc(Number.NaN)));
  });
});

describe('GELU keeps relative precision in its left tail', () => {
  // x, x·Φ(x).
  const gelu: [number, number][] = [
    [-6, -5.9195258702261885e-9],
    [-3.2484731662479307, -0.0018845392050889163],
    [-1, -0.15865525393145705],
    [0.5, 0.34573123063700656],
    [2, 1.9544997361036416],
  ];
  for (const [x, v] of gelu) {
    it(`gelu(${x}) within 1e-13 relative`, () => {
      const y = new Float64Array(1);
      activations.gelu.forward(y, new Float64Array([x]), 1, 0);
      assert.ok(Math.abs(y[0] - v) <= 1e-13 * Math.abs(v), `gelu(${x}) = ${y[0]}, expected ${v}`);
    });
  }
});
