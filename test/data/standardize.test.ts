import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fitStandardizer,
  parseStandardizer,
  standardize,
  standardizeSplit,
  unstandardize,
} from '../../src/data/standardize.js';
import { column, fromRows, toRows } from '../../src/tensor/matrix.js';

describe('standardizer', () => {
  it('fits population mean and std per column', () => {
    const s = fitStandardizer(
      fromRows(
        [
          [1, 10],
          [2, 20],
          [3, 30],
          [4, 40],
        ],
        'float64',
      ),
    );
    assert.deepEqual(s.mean, [2.5, 25]);
    assert.ok(Math.abs(s.std[0] - Math.sqrt(1.25)) < 1e-15);
    assert.ok(Math.abs(s.std[1] - 10 * Math.sqrt(1.25)) < 1e-12);
  });

  it('maps the training data to mean 0 and std 1, and back', () => {
    const x = fromRows(
      [
        [1, -3],
        [4, 8],
        [9, 0.5],
        [16, 2],
      ],
      'float64',
    );
    const s = fitStandardizer(x);
    const z = standardize(s, x);
    const again = fitStandardizer(z);
    for (let j = 0; j < 2; j++) {
      assert.ok(Math.abs(again.mean[j]) < 1e-15);
      assert.ok(Math.abs(again.std[j] - 1) < 1e-15);
    }
    const back = unstandardize(s, z);
    back.data.forEach((v, i) => {
      assert.ok(Math.abs(v - x.data[i]) < 1e-12);
    });
  });

  it('gives a constant column std 1 and standardized value 0, never NaN', () => {
    const x = fromRows([
      [0.1, 1],
      [0.1, 2],
      [0.1, 3],
    ]);
    const s = fitStandardizer(x);
    assert.equal(s.std[0], 1);
    const z = standardize(s, x);
    for (const row of toRows(z)) assert.equal(row[0], 0);
    for (const v of z.data) assert.ok(!Number.isNaN(v));
  });

  it('standardizeSplit fits on the training split only', () => {
    const train = { x: column([0, 2, 4]), y: column([0, 0, 0]), task: 'regression' as const };
    const test = { x: column([100, 200]), y: column([0, 0]), task: 'regression' as const };
    const { split, standardizer } = standardizeSplit({ train, test });
    assert.deepEqual(standardizer.mean, [2]);
    const std = Math.sqrt(8 / 3);
    assert.ok(Math.abs(standardizer.std[0] - std) < 1e-12);
    assert.ok(Math.abs(split.test.x.data[0] - (100 - 2) / std) < 1e-4);
    assert.ok(Math.abs(split.test.x.data[1] - (200 - 2) / std) < 1e-4);
    assert.equal(split.test.y, test.y, 'targets are left alone');
  });

  it('survives a JSON round trip and validates what it reads', () => {
    const s = fitStandardizer(
      fromRows([
        [1, 5],
        [3, 5],
      ]),
    );
    const restored = parseStandardizer(JSON.parse(JSON.stringify(s)));
    assert.deepEqual(restored, s);
    assert.throws(() => parseStandardizer(null), /must be an object \{ mean: number\[\], std: number\[\] \}/);
    assert.throws(() => parseStandardizer({ mean: [0], std: [1, 2] }), /1 means but 2 standard deviations/);
    assert.throws(() => parseStandardizer({ mean: ['a'], std: [1] }), /mean\[0\] is not a finite number/);
    assert.throws(() => parseStandardizer({ mean: [0], std: [0] }), /std\[0\] must be a finite number > 0/);
  });

  it('passes kept columns (category codes) through unchanged', () => {
    const x = fromRows([
      [1, 0],
      [3, 2],
      [5, 1],
    ]);
    const s = fitStandardizer(x, { keep: [1] });
    assert.deepEqual([s.mean[1], s.std[1]], [0, 1]);
    assert.equal(s.mean[0], 3);
    assert.deepEqual(
      toRows(standardize(s, x)).map((r) => r[1]),
      [0, 2, 1],
    );
    assert.throws(
      () => fitStandardizer(x, { keep: [2] }),
      /keep column 2 is out of range for data of 2 columns/,
    );
  });

  it('rejects mismatched columns and non-finite data', () => {
    const s = fitStandardizer(fromRows([[1, 2]]));
    assert.throws(() => standardize(s, column([1])), /fitted on 2 columns but the data has 1/);
    assert.throws(() => fitStandardizer(fromRows([[1], [Number.NaN]])), /column 0 row 1 is NaN/);
    assert.throws(() => fitStandardizer(fromRows([])), /0 rows/);
  });
});
