import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DataFileError } from '../../src/data/errors.js';
import { FASHION_MNIST_CLASSES } from '../../src/data/fashionMnist.js';
import {
  DEFAULT_FASHION_MNIST_DIR,
  FASHION_MNIST_DIR_ENV,
  loadFashionMnist,
} from '../../src/data/fashionMnist.node.js';
import { withEnv } from '../helpers/env.js';
import { withTempDir } from '../io/helpers.js';
import { encodeIdx, tinyImageSet } from './idxFixture.js';

/** A Fashion-MNIST-shaped folder: train gzipped (as Debian ships it), test plain (as after gunzip). */
function writeTinyFashion(dir: string): void {
  const train = tinyImageSet(12, 4, 4, 10);
  const test = tinyImageSet(5, 4, 4, 10);
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(train.images));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(train.labels));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), test.images);
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), test.labels);
}

describe('loadFashionMnist', () => {
  it('reads the official split from the dir option, gzipped or not, with the class names', () =>
    withTempDir((dir) => {
      writeTinyFashion(dir);
      const { train, test } = loadFashionMnist({ dir, limit: 10 });
      assert.deepEqual([train.x.rows, train.x.cols, test.x.rows], [10, 16, 5]);
      assert.deepEqual(train.classes, FASHION_MNIST_CLASSES);
      assert.equal(train.task, 'multiclass');
      assert.deepEqual(Array.from(test.y.data), [0, 1, 2, 3, 4]);
      assert.equal(train.x.data[16], Math.fround(7 / 255));
      assert.equal(train.name, 'fashion-mnist (train)');
    }));

  it('takes the folder from the environment variable when no option is given', () =>
    withTempDir((dir) => {
      writeTinyFashion(dir);
      const { train } = withEnv(FASHION_MNIST_DIR_ENV, dir, () => loadFashionMnist());
      assert.equal(train.x.rows, 12);
    }));

  it('says which file is missing and how to point at the data', () =>
    withTempDir((dir) => {
      const check = (options: { dir?: string }, pattern: RegExp) =>
        assert.throws(
          () => loadFashionMnist(options),
          (e: unknown) => e instanceof DataFileError && pattern.test(e.message),
        );
      check(
        { dir: join(dir, 'absent') },
        /Fashion-MNIST not found: .*absent does not exist; .*MLP_LAB_FASHION_MNIST_DIR/,
      );
      mkdirSync(join(dir, 'partial'));
      writeFileSync(join(dir, 'partial', 'train-images-idx3-ubyte'), encodeIdx('ubyte', [1, 1, 1], [0]));
      check(
        { dir: join(dir, 'partial') },
        /neither train-labels-idx1-ubyte\.gz nor train-labels-idx1-ubyte is in/,
      );
    }));

  const present = existsSync(join(DEFAULT_FASHION_MNIST_DIR, 't10k-labels-idx1-ubyte.gz'));
  it(`the installed files are 28 × 28 images in 10 classes (${present ? 'present' : 'absent: checks the error'})`, () =>
    withEnv(FASHION_MNIST_DIR_ENV, undefined, () => {
      if (!present) {
        assert.throws(() => loadFashionMnist(), /apt-get install dataset-fashion-mnist/);
        return;
      }
      const { train, test } = loadFashionMnist({ limit: 100 });
      assert.deepEqual([train.x.rows, train.x.cols, test.x.rows], [100, 784, 100]);
      for (const v of test.y.data) assert.ok(Number.isInteger(v) && v >= 0 && v < 10);
      for (const v of train.x.data) assert.ok(v >= 0 && v <= 1);
    }));
});
