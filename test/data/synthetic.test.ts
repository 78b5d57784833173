import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset } from '../../src/data/dataset.js';
import { parseTarget } from '../../src/data/expression.js';
import { sampleTarget } from '../../src/data/sampleTarget.js';
import {
  generateSynthetic,
  SYNTHETIC,
  SYNTHETIC_NAMES,
  type SyntheticName,
} from '../../src/data/synthetic.js';
import { FEATURE_NAMES_2D } from '../../src/data/syntheticClassification.js';
import { SURFACES } from '../../src/data/syntheticRegression.js';
import { Rng } from '../../src/tensor/rng.js';

function bytes(ds: Dataset): Buffer {
  return Buffer.concat([Buffer.from(ds.x.data.buffer), Buffer.from(ds.y.data.buffer)]);
}

function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.classes!.length).fill(0);
  for (const v of ds.y.data) counts[v]++;
  return counts;
}

describe('synthetic data sets', () => {
  it('the registry lists every set with a kind, a description and a default noise', () => {
    assert.deepEqual([...SYNTHETIC_NAMES].sort(), [
      'checkerboard',
      'circles',
      'gaussians',
      'moons',
      'plane',
      'ripple',
      'saddle',
      'spirals',
      'xor',
    ]);
    for (const name of SYNTHETIC_NAMES) {
      const spec = SYNTHETIC[name];
      assert.ok(spec.description.length > 0);
      assert.ok(spec.defaultNoise >= 0);
      assert.equal(spec.classCount === undefined, spec.kind === 'regression', name);
    }
  });

  for (const name of SYNTHETIC_NAMES) {
    it(`${name}: shape, task, names and finite values`, () => {
      const ds = generateSynthetic(name, { n: 301, rng: new Rng(7) });
      assert.deepEqual([ds.x.rows, ds.x.cols, ds.y.rows, ds.y.cols], [301, 2, 301, 1]);
      assert.deepEqual(ds.featureNames, ['x1', 'x2']);
      assert.equal(ds.name, name);
      for (const v of ds.x.data) assert.ok(Number.isFinite(v));
      if (SYNTHETIC[name].kind === 'regression') {
        assert.equal(ds.task, 'regression');
        assert.equal(ds.classes, undefined);
      } else {
        assert.equal(ds.classes!.length, SYNTHETIC[name].classCount!.default);
        assert.equal(ds.task, ds.classes!.length === 2 ? 'binary' : 'multiclass');
        const counts = classCounts(ds);
        assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `balanced: ${counts}`);
      }
    });

    it(`${name}: same seed gives identical bytes, another seed different ones`, () => {
      const a = generateSynthetic(name, { n: 200, rng: new Rng(11) });
      const b = generateSynthetic(name, { n: 200, rng: new Rng(11) });
      const c = generateSynthetic(name, { n: 200, rng: new Rng(12) });
      assert.ok(bytes(a).equals(bytes(b)));
      assert.ok(!bytes(a).equals(bytes(c)));
    });
  }

  it('labels follow the geometry when there is no noise', () => {
    const opts = { n: 400, noise: 0, dtype: 'float64' as const };
    const xor = generateSynthetic('xor', { ...opts, rng: new Rng(1) });
    const circles = generateSynthetic('circles', { ...opts, rng: new Rng(1) });
    const board = generateSynthetic('checkerboard', { ...opts, rng: new Rng(1) });
    for (let i = 0; i < 400; i++) {
      const [a, b] = [xor.x.data[2 * i], xor.x.data[2 * i + 1]];
      assert.equal(xor.y.data[i], a * b > 0 ? 1 : 0);
      const r = Math.hypot(circles.x.data[2 * i], circles.x.data[2 * i + 1]);
      assert.ok(Math.abs(r - (circles.y.data[i] === 0 ? 1 : 0.5)) < 1e-12);
      const col = Math.floor((board.x.data[2 * i] + 1) * 2);
      const row = Math.floor((board.x.data[2 * i + 1] + 1) * 2);
      assert.equal(board.y.data[i], (row + col) % 2);
    }
  });

  it('regression surfaces equal their formulas without noise', () => {
    const formulas: Partial<Record<SyntheticName, (a: number, b: number) => number>> = {
      plane: (a, b) => 0.8 * a - 0.5 * b + 0.3,
      saddle: (a, b) => a ** 2 - b ** 2,
      ripple: (a, b) => Math.cos(2 * Math.PI * Math.hypot(a, b)) * Math.exp(-Math.hypot(a, b)),
    };
    for (const [name, f] of Object.entries(formulas)) {
      const ds = generateSynthetic(name as SyntheticName, {
        n: 50,
        noise: 0,
        rng: new Rng(5),
        dtype: 'float64',
      });
      for (let i = 0; i < 50; i++) {
        const [a, b] = [ds.x.data[2 * i], ds.x.data[2 * i + 1]];
        assert.ok(a >= -1 && a <= 1 && b >= -1 && b <= 1);
        assert.ok(Math.abs(ds.y.data[i] - f(a, b)) < 1e-12, name);
      }
    }
  });

  it('regression surfaces give the bits their parsed formulas give, so the set is the one parseTarget made', async () => {
    const odd = [0, -0, 1, -1, 0.1, -0.7, 1e-300, -1e-12, Math.fround(0.3), 0.5 + 2 ** -52];
    for (const name of ['plane', 'saddle', 'ripple'] as const) {
      const { formula, f } = SURFACES[name];
      const parsed = await parseTarget(formula, FEATURE_NAMES_2D);
      assert.deepEqual(parsed.variables, FEATURE_NAMES_2D);
      for (const a of odd)
        for (const b of odd) assert.ok(Object.is(f(a, b), parsed.evaluate(a, b)), `${name}(${a}, ${b})`);
      for (const dtype of ['float32', 'float64'] as const) {
        const made = generateSynthetic(name, { n: 300, rng: new Rng(7), dtype });
        const options = {
          n: 300,
          noise: SYNTHETIC[name].defaultNoise,
          rng: new Rng(7),
          dtype,
          domain: [-1, 1] as const,
        };
        assert.ok(bytes(made).equals(bytes(sampleTarget(parsed, options))), `${name} ${dtype}`);
      }
    }
  });

  it('spirals and gaussians take a class count', () => {
    const spirals = generateSynthetic('spirals', { n: 500, classes: 5, rng: new Rng(2) });
    assert.equal(spirals.task, 'multiclass');
    assert.deepEqual(classCounts(spirals), [100, 100, 100, 100, 100]);
    const blobs = generateSynthetic('gaussians', {
      n: 40,
      classes: 2,
      noise: 0.1,
      rng: new Rng(2),
      dtype: 'float64',
    });
    assert.equal(blobs.task, 'binary');
    // Blob 1 sits at (2, 0) and blob 2 at (-2, 0): with a small spread the sign of x1 gives the class.
    for (let i = 0; i < 40; i++) assert.equal(blobs.y.data[i], blobs.x.data[2 * i] > 0 ? 0 : 1);
  });

  it('rejects bad options clearly', () => {
    const rng = new Rng(1);
    assert.throws(
      () => generateSynthetic('xor', { n: 0, rng }),
      /xor: sample count n must be an integer >= 1/,
    );
    assert.throws(() => generateSynthetic('moons', { n: 10, rng, noise: -0.1 }), /moons: noise must be/);
    assert.throws(() => generateSynthetic('xor', { n: 10, rng, classes: 3 }), /xor always has 2 classes/);
    assert.throws(() => generateSynthetic('plane', { n: 10, rng, classes: 3 }), /regression set/);
    assert.throws(
      () => generateSynthetic('spirals', { n: 10, rng, classes: 1 }),
      /classes must be an integer >= 2/,
    );
    assert.throws(() => generateSynthetic('spirals', { n: 3, rng, classes: 4 }), /needs n >= 4/);
    for (const name of ['xor', 'plane'] as const) {
      assert.throws(
        () => generateSynthetic(name, { n: 1e12, rng }),
        new RegExp(`^Error: ${name}: sample count n must be at most 10,000,000, got 1000000000000$`),
      );
    }
    assert.throws(
      () => generateSynthetic('nope' as SyntheticName, { n: 3, rng }),
      /unknown synthetic data set "nope"/,
    );
  });
});
