/**
 * The library's constructions, checked exactly: with dyadic inputs and
 * weights every product and sum the engine forms is exact in float64, so
 * these compare with ===; elsewhere the error bound is 1e-12 relative.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  absNet,
  bumpNet,
  countPieces1d,
  dyadicGrid,
  evaluate1d,
  evaluateRows,
  GATES,
  gateTruth,
  interpolantNet,
  logicNet,
  maxNet,
  memorizeWithBumps,
  minNet,
  rampNet,
  sawtoothNet,
  shallowSawtoothNet,
  squareHinges,
  supError1d,
  unitContributions,
  width2Memorize,
  yarotskyBound,
  yarotskySquare,
} from '../../src/analysis/index.js';
import { linearRegions1d } from '../../src/analysis/regions/index.js';
import type { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/mlp.js';
import { assertExact } from '../helpers/exact.js';
import { arbSeed, rngFrom } from '../helpers/random.js';

const dyadic = (bits: number, range: number) =>
  fc.integer({ min: -range * 2 ** bits, max: range * 2 ** bits }).map((k) => k / 2 ** bits);

describe('|x|, max, min, gates', () => {
  const xs = dyadicGrid(4, 6);
  const pairs = dyadicGrid(2, 3).flatMap((a) => dyadicGrid(2, 3).map((b) => [a, b]));

  it('|x| = relu(x) + relu(−x) exactly', () => {
    assertExact('|x|', evaluate1d(absNet(), xs), xs.map(Math.abs));
    assert.equal(absNet().linears()[0].nOut, 2);
  });

  it('max with three hidden ReLUs and with a skip connection (one ReLU), and min, exactly', () => {
    const max = pairs.map(([a, b]) => Math.max(a, b));
    assertExact('max', evaluateRows(maxNet(), pairs).flat(), max);
    assertExact('max skip', evaluateRows(maxNet({ skip: true }), pairs).flat(), max);
    assertExact(
      'min',
      evaluateRows(minNet(), pairs).flat(),
      pairs.map(([a, b]) => Math.min(a, b)),
    );
    assert.deepEqual(
      [maxNet(), maxNet({ skip: true })].map((m) => m.activationLayers().map((a) => a.nIn)),
      [[3], [1]],
    );
  });

  it('max and min stay exact on any dyadic pair (property)', () => {
    fc.assert(
      fc.property(dyadic(20, 1000), dyadic(20, 1000), (a, b) => {
        assert.equal(evaluateRows(maxNet(), [[a, b]])[0][0], Math.max(a, b));
        assert.equal(evaluateRows(maxNet({ skip: true }), [[a, b]])[0][0], Math.max(a, b));
        assert.equal(evaluateRows(minNet(), [[a, b]])[0][0], Math.min(a, b));
      }),
      { numRuns: 200 },
    );
  });

  for (const gate of GATES) {
    it(`${gate.toUpperCase()} on {0, 1}² exactly`, () => {
      const inputs = [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ];
      assertExact(
        gate,
        evaluateRows(logicNet(gate), inputs).flat(),
        inputs.map(([a, b]) => gateTruth[gate](a, b)),
      );
    });
  }
});

describe('ramps, tents and memorising with bumps', () => {
  it('the ramp relu(x − a) − relu(x − b) is 0, then x − a, then b − a', () => {
    const xs = dyadicGrid(4, 5);
    assertExact(
      'ramp',
      evaluate1d(rampNet(-1, 1.5), xs),
      xs.map((x) => Math.min(Math.max(x + 1, 0), 2.5)),
    );
    assert.throws(() => rampNet(1, 1), /a < b/);
  });

  it('the tent relu(1 − |x − c|/ε) exactly, with three ReLUs', () => {
    const xs = dyadicGrid(3, 6);
    const tent = bumpNet(0.75, 0.5);
    assertExact(
      'tent',
      evaluate1d(tent, xs),
      xs.map((x) => Math.max(0, 1 - Math.abs(x - 0.75) / 0.5)),
    );
    assert.equal(tent.activationLayers()[0].nIn, 3);
  });

  it('memorises N labelled points exactly (dyadic) with 3N units', () => {
    const xs = [0.5, -1.25, 2, 0.75, 3.5];
    const ys = [1, -2, 0.25, 4, -0.5];
    const m = memorizeWithBumps(xs, ys);
    assertExact('bumps', evaluate1d(m.model, xs), ys);
    assert.equal(m.units, 15);
    assert.equal(m.eps, 0.25);
  });

  it('memorises any distinct points to 1e-12 relative (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 30 }),
        arbSeed,
        (ks, seed) => {
          const rng = rngFrom(seed);
          const xs = ks.map((k) => k / 7);
          const ys = xs.map(() => rng.uniformIn(-5, 5));
          const got = evaluate1d(memorizeWithBumps(xs, ys).model, xs);
          got.forEach((g, i) => {
            assert.ok(Math.abs(g - ys[i]) <= 1e-12 * 1000, `x = ${xs[i]}: ${g} vs ${ys[i]}`);
          });
        },
      ),
      { numRuns: 100 },
    );
    assert.throws(() => memorizeWithBumps([1, 1], [0, 1]), /distinct/);
  });
});

describe('piecewise-linear interpolants as one hidden layer', () => {
  it('any interpolant: k − 1 units, the values at the knots, affine between them (property)', () => {
    fc.assert(
      fc.property(arbSeed, fc.integer({ min: 2, max: 12 }), (seed, k) => {
        const rng = rngFrom(seed);
        const knots = [rng.uniformIn(-2, 0)];
        for (let i = 1; i < k; i++) knots.push(knots[i - 1] + rng.uniformIn(0.1, 1));
        const values = knots.map(() => rng.uniformIn(-3, 3));
        const net = interpolantNet(knots, values);
        assert.equal(net.activationLayers()[0].nIn, k - 1);
        evaluate1d(net, knots).forEach((v, i) => {
          assert.ok(Math.abs(v - values[i]) <= 1e-12 * 10, `knot ${i}`);
        });
        const { kinks } = linearRegions1d(net, knots[0], knots[k - 1]);
        for (const b of kinks)
          assert.ok(
            knots.some((t) => Math.abs(t - b) <= 1e-12 * 10),
            `breakpoint ${b}`,
          );
        // Between knots the net is the chord.
        const mids = knots.slice(1).map((t, i) => (t + knots[i]) / 2);
        evaluate1d(net, mids).forEach((v, i) => {
          assert.ok(Math.abs(v - (values[i] + values[i + 1]) / 2) <= 1e-11, `midpoint ${i}`);
        });
      }),
      { numRuns: 100 },
    );
  });

  for (const k of [1, 2, 3, 5, 8, 16, 64]) {
    it(`x² on [−1, 1] by ${k} hinges: sup error h²·max|f''|/8 = 1/k², attained at the midpoints`, () => {
      const s = squareHinges(k);
      assert.equal(s.model.activationLayers()[0].nIn, k);
      assert.equal(s.bound, 1 / (k * k));
      const { maxError, at } = supError1d(s.model, (x) => x * x, -1, 1);
      assert.ok(maxError <= s.bound * (1 + 1e-12), `${maxError} > ${s.bound}`);
      assert.ok(maxError >= s.bound * (1 - 1e-12), 'the bound is attained');
      assert.ok(
        s.knots.some((t, i) => i > 0 && Math.abs((t + s.knots[i - 1]) / 2 - at) < 1e-12),
        `at a midpoint: ${at}`,
      );
    });
  }
});

describe('Telgarsky sawtooth', () => {
  for (let k = 1; k <= 10; k++) {
    it(`depth ${k}: exactly 2^${k} pieces on [0, 1]; the one-layer net with 2^${k} units is the same function`, () => {
      const deep = sawtoothNet(k);
      const shallow = shallowSawtoothNet(k);
      const regions = linearRegions1d(deep, 0, 1);
      assert.equal(countPieces1d(deep, 0, 1), 2 ** k);
      assert.equal(regions.pieces.length, 2 ** k, 'as many activation regions as pieces');
      assertExact(
        'kinks',
        regions.kinks,
        Array.from({ length: 2 ** k - 1 }, (_, j) => (j + 1) / 2 ** k),
      );
      assert.equal(countPieces1d(shallow, 0, 1), 2 ** k);
      assert.equal(shallow.activationLayers()[0].nIn, 2 ** k);
      assert.deepEqual(
        deep.activationLayers().map((a) => a.nIn),
        new Array(k).fill(2),
      );
      const xs = Array.from({ length: 2 ** (k + 2) + 1 }, (_, i) => i / 2 ** (k + 2));
      const ys = evaluate1d(deep, xs);
      assertExact('deep = shallow', evaluate1d(shallow, xs), ys);
      xs.forEach((x, i) => {
        const m = x * 2 ** k;
        if (Number.isInteger(m)) assert.equal(ys[i], m % 2, `T^${k}(${x})`);
      });
      assert.equal(deep.paramCount(), 6 * k + 1);
      assert.equal(shallow.paramCount(), 3 * 2 ** k + 1);
    });
  }
});

describe('Yarotsky x²', () => {
  for (let m = 1; m <= 8; m++) {
    it(`${m} sawtooth steps: the interpolant at j/2^${m}, sup error exactly 2^(−2·${m}−2)`, () => {
      const net = yarotskySquare(m);
      const { maxError } = supError1d(net, (x) => x * x, 0, 1);
      assert.equal(maxError, yarotskyBound(m));
      const xs = Array.from({ length: 2 ** (m + 3) + 1 }, (_, i) => i / 2 ** (m + 3));
      assertExact('= hinges', evaluate1d(net, xs), evaluate1d(interpolantNet(...squareKnots(m)), xs));
      assert.deepEqual(
        net.activationLayers().map((a) => a.nIn),
        new Array(m).fill(3),
      );
    });
  }
});

function squareKnots(m: number): [number[], number[]] {
  const knots = Array.from({ length: 2 ** m + 1 }, (_, j) => j / 2 ** m);
  return [knots, knots.map((t) => t * t)];
}

describe('width-2 memorisation', () => {
  it('N labelled points in R^d, M classes: every output is its label, width 2, depth N ≤ 2N + 4M − 1 (property)', () => {
    fc.assert(
      fc.property(
        arbSeed,
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        (seed, n, d, classes) => {
          const rng = rngFrom(seed);
          const points = Array.from({ length: n }, () =>
            Array.from({ length: d }, () => rng.uniformIn(-3, 3)),
          );
          const labels = points.map(() => Math.floor(rng.uniform() * classes));
          const w = width2Memorize(points, labels, { seed });
          const out = evaluateRows(w.model, points).map((r) => r[0]);
          out.forEach((o, i) => {
            assert.ok(Math.abs(o - labels[i]) < 1e-9, `point ${i}: ${o} vs ${labels[i]}`);
          });
          assert.equal(w.depth, n);
          assert.ok(w.depth <= w.paperDepthBound);
          assert.ok(w.model.activationLayers().every((a) => a.nIn === 2));
          assert.ok(w.model.linears().every((l: Linear) => l.nOut <= 2));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses points that coincide', () => {
    assert.throws(
      () =>
        width2Memorize(
          [
            [1, 2],
            [1, 2],
          ],
          [0, 1],
        ),
      /distinct/,
    );
  });
});

describe('unit contributions', () => {
  it('the units of a one-hidden-layer net sum, with the output bias, to its output', () => {
    const s = squareHinges(8);
    const xs = dyadicGrid(1, 6);
    const { perUnit, outputBias } = unitContributions(
      s.model,
      xs.map((x) => [x]),
    );
    assert.equal(perUnit.length, 8);
    const sum = xs.map((_, n) => perUnit.reduce((acc, u) => acc + u[n], outputBias));
    assertExact('sum', sum, evaluate1d(s.model, xs));
    assert.throws(() => unitContributions(sawtoothNet(2), [[0]]), /Linear → activation → Linear/);
  });
});

describe('evaluating models', () => {
  it('evaluate1d and evaluateRows feed a float32 model float32 inputs', () => {
    const net = mlp([1, 3, 1], { activation: 'relu', seed: 2 });
    const xs = [-1, 0, 0.5];
    assert.deepEqual(
      evaluate1d(net, xs),
      evaluateRows(
        net,
        xs.map((x) => [x]),
      ).flat(),
    );
    assert.equal(net.dtype, 'float32');
  });
});
