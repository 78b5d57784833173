import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dataFromName, dataNames, REAL_DATASETS } from '../../src/data/datasets.node.js';
import { SYNTHETIC_NAMES } from '../../src/data/synthetic.js';
import { Rng } from '../../src/tensor/rng.js';
import { withTempDir } from '../io/helpers.js';
import { tinyImageSet } from './idxFixture.js';

describe('dataFromName', () => {
  it('lists every synthetic and real set', () => {
    const names = dataNames();
    for (const n of [...SYNTHETIC_NAMES, ...Object.keys(REAL_DATASETS)]) assert.ok(names.includes(n), n);
    assert.ok(names.includes('fashion-mnist') && names.includes('breast-cancer'));
  });

  it('generates and splits a synthetic set reproducibly', () => {
    const a = dataFromName('moons', { rng: new Rng(5), n: 100, testFraction: 0.3 });
    const b = dataFromName('Moons', { rng: new Rng(5), n: 100, testFraction: 0.3 });
    assert.deepEqual([a.train.x.rows, a.test.x.rows], [70, 30]);
    assert.deepEqual(a.test.x.data, b.test.x.data);
    const spirals = dataFromName('spirals', { rng: new Rng(1), n: 30, classes: 3, noise: 0 });
    assert.deepEqual(spirals.train.classes, ['arm 1', 'arm 2', 'arm 3']);
  });

  it('loads CSV paths, scikit-learn sets and Fashion-MNIST from the given folders', () =>
    withTempDir((dir) => {
      const csv = join(dir, 'tiny.csv');
      writeFileSync(csv, 'a,b,c\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n');
      const fromCsv = dataFromName(csv, { rng: new Rng(1), testFraction: 0.5, csv: { target: 'c' } });
      assert.deepEqual([fromCsv.train.x.rows, fromCsv.test.x.rows], [2, 2]);
      assert.deepEqual(fromCsv.train.classes, ['x', 'y']);

      writeFileSync(join(dir, 'iris.csv'), '4,4,a,b\n1,1,1,1,0\n2,2,2,2,1\n3,3,3,3,0\n4,4,4,4,1\n');
      const iris = dataFromName('iris', { rng: new Rng(1), sklearnDir: dir, dtype: 'float64' });
      assert.equal(iris.train.x.rows + iris.test.x.rows, 4);
      assert.ok(iris.train.x.data instanceof Float64Array);

      const set = tinyImageSet(3, 2, 2, 10);
      for (const split of ['train', 't10k']) {
        writeFileSync(join(dir, `${split}-images-idx3-ubyte`), set.images);
        writeFileSync(join(dir, `${split}-labels-idx1-ubyte`), set.labels);
      }
      const fashion = dataFromName('fashion_mnist', { rng: new Rng(1), fashionMnistDir: dir, limit: 2 });
      assert.deepEqual([fashion.train.x.rows, fashion.test.x.rows, fashion.test.x.cols], [2, 2, 4]);
    }));

  it('names the choices for an unknown set', () => {
    assert.throws(
      () => dataFromName('mnist-ish', { rng: new Rng(1) }),
      /unknown data set "mnist-ish": choose one of xor, .*fashion-mnist.*, or give a path to a \.csv file/,
    );
  });
});
