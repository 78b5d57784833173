import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DataFileError } from '../../src/data/errors.js';
import { parseSklearnCsv } from '../../src/data/sklearnCsv.js';
import {
  DEFAULT_SKLEARN_DATA_DIR,
  loadSklearnDataset,
  SKLEARN_DATA_DIR_ENV,
  SKLEARN_DATASETS,
  type SklearnDatasetName,
} from '../../src/data/sklearnDatasets.node.js';
import { withEnv } from '../helpers/env.js';
import { withTempDir } from '../io/helpers.js';

const IRIS_LIKE =
  '4,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n7,3.2,4.7,1.4,1\n6.3,3.3,6,2.5,2\n4.9,3,1.4,0.2,0\n';

function fails(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof DataFileError && pattern.test(e.message));
}

describe('parseSklearnCsv', () => {
  it('reads the counts-and-class-names header and the rows', () => {
    const ds = parseSklearnCsv(IRIS_LIKE, { featureNames: ['a', 'b', 'c', 'd'], name: 'iris' });
    assert.deepEqual([ds.x.rows, ds.x.cols], [4, 4]);
    assert.deepEqual(ds.classes, ['setosa', 'versicolor', 'virginica']);
    assert.equal(ds.task, 'multiclass');
    assert.deepEqual(Array.from(ds.y.data), [0, 1, 2, 0]);
    assert.equal(ds.x.data[4], 7);
    assert.deepEqual(ds.featureNames, ['a', 'b', 'c', 'd']);
  });

  it('reads a headerless file (digits) with the class names given', () => {
    const ds = parseSklearnCsv('0,16,3\n4,0,1\n', { header: 'none', classes: ['0', '1', '2', '3'] });
    assert.deepEqual([ds.x.rows, ds.x.cols], [2, 2]);
    assert.deepEqual(Array.from(ds.y.data), [3, 1]);
  });

  it('names the file and line of every problem', () => {
    const src = { source: 'iris.csv' };
    fails(() => parseSklearnCsv('', src), /^iris\.csv: is empty/);
    fails(
      () => parseSklearnCsv('sepal,petal,kind\n1,2,0', src),
      /^iris\.csv line 1: expected the scikit-learn header/,
    );
    fails(
      () => parseSklearnCsv(IRIS_LIKE.replace('4,4,', '5,4,'), src),
      /header promises 5 samples but the file has 4/,
    );
    fails(
      () => parseSklearnCsv(IRIS_LIKE.replace('7,3.2', '7,x'), src),
      /^iris\.csv line 3: field 2 is "x", not a finite number/,
    );
    fails(
      () => parseSklearnCsv(IRIS_LIKE.replace('6.3,3.3,6,2.5,2', '6.3,3.3,6,2'), src),
      /^iris\.csv line 4: expected 5 fields/,
    );
    fails(
      () => parseSklearnCsv(IRIS_LIKE.replace('1.4,1\n', '1.4,7\n'), src),
      /^iris\.csv line 3: label 7 is not a class index 0\.\.2/,
    );
    fails(() => parseSklearnCsv('1,2,3\n', { ...src, header: 'none' }), /needs the class names option/);
    // A header asking for a billion features is caught at the first short row, before x is allocated.
    fails(
      () => parseSklearnCsv('2,1000000000,a,b\n1,0\n2,1', src),
      /^iris\.csv line 2: expected 1000000001 fields \(1000000000 features and a label\), found 2/,
    );
    fails(
      () => parseSklearnCsv(IRIS_LIKE, { ...src, featureNames: ['a'] }),
      /has 4 features but 1 feature names were given/,
    );
  });
});

describe('loadSklearnDataset', () => {
  it('finds files by the dir option, then the environment variable', () =>
    withTempDir((dir) => {
      writeFileSync(join(dir, 'iris.csv'), IRIS_LIKE);
      writeFileSync(join(dir, 'digits.csv.gz'), gzipSync(`${'1,'.repeat(64)}3\n${'0,'.repeat(64)}9\n`));
      const iris = loadSklearnDataset('iris', { dir, dtype: 'float64' });
      assert.equal(iris.name, 'iris');
      assert.deepEqual(iris.featureNames, SKLEARN_DATASETS.iris.parse.featureNames);
      assert.ok(iris.x.data instanceof Float64Array);
      const digits = withEnv(SKLEARN_DATA_DIR_ENV, dir, () => loadSklearnDataset('digits'));
      assert.deepEqual([digits.x.rows, digits.x.cols], [2, 64]);
      assert.deepEqual(Array.from(digits.y.data), [3, 9]);
      assert.equal(digits.featureNames?.[9], 'pixel_1_1');
    }));

  it('says where it looked and how to fix it when a file is absent', () =>
    withTempDir((dir) => {
      fails(
        () => loadSklearnDataset('wine', { dir }),
        new RegExp(
          `^wine data set not found: ${join(dir, 'wine_data.csv')} does not exist; .*${SKLEARN_DATA_DIR_ENV}`,
        ),
      );
      withEnv(SKLEARN_DATA_DIR_ENV, join(dir, 'nowhere'), () =>
        fails(() => loadSklearnDataset('iris'), /nowhere\/iris\.csv does not exist/),
      );
      assert.throws(
        () => loadSklearnDataset('boston' as SklearnDatasetName),
        /unknown scikit-learn data set "boston"/,
      );
    }));

  const shapes: [SklearnDatasetName, number, number, number][] = [
    ['iris', 150, 4, 3],
    ['wine', 178, 13, 3],
    ['breast-cancer', 569, 30, 2],
    ['digits', 1797, 64, 10],
  ];
  for (const [name, rows, cols, classes] of shapes) {
    const present = existsSync(join(DEFAULT_SKLEARN_DATA_DIR, SKLEARN_DATASETS[name].file));
    it(`the installed ${name} file has the published shape (${present ? 'present' : 'absent: checks the error'})`, () =>
      withEnv(SKLEARN_DATA_DIR_ENV, undefined, () => {
        if (!present) {
          fails(() => loadSklearnDataset(name), /apt-get install python3-sklearn/);
          return;
        }
        const ds = loadSklearnDataset(name);
        assert.deepEqual([ds.x.rows, ds.x.cols, ds.classes?.length], [rows, cols, classes]);
        assert.equal(ds.featureNames?.length, cols);
      }));
  }
});
