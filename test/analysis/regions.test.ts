/**
 * Exact linear regions against closed forms and against an independent
 * reference: the forward pass's own activation patterns on dense grids.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binomialSum } from '../../src/analysis/regions/bounds.js';
import { localAffineMap } from '../../src/analysis/regions/localAffine.js';
import { linearRegions1d, linearRegionsOnLine } from '../../src/analysis/regions/regions1d.js';
import { linearRegions2d, linearRegionsOnPlane } from '../../src/analysis/regions/regions2d.js';
import { Activation } from '../../src/nn/activationLayer.js';
import { Linear } from '../../src/nn/linear.js';
import { Sequential } from '../../src/nn/sequential.js';
import { Rng } from '../../src/tensor/rng.js';
import { area, forward, forwardPattern, randomNet } from './regionsHelpers.js';

/** A box holding every pairwise crossing of the net's first-layer lines, with a margin. */
function boxAroundCrossings(model: Sequential): { x: [number, number]; y: [number, number] } {
  const { weight: W, bias: b } = model.linears()[0].getWeights();
  let r = 1;
  for (let i = 0; i < W.length; i++) {
    for (let j = i + 1; j < W.length; j++) {
      const det = W[i][0] * W[j][1] - W[i][1] * W[j][0];
      const x = (-(b as number[])[i] * W[j][1] + (b as number[])[j] * W[i][1]) / det;
      const y = (-(b as number[])[j] * W[i][0] + (b as number[])[i] * W[j][0]) / det;
      r = Math.max(r, Math.abs(x), Math.abs(y));
    }
  }
  return { x: [-2 * r, 2 * r], y: [-2 * r, 2 * r] };
}

describe('exact linear regions', () => {
  it('one hidden layer in general position has exactly Zaslavsky’s count Σ_{i≤2} C(n, i)', () => {
    for (const [n, seed] of [
      [1, 1],
      [3, 2],
      [7, 3],
      [12, 4],
      [20, 5],
    ]) {
      const model = randomNet([2, n, 1], seed);
      const { count, regions } = linearRegions2d(model, boxAroundCrossings(model));
      assert.equal(count, Number(binomialSum(n, 2)), `n = ${n}`);
      assert.equal(regions.length, count);
      assert.equal(new Set(regions.map((r) => r.pattern)).size, count, 'every pattern once');
    }
  });

  it('the depth-k sawtooth built by hand has 2^k pieces on [0, 1], each of slope ±2^k', () => {
    for (let k = 1; k <= 8; k++) {
      const layers = [];
      // tent(x) = 2 relu(x) − 4 relu(x − ½) on [0, 1]; each layer feeds the next tent.
      for (let d = 0; d < k; d++) {
        const w =
          d === 0
            ? [[1], [1]]
            : [
                [2, -4],
                [2, -4],
              ];
        const b = d === 0 ? [0, -0.5] : [0, -0.5];
        layers.push(new Linear(w[0].length, 2, { dtype: 'float64' }).setWeights(w, b));
        layers.push(new Activation(2, 'relu', 'float64'));
      }
      layers.push(new Linear(2, 1, { dtype: 'float64' }).setWeights([[2, -4]], [0]));
      const { pieces, breakpoints, kinks } = linearRegions1d(new Sequential(layers), 0, 1);
      assert.equal(pieces.length, 2 ** k, `depth ${k}`);
      assert.equal(breakpoints.length, 2 ** k - 1);
      assert.equal(kinks.length, 2 ** k - 1);
      for (const p of pieces) assert.equal(Math.abs(p.slope[0]), 2 ** k);
      breakpoints.forEach((t, i) => {
        assert.ok(Math.abs(t - (i + 1) / 2 ** k) < 1e-12);
      });
    }
  });

  it('1D pieces agree with the forward pass and tile the interval', () => {
    const model = randomNet([1, 12, 9, 2], 11);
    const { pieces, breakpoints } = linearRegions1d(model, -3, 3);
    assert.equal(pieces[0].lo, -3);
    assert.equal(pieces[pieces.length - 1].hi, 3);
    for (let i = 1; i < pieces.length; i++) assert.equal(pieces[i].lo, pieces[i - 1].hi);
    assert.deepEqual(
      breakpoints,
      pieces.slice(1).map((p) => p.lo),
    );
    for (const p of pieces) {
      const x = (p.lo + p.hi) / 2;
      assert.equal(p.pattern, forwardPattern(model, [x]));
      const y = forward(model, [x]);
      p.slope.forEach((s, o) => {
        assert.ok(Math.abs(s * x + p.intercept[o] - y[o]) < 1e-12);
      });
    }
    const grid = new Set<string>();
    for (let i = 0; i <= 20000; i++) grid.add(forwardPattern(model, [-3 + (6 * i) / 20000]));
    const enumerated = new Set(pieces.map((p) => p.pattern));
    for (const p of grid) assert.ok(enumerated.has(p), `grid pattern ${p} is enumerated`);
  });

  for (const [widths, activation, seed] of [
    [[2, 6, 5, 1], 'relu', 21],
    [[2, 5, 4, 3, 2], 'relu', 22],
    [[2, 4, 4, 1], 'leaky_relu', 23],
    [[2, 4, 3, 1], 'hard_tanh', 24],
    [[2, 5, 1], 'hard_sigmoid', 25],
  ] as const) {
    it(`${activation} [${widths}]: grid patterns are enumerated, interiors have their patterns, areas tile the square`, () => {
      const model = randomNet(widths, seed, activation);
      const scale = activation === 'hard_sigmoid' ? 8 : 2;
      const domain = { x: [-scale, scale] as [number, number], y: [-scale, scale] as [number, number] };
      const { count, regions } = linearRegions2d(model, domain);
      const patterns = new Set(regions.map((r) => r.pattern));
      assert.equal(patterns.size, count, 'no pattern twice');
      let total = 0;
      for (const r of regions) {
        total += area(r.polygon);
        assert.equal(forwardPattern(model, r.interior), r.pattern, 'interior point has its pattern');
        const y = forward(model, r.interior);
        r.weight.forEach((w, o) => {
          const z = w[0] * r.interior[0] + w[1] * r.interior[1] + r.bias[o];
          assert.ok(Math.abs(z - y[o]) < 1e-12 * Math.max(1, Math.abs(y[o])), 'affine map matches the net');
        });
      }
      assert.ok(Math.abs(total - (2 * scale) ** 2) < 1e-9, `areas sum to ${total}`);
      const n = 150;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const x = [-scale + ((i + 0.5) * 2 * scale) / n, -scale + ((j + 0.5) * 2 * scale) / n];
          const p = forwardPattern(model, x);
          assert.ok(patterns.has(p), `pattern ${p} at (${x}) is enumerated`);
        }
      }
    });
  }

  it('localAffineMap gives the forward pass and the region’s own (W, b), at any depth', () => {
    const rng = new Rng(5);
    const model = randomNet([5, 16, 16, 16, 16, 3], 31);
    for (let t = 0; t < 50; t++) {
      const x = Array.from({ length: 5 }, () => rng.uniformIn(-2, 2));
      const { pattern, weight, bias, output } = localAffineMap(model, x);
      assert.equal(pattern, forwardPattern(model, x));
      const y = forward(model, x);
      output.forEach((v, o) => {
        assert.ok(Math.abs(v - y[o]) < 1e-12 * Math.max(1, Math.abs(y[o])));
      });
      // A small step that keeps the pattern keeps the map.
      const x2 = x.map((v) => v + 1e-7 * rng.uniformIn(-1, 1));
      if (forwardPattern(model, x2) === pattern) {
        const y2 = forward(model, x2);
        weight.forEach((w, o) => {
          const z = w.reduce((s, wi, i) => s + wi * x2[i], bias[o]);
          assert.ok(Math.abs(z - y2[o]) < 1e-12 * Math.max(1, Math.abs(y2[o])));
        });
      }
    }
  });

  it('the plane through A, B, C and the line from a to b see the same net as the forward pass', () => {
    const model = randomNet([4, 8, 6, 2], 41);
    const rng = new Rng(6);
    const [A, B, C] = [0, 1, 2].map(() => Array.from({ length: 4 }, () => rng.uniformIn(-1, 1)));
    const { regions } = linearRegionsOnPlane(model, A, B, C);
    let total = 0;
    for (const r of regions) {
      total += area(r.polygon);
      const [s, t] = r.interior;
      const x = A.map((a, j) => a + s * (B[j] - a) + t * (C[j] - a));
      assert.equal(forwardPattern(model, x), r.pattern);
    }
    assert.ok(Math.abs(total - 4) < 1e-9);
    const { pieces } = linearRegionsOnLine(model, A, B);
    for (const p of pieces) {
      const s = (p.lo + p.hi) / 2;
      assert.equal(
        forwardPattern(
          model,
          A.map((a, j) => a + s * (B[j] - a)),
        ),
        p.pattern,
      );
    }
  });

  it('an input standardisation is applied inside: regions are in the data’s units', () => {
    const model = randomNet([2, 6, 1], 51);
    const standardizer = { mean: [10, -4], std: [2, 0.5] };
    const raw = linearRegions2d(model, { x: [6, 14], y: [-5, -3] }, { standardizer });
    const std = linearRegions2d(model, { x: [-2, 2], y: [-2, 2] });
    assert.equal(raw.count, std.count);
    for (const r of raw.regions) {
      const x = [(r.interior[0] - 10) / 2, (r.interior[1] + 4) / 0.5];
      assert.equal(forwardPattern(model, x), r.pattern);
      const z = r.weight[0][0] * r.interior[0] + r.weight[0][1] * r.interior[1] + r.bias[0];
      assert.ok(Math.abs(z - forward(model, x)[0]) < 1e-12);
    }
  });
});
