/**
 * pieces1d against a slow, obviously right check: on every piece the net is
 * the affine map the piece claims (at its ends and inside), neighbouring
 * pieces differ, and a dense grid finds no slope change inside a piece.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluate1d } from '../../src/analysis/constructions/build.js';
import { NotPiecewiseLinearError, pieces1d } from '../../src/analysis/pieces1d.js';
import type { ActivationName } from '../../src/nn/layer.js';
import { mlp } from '../../src/nn/mlp.js';
import { arbSeed, rngFrom } from '../helpers/random.js';

const PL: ActivationName[] = ['relu', 'leaky_relu', 'hard_tanh', 'hard_sigmoid', 'identity'];

describe('pieces1d', () => {
  it('every piece is the affine map it claims, and the pieces tile the interval (property)', () => {
    fc.assert(
      fc.property(
        arbSeed,
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 0, maxLength: 3 }),
        fc.constantFrom(...PL),
        fc.boolean(),
        (seed, hidden, activation, residual) => {
          const model = mlp([1, ...hidden, 1], { activation, dtype: 'float64', seed, residual });
          const rng = rngFrom(seed);
          for (const { param } of model.namedParams()) rng.fillUniform(param.value.data, -2, 2);
          const { pieces, breakpoints } = pieces1d(model, -3, 3);
          assert.equal(pieces[0].lo, -3);
          assert.equal(pieces[pieces.length - 1].hi, 3);
          assert.equal(breakpoints.length, pieces.length - 1);
          pieces.forEach((p, i) => {
            if (i > 0) assert.equal(p.lo, pieces[i - 1].hi);
            const xs = [p.lo, (2 * p.lo + p.hi) / 3, (p.lo + 2 * p.hi) / 3, p.hi];
            evaluate1d(model, xs).forEach((y, j) => {
              const want = p.slope[0] * xs[j] + p.intercept[0];
              assert.ok(
                Math.abs(y - want) <= 1e-9 * Math.max(1, Math.abs(y)),
                `piece ${i} at ${xs[j]}: ${y} vs ${want}`,
              );
            });
          });
          // Between two grid points inside one piece the slope is that piece's slope.
          const grid = Array.from({ length: 601 }, (_, i) => -3 + i / 100);
          const ys = evaluate1d(model, grid);
          for (let i = 1; i < grid.length; i++) {
            const p = pieces.find((q) => q.lo <= grid[i - 1] && grid[i] <= q.hi);
            if (!p) continue;
            const slope = (ys[i] - ys[i - 1]) / (grid[i] - grid[i - 1]);
            assert.ok(
              Math.abs(slope - p.slope[0]) <= 1e-6 * Math.max(1, Math.abs(slope)),
              `slope at ${grid[i]}`,
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('names a layer that is not piecewise linear', () => {
    const model = mlp([1, 4, 1], { activation: 'tanh', dtype: 'float64' });
    assert.throws(
      () => pieces1d(model, 0, 1),
      (e: unknown) => {
        assert.ok(e instanceof NotPiecewiseLinearError);
        assert.match(e.message, /^layer 1 \(tanh\) is not piecewise linear/);
        return true;
      },
    );
  });
});
