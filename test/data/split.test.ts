import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset } from '../../src/data/dataset.js';
import { selectRows, trainTestSplit } from '../../src/data/split.js';
import { column, fromRows } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

function numbered(n: number): Dataset {
  return {
    x: fromRows(Array.from({ length: n }, (_, i) => [i, 10 * i])),
    y: column(Array.from({ length: n }, (_, i) => i % 3)),
    task: 'multiclass',
    classes: ['a', 'b', 'c'],
    featureNames: ['i', '10i'],
    name: 'numbered',
  };
}

describe('trainTestSplit', () => {
  it('partitions the rows, keeps x and y paired and carries names over', () => {
    const { train, test } = trainTestSplit(numbered(100), 0.25, new Rng(1));
    assert.equal(test.x.rows, 25);
    assert.equal(train.x.rows, 75);
    const seen = [
      ...train.x.data.filter((_, k) => k % 2 === 0),
      ...test.x.data.filter((_, k) => k % 2 === 0),
    ];
    assert.deepEqual(
      seen.sort((a, b) => a - b),
      Array.from({ length: 100 }, (_, i) => i),
    );
    for (const part of [train, test]) {
      for (let r = 0; r < part.x.rows; r++) {
        assert.equal(part.x.data[2 * r + 1], 10 * part.x.data[2 * r]);
        assert.equal(part.y.data[r], part.x.data[2 * r] % 3);
      }
      assert.deepEqual(part.classes, ['a', 'b', 'c']);
      assert.deepEqual(part.featureNames, ['i', '10i']);
      assert.equal(part.task, 'multiclass');
    }
  });

  it('shuffles reproducibly: same seed same split, other seed other split', () => {
    const a = trainTestSplit(numbered(50), 0.2, new Rng(9));
    const b = trainTestSplit(numbered(50), 0.2, new Rng(9));
    const c = trainTestSplit(numbered(50), 0.2, new Rng(10));
    assert.deepEqual(a.test.x.data, b.test.x.data);
    assert.notDeepEqual(a.test.x.data, c.test.x.data);
    const firstTen = Array.from(a.train.x.data.filter((_, k) => k % 2 === 0)).slice(0, 10);
    assert.notDeepEqual(firstTen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('always leaves at least one row on each side', () => {
    const tiny = trainTestSplit(numbered(2), 0.01, new Rng(1));
    assert.deepEqual([tiny.train.x.rows, tiny.test.x.rows], [1, 1]);
    const most = trainTestSplit(numbered(3), 0.99, new Rng(1));
    assert.deepEqual([most.train.x.rows, most.test.x.rows], [1, 2]);
  });

  it('rejects bad fractions and too-small sets', () => {
    assert.throws(() => trainTestSplit(numbered(10), 0, new Rng(1)), /test fraction must be between 0 and 1/);
    assert.throws(() => trainTestSplit(numbered(10), 1, new Rng(1)), /test fraction/);
    assert.throws(() => trainTestSplit(numbered(10), Number.NaN, new Rng(1)), /test fraction/);
    assert.throws(() => trainTestSplit(numbered(1), 0.5, new Rng(1)), /needs at least 2/);
  });
});

describe('selectRows', () => {
  it('copies the chosen rows in order and checks indices', () => {
    const ds = selectRows(numbered(5), [4, 0]);
    assert.deepEqual(Array.from(ds.x.data), [4, 40, 0, 0]);
    assert.deepEqual(Array.from(ds.y.data), [1, 0]);
    assert.throws(() => selectRows(numbered(5), [5]), /row index 5 is out of range for a data set of 5 rows/);
  });
});
