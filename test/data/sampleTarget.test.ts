import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTarget } from '../../src/data/expression.js';
import { sampleTarget } from '../../src/data/sampleTarget.js';
import { Rng } from '../../src/tensor/rng.js';

describe('sampleTarget', () => {
  it('samples a 1-D target uniformly inside the domain, y = f(x) exactly without noise', async () => {
    const t = await parseTarget('sin(3*x) + abs(x)');
    const ds = sampleTarget(t, { n: 200, domain: [-2, 3], rng: new Rng(1), dtype: 'float64' });
    assert.equal(ds.task, 'regression');
    assert.deepEqual([ds.x.rows, ds.x.cols, ds.y.rows, ds.y.cols], [200, 1, 200, 1]);
    assert.deepEqual(ds.featureNames, ['x']);
    for (let i = 0; i < 200; i++) {
      const x = ds.x.data[i];
      assert.ok(x >= -2 && x < 3);
      assert.equal(ds.y.data[i], Math.sin(3 * x) + Math.abs(x));
    }
  });

  it('keeps float32 x and y consistent: y is f of the stored, rounded x', async () => {
    const t = await parseTarget('x^3');
    const ds = sampleTarget(t, { n: 50, rng: new Rng(2) });
    assert.ok(ds.x.data instanceof Float32Array);
    for (let i = 0; i < 50; i++) assert.equal(ds.y.data[i], Math.fround(ds.x.data[i] ** 3));
  });

  it('builds a 2-D grid with per-variable domains, ends included', async () => {
    const t = await parseTarget('x + 10*y');
    const ds = sampleTarget(t, {
      n: 10,
      sampling: 'grid',
      domain: [
        [0, 1],
        [-1, 1],
      ],
      dtype: 'float64',
    });
    assert.deepEqual([ds.x.rows, ds.x.cols], [9, 2]);
    assert.deepEqual(Array.from(ds.x.data), [0, -1, 0, 0, 0, 1, 0.5, -1, 0.5, 0, 0.5, 1, 1, -1, 1, 0, 1, 1]);
    assert.deepEqual(Array.from(ds.y.data), [-10, 0, 10, -9.5, 0.5, 10.5, -9, 1, 11]);
  });

  it('adds Gaussian noise of the requested size, reproducibly', async () => {
    const t = await parseTarget('0*x');
    const a = sampleTarget(t, { n: 4000, noise: 0.5, rng: new Rng(3), dtype: 'float64' });
    const b = sampleTarget(t, { n: 4000, noise: 0.5, rng: new Rng(3), dtype: 'float64' });
    assert.deepEqual(a.y.data, b.y.data);
    let ss = 0;
    for (const v of a.y.data) ss += v * v;
    const std = Math.sqrt(ss / 4000);
    assert.ok(Math.abs(std - 0.5) < 0.03, `std ${std}`);
  });

  it('reports where the target is not a real number', async () => {
    const t = await parseTarget('sqrt(x)');
    assert.throws(
      () => sampleTarget(t, { n: 5, sampling: 'grid', domain: [-1, 1] }),
      /target "sqrt\(x\)" is not a real number at x = -1 \(got NaN\)/,
    );
    const reciprocal = await parseTarget('1/x');
    assert.throws(() => sampleTarget(reciprocal, { n: 3, sampling: 'grid' }), /at x = 0 \(got Infinity\)/);
  });

  it('rejects bad options clearly', async () => {
    const t = await parseTarget('x*y');
    assert.throws(() => sampleTarget(t, { n: 10 }), /needs an rng for uniform sampling/);
    assert.throws(() => sampleTarget(t, { n: 10, sampling: 'grid', noise: 0.1 }), /needs an rng for noise/);
    assert.throws(() => sampleTarget(t, { n: 0, rng: new Rng(1) }), /sample count n must be an integer >= 1/);
    assert.throws(() => sampleTarget(t, { n: 3, sampling: 'grid' }), /grid sampling in 2-D needs n >= 4/);
    assert.throws(
      () => sampleTarget(t, { n: 5, rng: new Rng(1), domain: [[0, 1]] }),
      /2 variable\(s\).*1 domain/,
    );
    assert.throws(() => sampleTarget(t, { n: 5, rng: new Rng(1), domain: [1, 0] }), /finite low < high/);
    assert.throws(
      () => sampleTarget(t, { n: 5, rng: new Rng(1), noise: -1 }),
      /noise must be a finite number >= 0/,
    );
  });

  it('bounds the sample count before allocating, instead of a typed-array RangeError', async () => {
    const t = await parseTarget('x*y');
    for (const n of [1e12, 10_000_001, 2 ** 53]) {
      assert.throws(
        () => sampleTarget(t, { n, rng: new Rng(1) }),
        new RegExp(`^Error: sample count n must be at most 10,000,000, got ${n}$`),
      );
      assert.throws(() => sampleTarget(t, { n, sampling: 'grid' }), /must be at most 10,000,000/);
    }
    const vars = Array.from({ length: 30 }, (_, i) => `v${i}`);
    const wide = await parseTarget(vars.join('+'), vars);
    assert.throws(
      () => sampleTarget(wide, { n: 10_000_000, rng: new Rng(1) }),
      /^Error: 10000000 samples of 30 variables are more than 268435456 input values; lower the sample count n$/,
    );
  });
});
