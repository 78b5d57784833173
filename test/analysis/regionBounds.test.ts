/** The architecture bounds against hand-computed values and a brute-force sum over Serra et al.'s index set. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { binomial, regionBounds, regionBoundsExact } from '../../src/analysis/regions/bounds.js';

/** Serra et al.'s sum by listing every (j1, …, jL) in J. */
function serraBruteForce(widths: number[]): bigint {
  const n0 = widths[0];
  const hidden = widths.slice(1, -1);
  let total = 0n;
  const walk = (l: number, caps: number, product: bigint): void => {
    if (l === hidden.length) {
      total += product;
      return;
    }
    const n = hidden[l];
    for (let j = 0; j <= Math.min(caps, n); j++) walk(l + 1, Math.min(caps, n - j), product * binomial(n, j));
  };
  walk(0, n0, 1n);
  return total;
}

describe('region bounds', () => {
  it('hand-computed values', () => {
    assert.deepEqual(regionBounds([2, 5, 1]), { zaslavsky: 16, montufar: 16, serra: 16, naive: 5 });
    // [2, 4, 4]: ⌊4/2⌋² · (1 + 4 + 6) = 44; Serra: Σ over (j1, j2) of C(4, j1) C(4, j2), j2 ≤ min(2, 4 − j1).
    assert.deepEqual(regionBounds([2, 4, 4, 1]), { zaslavsky: null, montufar: 44, serra: 121, naive: 16 });
    // One input: Montúfar's W^{L−1}(W + 1); Serra's (W + 1)^L.
    assert.deepEqual(regionBounds([1, 4, 4, 1]), { zaslavsky: null, montufar: 20, serra: 25, naive: 16 });
    // A hidden layer narrower than the input: Montúfar's construction does not apply.
    assert.equal(regionBounds([3, 2, 5, 1]).montufar, null);
    assert.deepEqual(regionBounds([2, 1]), { zaslavsky: null, montufar: null, serra: 1, naive: null });
  });

  it('Serra’s dynamic programme equals the sum over J; the bounds are ordered', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 3, maxLength: 6 }), (widths) => {
        const b = regionBoundsExact(widths);
        assert.equal(b.serra, serraBruteForce(widths));
        if (b.montufar !== null) assert.ok(b.montufar <= (b.serra as bigint));
        if (widths.length === 3) assert.equal(b.zaslavsky, b.serra);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('large architectures stay exact in BigInt and finite as numbers', () => {
    const b = regionBoundsExact([784, 256, 256, 256, 10]);
    assert.equal(b.naive, 256n ** 3n);
    assert.ok((b.serra as bigint) > 2n ** 256n && (b.serra as bigint) < 2n ** 768n);
    // One layer no wider than the input: every subset of its units is a region.
    assert.equal(regionBoundsExact([784, 256, 10]).serra, 2n ** 256n);
    const n = regionBounds([784, 256, 256, 256, 10]);
    assert.ok(Number.isFinite(n.serra as number));
    assert.throws(() => regionBounds([2]), /at least two positive integers/);
    assert.throws(() => regionBounds([2, 0, 1]), /positive integers/);
  });
});
