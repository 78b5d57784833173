import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseCsv } from '../../src/data/csv.js';
import { loadCsvFile } from '../../src/data/csv.node.js';
import { readCsvRecords } from '../../src/data/csvRecords.js';
import { DataFileError } from '../../src/data/errors.js';
import { trainTestSplit } from '../../src/data/split.js';
import { standardizeSplit } from '../../src/data/standardize.js';
import { toRows } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { withTempDir } from '../io/helpers.js';

/** Asserts a DataFileError whose one-line message matches. */
function fails(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataFileError, `expected a DataFileError, got ${e}`);
    assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
    assert.match(e.message, pattern);
    return true;
  });
}

const PETS = [
  'weight,color,legs,kind',
  '4.5,red,4,cat',
  '30,blue,4,dog',
  '0.2,red,2,bird',
  '5,green,4,cat',
  '25,blue,4,dog',
].join('\n');

describe('readCsvRecords', () => {
  it('handles quotes, doubled quotes, embedded newlines, CRLF, a BOM and blank lines', () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",3\n';
    const records = readCsvRecords(text, 't.csv');
    assert.deepEqual(
      records.map((r) => [r.line, r.fields]),
      [
        [1, ['a', 'b']],
        [2, ['x, y', 'say "hi"']],
        [4, ['two\nlines', '3']],
      ],
    );
  });

  it('takes another delimiter and rejects a bad one', () => {
    assert.deepEqual(readCsvRecords('a;b\n1;2', 't', ';')[1].fields, ['1', '2']);
    assert.throws(() => readCsvRecords('a', 't', '"'), /delimiter must be one character/);
  });

  it('names the file and line of broken quoting', () => {
    fails(
      () => readCsvRecords('a,b\n1,"open\n2,3', 'q.csv'),
      /^q\.csv line 2: quoted field 2 is never closed/,
    );
    fails(
      () => readCsvRecords('a,b\n"x"y,1', 'q.csv'),
      /^q\.csv line 2: field 1 has text after its closing quote/,
    );
    fails(() => readCsvRecords('a,b\n1,x"y', 'q.csv'), /^q\.csv line 2: field 2 has a quote inside/);
  });
});

describe('parseCsv', () => {
  it('one-hot encodes text features, keeps numbers, and infers a multiclass target', () => {
    const ds = parseCsv(PETS, { source: 'pets.csv', dtype: 'float64' });
    assert.deepEqual(ds.featureNames, ['weight', 'color=blue', 'color=green', 'color=red', 'legs']);
    assert.deepEqual(toRows(ds.x)[0], [4.5, 0, 0, 1, 4]);
    assert.deepEqual(toRows(ds.x)[2], [0.2, 0, 0, 1, 2]);
    assert.equal(ds.task, 'multiclass');
    assert.deepEqual(ds.classes, ['bird', 'cat', 'dog']);
    assert.deepEqual(Array.from(ds.y.data), [1, 2, 0, 1, 2]);
    assert.deepEqual(
      ds.columns.map((c) => [c.name, c.kind]),
      [
        ['weight', 'numeric'],
        ['color', 'categorical'],
        ['legs', 'numeric'],
      ],
    );
    assert.deepEqual(ds.columns[1].categories, ['blue', 'green', 'red']);
    assert.deepEqual(ds.codeColumns, []);
  });

  it('gives integer codes for an embedding with the index encoding, and lists those columns', () => {
    const ds = parseCsv(PETS, { categoricalEncoding: 'index', categorical: ['legs'] });
    assert.deepEqual(ds.featureNames, ['weight', 'color', 'legs']);
    assert.deepEqual(
      toRows(ds.x).map((r) => [r[1], r[2]]),
      [
        [2, 1],
        [0, 1],
        [2, 0],
        [1, 1],
        [0, 1],
      ],
    );
    assert.deepEqual(ds.codeColumns, [1, 2]);
    // Numeric codes sort by value, not as text.
    assert.deepEqual(ds.columns[2].categories, ['2', '4']);
  });

  it('standardises on the training split only and leaves code columns alone', () => {
    const rows = ['size,shade,y'];
    for (let i = 0; i < 40; i++) rows.push(`${i * 3},${['a', 'b', 'c'][i % 3]},${i % 2}`);
    const ds = parseCsv(rows.join('\n'), { categoricalEncoding: 'index', dtype: 'float64' });
    const split = trainTestSplit(ds, 0.25, new Rng(4));
    const { split: z, standardizer } = standardizeSplit(split, { keep: ds.codeColumns });
    const trainSizes = Array.from({ length: split.train.x.rows }, (_, i) => split.train.x.data[2 * i]);
    const mean = trainSizes.reduce((a, b) => a + b, 0) / trainSizes.length;
    assert.ok(Math.abs(standardizer.mean[0] - mean) < 1e-9, 'mean of the training rows only');
    assert.deepEqual([standardizer.mean[1], standardizer.std[1]], [0, 1]);
    for (let i = 0; i < z.test.x.rows; i++) {
      assert.equal(z.test.x.data[2 * i + 1], split.test.x.data[2 * i + 1]);
      const expected = (split.test.x.data[2 * i] - mean) / standardizer.std[0];
      assert.ok(Math.abs(z.test.x.data[2 * i] - expected) < 1e-9);
    }
  });

  it('infers binary, regression and text targets, and honours target, task and ignore', () => {
    const text = 'id,a,b,score\nr1,1,2,0\nr2,2,3,1\nr3,3,5,0\nr4,4,1,1\nr5,5,0,1';
    const binary = parseCsv(text, { ignore: ['id'] });
    assert.equal(binary.task, 'binary');
    assert.deepEqual(binary.classes, ['0', '1']);
    assert.deepEqual(binary.featureNames, ['a', 'b']);
    const regression = parseCsv(text, { ignore: ['id'], target: 'b' });
    assert.equal(regression.task, 'regression');
    assert.deepEqual(Array.from(regression.y.data), [2, 3, 5, 1, 0]);
    assert.deepEqual(regression.featureNames, ['a', 'score']);
    const forced = parseCsv(text, { ignore: ['id'], task: 'regression' });
    assert.equal(forced.task, 'regression');
    assert.equal(forced.classes, undefined);
    const unlabeled = parseCsv('x,y\n0.5,1.5\n0.25,2.5\n1,3.75');
    assert.equal(unlabeled.task, 'regression');
  });

  it('names the file, the line and the problem for malformed data', () => {
    const src = { source: 'bad.csv' };
    fails(() => parseCsv('', src), /^bad\.csv: is empty/);
    fails(() => parseCsv('a,b\n', src), /^bad\.csv: has a header but no data rows/);
    fails(() => parseCsv('a\n1', src), /^bad\.csv line 1: the header has 1 column/);
    fails(() => parseCsv('a,,c\n1,2,3', src), /^bad\.csv line 1: column 2 of the header has no name/);
    fails(
      () => parseCsv('a,b,a\n1,2,3', src),
      /^bad\.csv line 1: column name "a" appears twice \(columns 1 and 3\)/,
    );
    fails(() => parseCsv('a,b\n1,2\n3', src), /^bad\.csv line 3: expected 2 fields, found 1/);
    fails(
      () => parseCsv('a,b\n1,2\nNA,3', src),
      /^bad\.csv line 3: missing value in column "a" \(column 1\)/,
    );
    fails(
      () => parseCsv('a,b\n1,2\n1e999,3', src),
      /^bad\.csv line 3, column 1 \("a"\): "1e999" is not a finite number/,
    );
    fails(
      () => parseCsv('a,b\n1,2', { ...src, target: 'z' }),
      /no column named "z" \(target\); columns are "a", "b"/,
    );
    fails(
      () => parseCsv('a,b\n1,x\n2,y', { ...src, task: 'regression' }),
      /^bad\.csv line 2, column 2 \("b"\): target "x" is not a number, and regression needs numeric targets/,
    );
    fails(() => parseCsv('a,b\n1,x\n2,x', src), /target column "b" has only one value/);
    fails(() => parseCsv('a,b\n1,x\n2,y\n3,z', { ...src, task: 'binary' }), /has 3 distinct values; binary/);
    fails(() => parseCsv('a,b\n1,x\n2,y', { ...src, ignore: ['b'] }), /target column "b" cannot be ignored/);
    fails(
      () => parseCsv('name,v\nann,1\nbob,2\ncy,3', { ...src, target: 'v', maxCategories: 2 }),
      /column "name" has 3 distinct text values \(more than 2\); .*ignore option/,
    );
  });

  it('refuses a column of numbers with one text cell instead of reading it as categories', () => {
    const src = { source: 'lab.csv' };
    const suggestion = /; fix the cell or drop the row, or list "y" in the categorical option/;
    // The reviewer's case: one typo would have made a regression target four classes.
    const labels = 'x,y\n1,3.5\n2,6.1\n3,x9\n4,3.3';
    fails(
      () => parseCsv(labels, src),
      /^lab\.csv line 4, column 2 \("y"\): "x9" is not a number, though 3 of the column's 4 values are; fix/,
    );
    fails(() => parseCsv(labels, src), suggestion);
    fails(() => parseCsv(labels, { ...src, task: 'regression' }), /^lab\.csv line 4, column 2 \("y"\): "x9"/);
    fails(
      () => parseCsv(labels, { ...src, task: 'multiclass' }),
      /line 4, column 2 \("y"\): "x9" is not a number/,
    );
    // Listing the column as categorical is the way to ask for categories.
    const asClasses = parseCsv(labels, { ...src, categorical: ['y'] });
    assert.equal(asClasses.task, 'multiclass');
    assert.deepEqual(asClasses.classes, ['3.3', '3.5', '6.1', 'x9']);

    const rows = (bad: string, at: number) =>
      ['size,y', ...Array.from({ length: 20 }, (_, i) => `${i === at ? bad : i * 1.5},${i % 2}`)].join('\n');
    fails(
      () => parseCsv(rows('five', 13), src),
      /^lab\.csv line 15, column 1 \("size"\): "five" is not a number, though 19 of the column's 20 values are/,
    );
    for (const bad of ['Infinity', '-Infinity', 'inf', '+INF', 'nan', '1e400']) {
      fails(
        () => parseCsv(rows(bad, 0), src),
        new RegExp(
          `^lab\\.csv line 2, column 1 \\("size"\\): "${bad.replace('+', '\\+')}" is not a finite number; fix`,
        ),
      );
    }
    // The first bad cell is named, whichever kind it is.
    fails(
      () => parseCsv('a,y\n1,0\ninf,1\nfive,0\n2,1', src),
      /line 3, column 1 \("a"\): "inf" is not a finite number/,
    );
    const forced = parseCsv(rows('five', 13), { ...src, categorical: ['size'] });
    assert.equal(forced.columns[0].kind, 'categorical');
    assert.ok(forced.featureNames?.includes('size=five'));
  });

  it('still reads a mostly-text column with a few numbers in it as categories', () => {
    const ds = parseCsv('shirt,y\nS,1\nM,2\nL,3\n10,4\nXL,5', { source: 's.csv' });
    assert.deepEqual(ds.columns[0], {
      name: 'shirt',
      kind: 'categorical',
      categories: ['10', 'L', 'M', 'S', 'XL'],
    });
    fails(
      () => parseCsv('shirt,y\nS,1\nM,2\n10,4\n12,5', { source: 's.csv' }),
      /line 2, column 1 \("shirt"\): "S"/,
    );
  });

  it('honours a forced task: regression on class-like numbers, multiclass on many integers', () => {
    const classLike = 'a,y\n1,0\n2,1\n3,0\n4,1\n5,1\n6,0';
    assert.equal(parseCsv(classLike).task, 'binary');
    const regression = parseCsv(classLike, { task: 'regression', dtype: 'float64' });
    assert.equal(regression.task, 'regression');
    assert.equal(regression.classes, undefined);
    assert.deepEqual(Array.from(regression.y.data), [0, 1, 0, 1, 1, 0]);
    assert.deepEqual(regression.targetColumn, { name: 'y', kind: 'numeric' });

    // Twelve distinct integers, each once: left alone this is read as regression.
    const labels = [7, 3, 12, 0, 5, 9, 1, 11, 2, 8, 4, 10];
    const many = ['a,y', ...labels.map((v, i) => `${i},${v}`)].join('\n');
    assert.equal(parseCsv(many).task, 'regression');
    const multiclass = parseCsv(many, { task: 'multiclass' });
    assert.equal(multiclass.task, 'multiclass');
    assert.deepEqual(multiclass.classes, ['0', '1', '2', '3', '4', '5', '7', '8', '9', '10', '11', '12']);
    assert.deepEqual(Array.from(multiclass.y.data), [6, 3, 11, 0, 5, 8, 1, 10, 2, 7, 4, 9]);
    assert.deepEqual(multiclass.targetColumn.categories, multiclass.classes);
  });

  it('caps the number of classes and points a measurement to regression', () => {
    const src = { source: 'm.csv' };
    const text = ['a,y', ...Array.from({ length: 1001 }, (_, i) => `${i},id${i}`)].join('\n');
    fails(
      () => parseCsv(text, src),
      /^m\.csv: target column "y" has 1001 distinct values, more than the 1000 classes allowed; .*task 'regression'/,
    );
    assert.equal(parseCsv(text, { ...src, maxClasses: 1001 }).classes?.length, 1001);
    const numbers = ['a,y', ...Array.from({ length: 50 }, (_, i) => `${i},${(i * 0.37).toFixed(2)}`)].join(
      '\n',
    );
    fails(
      () => parseCsv(numbers, { ...src, task: 'multiclass', maxClasses: 49 }),
      /has 50 distinct values, more than the 49/,
    );
    assert.equal(parseCsv(numbers, { ...src, task: 'multiclass', maxClasses: 50 }).classes?.length, 50);
    assert.throws(
      () => parseCsv(numbers, { maxClasses: 1 }),
      /^Error: maxClasses must be an integer >= 2, got 1$/,
    );
  });

  it('regression on a text target names the line of the first non-number', () => {
    const src = { source: 'r.csv', task: 'regression' as const };
    fails(
      () => parseCsv('a,y\n1,2.5\n2,high\n3,low\n4,mid', src),
      /^r\.csv line 3, column 2 \("y"\): target "high" is not a number, and regression needs numeric targets/,
    );
    fails(
      () => parseCsv('a,y\n1,2.5\n2,3.5', { ...src, categorical: ['y'] }),
      /^r\.csv: target column "y" is listed in the categorical option, so it cannot be a regression target/,
    );
  });

  it('refuses an encoding too wide to allocate before allocating it', () => {
    const n = 20_000;
    const text = ['id,v,y', ...Array.from({ length: n }, (_, i) => `u${i},${i},${i % 2}`)].join('\n');
    fails(
      () => parseCsv(text, { source: 'w.csv', maxCategories: n }),
      /^w\.csv: 20000 rows × 20001 encoded features is more than 268435456 values; use categoricalEncoding 'index'/,
    );
    const indexed = parseCsv(text, { source: 'w.csv', maxCategories: n, categoricalEncoding: 'index' });
    assert.deepEqual([indexed.x.rows, indexed.x.cols], [n, 2]);
  });

  it('rejects bad options with a plain Error', () => {
    assert.throws(
      () => parseCsv(PETS, { task: 'ranking' as 'binary' }),
      /task must be regression, binary or multiclass/,
    );
    assert.throws(
      () => parseCsv(PETS, { categoricalEncoding: 'hash' as 'index' }),
      /categoricalEncoding must be 'onehot' or 'index'/,
    );
  });
});

describe('loadCsvFile', () => {
  it('reads plain and gzipped files alike and names errors after the path', () =>
    withTempDir((dir) => {
      const plain = join(dir, 'pets.csv');
      const gz = join(dir, 'pets.csv.gz');
      writeFileSync(plain, PETS);
      writeFileSync(gz, gzipSync(PETS));
      const a = loadCsvFile(plain);
      const b = loadCsvFile(gz);
      assert.deepEqual(a.x.data, b.x.data);
      assert.equal(a.name, 'pets');
      assert.equal(b.name, 'pets');
      const broken = join(dir, 'broken.csv');
      writeFileSync(broken, 'a,b\n1,2\n3,4,5\n');
      fails(() => loadCsvFile(broken), new RegExp(`^${broken} line 3: expected 2 fields, found 3`));
      fails(() => loadCsvFile(join(dir, 'none.csv')), /none\.csv: file not found/);
      fails(() => loadCsvFile(dir), /is a directory, expected a file/);
    }));
});
