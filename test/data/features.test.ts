import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { networkFormula } from '../../src/analysis/formula.js';
import {
  applyFeatures,
  type FeatureSpec,
  featureCount,
  featureIdentifiers,
  featureNames,
  fourierFrequencies,
  isIdentityFeatures,
  parseFeatureSpec,
  withFeatures,
} from '../../src/data/features.js';
import { mlp } from '../../src/nn/mlp.js';
import { fromRows } from '../../src/tensor/matrix.js';
import { evaluateText } from '../helpers/formulaText.js';

const PLANE: FeatureSpec = {
  inputs: ['x1', 'x2'],
  terms: ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'],
};

describe('input features', () => {
  it('compute the TensorFlow Playground columns exactly and name them', () => {
    const x = fromRows(
      [
        [0.5, -2],
        [3, 0.25],
      ],
      'float64',
    );
    const f = applyFeatures(PLANE, x);
    assert.equal(f.rows, 2);
    assert.equal(f.cols, 7);
    assert.deepEqual(Array.from(f.data.subarray(0, 5)), [0.5, -2, 0.25, 4, -1]);
    assert.deepEqual(Array.from(f.data.subarray(7, 12)), [3, 0.25, 9, 0.0625, 0.75]);
    // sin(0.5), sin(-2), sin(3), sin(0.25) to 15 digits.
    assert.ok(Math.abs(f.data[5] - 0.479425538604203) < 1e-15);
    assert.ok(Math.abs(f.data[6] + 0.909297426825682) < 1e-15);
    assert.ok(Math.abs(f.data[12] - 0.141120008059867) < 1e-15);
    assert.ok(Math.abs(f.data[13] - 0.247403959254523) < 1e-15);
    assert.deepEqual(featureNames(PLANE), ['x1', 'x2', 'x1²', 'x2²', 'x1·x2', 'sin(x1)', 'sin(x2)']);
    assert.equal(featureCount(PLANE), 7);
  });

  it('keep float32 data in float32, rounded once from the float64 value', () => {
    const a = 0.1;
    const b = 0.7;
    const f = applyFeatures({ inputs: ['x1', 'x2'], terms: ['x1*x2', 'x2^2'] }, fromRows([[a, b]]));
    assert.ok(f.data instanceof Float32Array);
    assert.equal(f.data[0], Math.fround(Math.fround(a) * Math.fround(b)));
    assert.equal(f.data[1], Math.fround(Math.fround(b) * Math.fround(b)));
  });

  it('work on one input (a 1-D function) with its own name', () => {
    const spec: FeatureSpec = {
      inputs: ['x'],
      terms: ['x', 'x^2', 'sin(x)'],
      fourier: { count: 2, scale: 1, seed: 5 },
    };
    assert.deepEqual(featureNames(spec), [
      'x',
      'x²',
      'sin(x)',
      'sin(2π·b1·x)',
      'cos(2π·b1·x)',
      'sin(2π·b2·x)',
      'cos(2π·b2·x)',
    ]);
    const f = applyFeatures(spec, fromRows([[0], [-1.5]], 'float64'));
    assert.equal(f.cols, 7);
    // At x = 0 every sine is 0 and every cosine 1.
    assert.deepEqual(Array.from(f.data.subarray(0, 7)), [0, 0, 0, 0, 1, 0, 1]);
    assert.deepEqual(Array.from(f.data.subarray(7, 10)).slice(0, 2), [-1.5, 2.25]);
    const [[b1], [b2]] = fourierFrequencies(spec);
    assert.equal(f.data[10], Math.sin(2 * Math.PI * (b1 * -1.5)));
    assert.equal(f.data[11], Math.cos(2 * Math.PI * (b1 * -1.5)));
    assert.equal(f.data[12], Math.sin(2 * Math.PI * (b2 * -1.5)));
  });

  it('draw the same Fourier columns from the same spec, to the bit, and others from another seed', () => {
    const spec: FeatureSpec = { inputs: ['x1', 'x2'], terms: [], fourier: { count: 64, scale: 3, seed: 9 } };
    const x = fromRows([
      [0.3, -0.8],
      [1.1, 0.4],
    ]);
    const a = applyFeatures(spec, x);
    const b = applyFeatures(JSON.parse(JSON.stringify(spec)) as FeatureSpec, x);
    assert.deepEqual(Array.from(a.data), Array.from(b.data));
    const c = applyFeatures({ ...spec, fourier: { count: 64, scale: 3, seed: 10 } }, x);
    assert.notDeepEqual(Array.from(a.data), Array.from(c.data));
    for (let k = 0; k < a.data.length; k += 2) {
      assert.ok(Math.abs(a.data[k] ** 2 + a.data[k + 1] ** 2 - 1) < 1e-6, 'sin² + cos² = 1');
    }
    // 128 draws of N(0, 3²): their standard deviation lies near 3.
    const all = fourierFrequencies(spec).flat();
    const sd = Math.sqrt(all.reduce((s, v) => s + v * v, 0) / all.length);
    assert.ok(sd > 2.4 && sd < 3.6, `sd ${sd}`);
  });

  it('tell the raw inputs apart from any other choice', () => {
    assert.equal(isIdentityFeatures({ inputs: ['x1', 'x2'], terms: ['x1', 'x2'] }), true);
    assert.equal(isIdentityFeatures({ inputs: ['x1', 'x2'], terms: ['x2', 'x1'] }), false);
    assert.equal(isIdentityFeatures({ inputs: ['x1', 'x2'], terms: ['x1'] }), false);
    assert.equal(isIdentityFeatures(PLANE), false);
    assert.equal(
      isIdentityFeatures({ inputs: ['x'], terms: ['x'], fourier: { count: 1, scale: 1, seed: 0 } }),
      false,
    );
  });

  it('replace a data set’s inputs and keep its targets', () => {
    const ds = { x: fromRows([[2, 3]]), y: fromRows([[1]]), task: 'binary' as const, classes: ['a', 'b'] };
    const f = withFeatures({ inputs: ['x1', 'x2'], terms: ['x1*x2'] }, ds);
    assert.deepEqual(Array.from(f.x.data), [6]);
    assert.equal(f.y, ds.y);
    assert.deepEqual(f.featureNames, ['x1·x2']);
    assert.deepEqual(f.classes, ['a', 'b']);
  });

  it('refuse malformed specs and data of the wrong width with one line each', () => {
    const bad: [unknown, RegExp][] = [
      [null, /must be an object/],
      [{ inputs: [], terms: ['x'] }, /inputs must be a non-empty list/],
      [{ inputs: ['x1', 'x1'], terms: ['x1'] }, /name a column twice/],
      [{ inputs: ['x1'], terms: ['x3'] }, /'x3', which is not an input \(x1\)/],
      [{ inputs: ['x1'], terms: ['cos(x1)'] }, /not one of the forms/],
      [{ inputs: ['x1'], terms: ['x1*x1'] }, /write 'x1\^2'/],
      [{ inputs: ['x1'], terms: ['x1', 'x1'] }, /list a term twice/],
      [{ inputs: ['x1'], terms: [] }, /gives no columns/],
      [
        { inputs: ['x1'], terms: [], fourier: { count: 0, scale: 1, seed: 0 } },
        /fourier.count must be an integer from 1/,
      ],
      [
        { inputs: ['x1'], terms: [], fourier: { count: 2, scale: -1, seed: 0 } },
        /fourier.scale must be a positive/,
      ],
      [{ inputs: ['x1'], terms: ['x1'], extra: 1 }, /unknown field 'extra'/],
    ];
    for (const [spec, why] of bad) assert.throws(() => parseFeatureSpec(spec, 'spec'), why);
    assert.deepEqual(parseFeatureSpec(PLANE), PLANE);
    assert.throws(
      () => applyFeatures(PLANE, fromRows([[1, 2, 3]])),
      /takes 2 inputs \(x1, x2\) but the data have 3 columns/,
    );
  });

  it('name every column as a formula variable, and the formulas over them compute what the model does', async () => {
    const spec: FeatureSpec = { ...PLANE, fourier: { count: 2, scale: 1, seed: 3 } };
    const ids = featureIdentifiers(spec);
    assert.deepEqual(ids, [
      'x1',
      'x2',
      'x1_sq',
      'x2_sq',
      'x1_x2',
      'sin_x1',
      'sin_x2',
      'sin_b1',
      'cos_b1',
      'sin_b2',
      'cos_b2',
    ]);
    const model = mlp([featureCount(spec), 5, 1], { activation: 'relu', seed: 4, dtype: 'float64' });
    const f = networkFormula(model, { inputs: ids });
    const x = fromRows([[0.3, -1.2]], 'float64');
    const columns = Array.from(applyFeatures(spec, x).data);
    const [got] = await evaluateText(f, columns);
    const want = model.predict(fromRows([columns], 'float64')).data[0];
    assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${got} vs ${want}`);
  });
});
