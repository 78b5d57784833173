/**
 * The loaders on hostile input: random bytes and text, and valid files with
 * bytes changed, cut off or added. Each must either load or throw a
 * DataFileError with a one-line message naming the source; any other error
 * (a TypeError or RangeError from deep inside) is a bug. The per-test timeout
 * turns a hang into a failure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { type CsvOptions, parseCsv } from '../../src/data/csv.js';
import { DataFileError } from '../../src/data/errors.js';
import { idxToDataset, parseIdx } from '../../src/data/idx.js';
import { parseSklearnCsv } from '../../src/data/sklearnCsv.js';
import { encodeIdx, tinyImageSet } from './idxFixture.js';

const HANG_GUARD = { timeout: 30_000 };

/** True when fn loads, false when it fails cleanly; rethrows anything else. */
function loadsOrFailsCleanly(source: string, fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (!(e instanceof DataFileError))
      throw new Error(`leaked ${e instanceof Error ? e.name : typeof e}: ${e}`);
    if (!e.message.startsWith(source) || e.message.includes('\n')) {
      throw new Error(`message must be one line starting with ${source}: ${JSON.stringify(e.message)}`);
    }
    return false;
  }
}

const { images: IMAGES, labels: LABELS } = tinyImageSet(6, 3, 2, 3);

function readIdxPair(images: Uint8Array, labels: Uint8Array): unknown {
  const img = parseIdx(images, { source: 'img.idx', gunzip: gunzipSync });
  const lab = parseIdx(labels, { source: 'img.idx', gunzip: gunzipSync });
  return idxToDataset(img, lab, { imagesSource: 'img.idx', labelsSource: 'img.idx' });
}

/** Byte edits: each replaces, deletes or inserts bytes at a position. */
const byteEdits = fc.array(
  fc.record({
    at: fc.nat(),
    op: fc.constantFrom('set', 'delete', 'insert'),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  { minLength: 1, maxLength: 4 },
);

function applyEdits(bytes: Uint8Array, edits: { at: number; op: string; value: number }[]): Uint8Array {
  const out = Array.from(bytes);
  for (const { at, op, value } of edits) {
    const i = at % (out.length + 1);
    if (op === 'set' && i < out.length) out[i] = value;
    else if (op === 'delete') out.splice(i, 1);
    else out.splice(i, 0, value);
  }
  return Uint8Array.from(out);
}

describe('IDX loader fuzz', () => {
  it('the unmutated fixture loads', () =>
    assert.ok(loadsOrFailsCleanly('img.idx', () => readIdxPair(IMAGES, LABELS))));

  it('random bytes, and random bytes behind a valid-looking header', HANG_GUARD, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        loadsOrFailsCleanly('img.idx', () => parseIdx(bytes, { source: 'img.idx', gunzip: gunzipSync }));
      }),
      { numRuns: 500 },
    );
    const header = fc.tuple(
      fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x00, 0xff),
      fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }),
      fc.uint8Array({ maxLength: 80 }),
    );
    fc.assert(
      fc.property(header, header, ([code, dims, body], [labelCode, labelDims, labelBody]) => {
        const make = (c: number, d: number[], b: Uint8Array) => {
          const head = new Uint8Array(4 + 4 * d.length);
          head[2] = c;
          head[3] = d.length;
          const view = new DataView(head.buffer);
          d.forEach((n, k) => {
            view.setUint32(4 + 4 * k, n);
          });
          return Uint8Array.from([...head, ...b]);
        };
        loadsOrFailsCleanly('img.idx', () =>
          readIdxPair(make(code, dims, body), make(labelCode, labelDims, labelBody)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('valid files with bytes changed, deleted or inserted, plain and gzipped', HANG_GUARD, () => {
    fc.assert(
      fc.property(byteEdits, byteEdits, fc.boolean(), (imageEdits, labelEdits, gz) => {
        const images = applyEdits(gz ? gzipSync(IMAGES) : IMAGES, imageEdits);
        const labels = applyEdits(LABELS, labelEdits);
        loadsOrFailsCleanly('img.idx', () => readIdxPair(images, labels));
      }),
      { numRuns: 600 },
    );
  });

  it('every typed header decodes or fails cleanly for every dtype', () => {
    for (const dtype of ['ubyte', 'byte', 'short', 'int', 'float', 'double'] as const) {
      const valid = encodeIdx(dtype, [3], [0, 1, 2]);
      for (let cut = 0; cut <= valid.length; cut++) {
        const ok = loadsOrFailsCleanly('x', () => parseIdx(valid.slice(0, cut), { source: 'x' }));
        assert.equal(ok, cut === valid.length, `${dtype} cut at ${cut}`);
      }
    }
  });
});

const CSV = [
  'size,color,legs,"kind"',
  '4.5,red,4,cat',
  '30,blue,4,dog',
  '0.2,"re""d",2,bird',
  '5,green,4,cat',
].join('\r\n');
const SKLEARN = '3,2,a,b\n1.5,2,0\n-3,4e-2,1\n0,0,1\n';
const CSV_ALPHABET = fc.constantFrom(...'01234.5e-+,;"\n\r abcxNA\t\ufeff?'.split(''));

describe('CSV loader fuzz', () => {
  it('random CSV-like text', HANG_GUARD, () => {
    fc.assert(
      fc.property(fc.string({ unit: CSV_ALPHABET, maxLength: 80 }), (text) => {
        loadsOrFailsCleanly('f.csv', () => parseCsv(text, { source: 'f.csv' }));
        loadsOrFailsCleanly('f.csv', () => parseCsv(text, { source: 'f.csv', categoricalEncoding: 'index' }));
        loadsOrFailsCleanly('f.csv', () => parseSklearnCsv(text, { source: 'f.csv' }));
      }),
      { numRuns: 800 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        loadsOrFailsCleanly('f.csv', () => parseCsv(text, { source: 'f.csv' }));
      }),
      { numRuns: 300 },
    );
  });

  it(
    'random tables of awkward cells: quoted newlines, missing values, duplicates, odd widths',
    HANG_GUARD,
    () => {
      const cell = fc.constantFrom(
        '1',
        '-2.5e3',
        '1e999',
        'NA',
        '',
        'red',
        '"x\ny"',
        '"a,""b"""',
        ' 7 ',
        '0x1f',
        '"',
        'Infinity',
        '-inf',
      );
      const line = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
      const options: fc.Arbitrary<CsvOptions> = fc.record({
        target: fc.option(fc.constantFrom('1', 'x\ny', 'zz'), { nil: undefined }),
        task: fc.option(fc.constantFrom('regression' as const, 'binary' as const, 'multiclass' as const), {
          nil: undefined,
        }),
        categoricalEncoding: fc.constantFrom('onehot' as const, 'index' as const),
        maxCategories: fc.integer({ min: 1, max: 3 }),
        maxClasses: fc.integer({ min: 2, max: 3 }),
      });
      fc.assert(
        fc.property(fc.array(line, { maxLength: 6 }), options, (lines, opts) => {
          loadsOrFailsCleanly('f.csv', () => parseCsv(lines.join('\n'), { ...opts, source: 'f.csv' }));
        }),
        { numRuns: 800 },
      );
    },
  );

  it(
    'one bad cell in a numeric table is named by line and column, never read as categories',
    HANG_GUARD,
    () => {
      const table = fc.record({
        rows: fc.integer({ min: 1, max: 30 }),
        cols: fc.integer({ min: 2, max: 4 }),
        seed: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
          minLength: 1,
          maxLength: 8,
        }),
        bad: fc.constantFrom('five', 'x9', 'Infinity', '-inf', 'NAN', '1e999', '0x1f', '1.2.3', '--1'),
        at: fc.nat(),
      });
      fc.assert(
        fc.property(table, ({ rows, cols, seed, bad, at }) => {
          const cells = Array.from({ length: rows }, (_, i) =>
            Array.from({ length: cols }, (_, j) => String(seed[(i * cols + j) % seed.length])),
          );
          const row = at % rows;
          const col = Math.floor(at / rows) % cols;
          cells[row][col] = bad;
          const header = Array.from({ length: cols }, (_, j) => `c${j}`).join(',');
          const text = [header, ...cells.map((r) => r.join(','))].join('\n');
          // A lone bad cell is the whole column when there is one row; the column is then text, not a typo.
          if (rows === 1)
            return loadsOrFailsCleanly('t.csv', () => parseCsv(text, { source: 't.csv' })) || true;
          assert.throws(
            () => parseCsv(text, { source: 't.csv', task: 'regression' }),
            (e: unknown) =>
              e instanceof DataFileError &&
              e.message.startsWith(`t.csv line ${row + 2}, column ${col + 1} ("c${col}"): "${bad}" is not a`),
          );
          loadsOrFailsCleanly('t.csv', () =>
            parseCsv(text, { source: 't.csv', task: 'regression', categorical: [`c${col}`] }),
          );
          return true;
        }),
        { numRuns: 500 },
      );
    },
  );

  it('valid files with characters changed, deleted or inserted', HANG_GUARD, () => {
    const edit = fc.tuple(fc.nat(), fc.nat(2), fc.string({ unit: CSV_ALPHABET, maxLength: 3 }));
    const mutate = (text: string, edits: [number, number, string][]): string => {
      let t = text;
      for (const [at, del, ins] of edits) {
        const i = at % (t.length + 1);
        t = t.slice(0, i) + ins + t.slice(i + del);
      }
      return t;
    };
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        loadsOrFailsCleanly('f.csv', () => parseCsv(mutate(CSV, edits), { source: 'f.csv' }));
        loadsOrFailsCleanly('f.csv', () => parseSklearnCsv(mutate(SKLEARN, edits), { source: 'f.csv' }));
      }),
      { numRuns: 800 },
    );
  });

  it('the unmutated fixtures load', () => {
    assert.equal(parseCsv(CSV).x.rows, 4);
    assert.equal(parseSklearnCsv(SKLEARN).x.rows, 3);
  });
});
