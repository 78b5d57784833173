import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type IdxDtype, idxToDataset, isGzip, parseIdx } from '../../src/data/idx.js';
import { loadIdxPair, readIdxFile } from '../../src/data/idx.node.js';
import { encodeIdx, tinyImageSet } from './idxFixture.js';

const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-idx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('parseIdx', () => {
  const cases: [IdxDtype, number[]][] = [
    ['ubyte', [0, 1, 255, 128]],
    ['byte', [-128, -1, 0, 127]],
    ['short', [-32768, -2, 300, 32767]],
    ['int', [-2147483648, -5, 70000, 2147483647]],
    ['float', [-1.5, 0, 3.25, 1e-3]],
    ['double', [-1.5, Math.PI, 1e300, -0]],
  ];
  for (const [dtype, values] of cases) {
    it(`round-trips ${dtype} values with big-endian dims`, () => {
      const idx = parseIdx(encodeIdx(dtype, [2, 2], values));
      assert.equal(idx.dtype, dtype);
      assert.deepEqual(idx.dims, [2, 2]);
      assert.deepEqual(Array.from(idx.data), dtype === 'float' ? values.map(Math.fround) : values);
      assert.equal(idx.dataOffset, 12);
    });
  }

  it('reads dims larger than 255 (all four big-endian bytes count)', () => {
    const idx = parseIdx(encodeIdx('ubyte', [300], new Array(300).fill(1)));
    assert.deepEqual(idx.dims, [300]);
  });

  it('decompresses gzip only through the given gunzip', () => {
    const plain = encodeIdx('ubyte', [3], [1, 2, 3]);
    const gz = gzipSync(plain);
    assert.ok(isGzip(gz) && !isGzip(plain));
    assert.deepEqual(Array.from(parseIdx(gz, { gunzip: gunzipSync }).data), [1, 2, 3]);
    assert.throws(
      () => parseIdx(gz, { source: 'a.gz' }),
      /^DataFileError: a\.gz: is gzip-compressed; decompress it first/,
    );
    const corrupt = gz.slice(0, gz.length - 6);
    assert.throws(
      () => parseIdx(corrupt, { source: 'c.gz', gunzip: gunzipSync }),
      /c\.gz: gzip data is corrupt/,
    );
  });

  it('names the file, the byte and the problem for bad input', () => {
    const good = encodeIdx('ubyte', [2, 3], [1, 2, 3, 4, 5, 6]);
    const source = { source: 'x.idx' };
    assert.throws(() => parseIdx(good.slice(0, 2), source), /x\.idx: 2 bytes is too short for an IDX header/);
    const badMagic = good.slice();
    badMagic[0] = 0x50;
    assert.throws(() => parseIdx(badMagic, source), /x\.idx: bytes 0-1: magic is 50 00, expected 00 00/);
    const badType = good.slice();
    badType[2] = 0x07;
    assert.throws(() => parseIdx(badType, source), /x\.idx: byte 2: unknown IDX data type code 07/);
    const noDims = good.slice();
    noDims[3] = 0;
    assert.throws(() => parseIdx(noDims, source), /x\.idx: byte 3: .*at least 1 dimension/);
    const manyDims = good.slice();
    manyDims[3] = 9;
    assert.throws(
      () => parseIdx(manyDims, source),
      /x\.idx: file ends at byte 18, inside the header of 9 dimensions/,
    );
    assert.throws(
      () => parseIdx(good.slice(0, good.length - 1), source),
      /x\.idx: dimensions 2 × 3 of ubyte need 6 data bytes after the 12-byte header, but the file has 5 \(truncated\?\)/,
    );
    const longer = new Uint8Array(good.length + 1);
    longer.set(good);
    assert.throws(() => parseIdx(longer, source), /need 6 data bytes .* the file has 7$/);
  });
});

describe('idxToDataset', () => {
  it('pairs images and labels into a scaled multiclass set', () => {
    const { images, labels } = tinyImageSet(5, 2, 3, 3);
    const ds = idxToDataset(parseIdx(images), parseIdx(labels), { name: 'tiny' });
    assert.deepEqual([ds.x.rows, ds.x.cols, ds.y.rows, ds.y.cols], [5, 6, 5, 1]);
    assert.equal(ds.task, 'multiclass');
    assert.deepEqual(ds.classes, ['0', '1', '2']);
    assert.deepEqual(ds.featureNames, [
      'pixel_0_0',
      'pixel_0_1',
      'pixel_0_2',
      'pixel_1_0',
      'pixel_1_1',
      'pixel_1_2',
    ]);
    assert.equal(ds.name, 'tiny');
    assert.deepEqual(Array.from(ds.y.data), [0, 1, 2, 0, 1]);
    assert.equal(ds.x.data[6 + 2], Math.fround((7 + 2) / 255));
    for (const v of ds.x.data) assert.ok(v >= 0 && v <= 1);
  });

  it('honours limit, scale: false and class names', () => {
    const { images, labels } = tinyImageSet(6, 1, 2, 2);
    const ds = idxToDataset(parseIdx(images), parseIdx(labels), {
      limit: 3,
      scale: false,
      classes: ['no', 'yes'],
    });
    assert.equal(ds.x.rows, 3);
    assert.equal(ds.task, 'binary');
    assert.deepEqual(Array.from(ds.x.data), [0, 1, 7, 8, 14, 15]);
    assert.deepEqual(ds.classes, ['no', 'yes']);
  });

  it('rejects mismatched counts, out-of-range labels and float labels, naming the file', () => {
    const { images } = tinyImageSet(4, 2, 2, 2);
    const img = parseIdx(images);
    const names = { imagesSource: 'img.idx', labelsSource: 'lab.idx' };
    assert.throws(
      () => idxToDataset(img, parseIdx(encodeIdx('ubyte', [3], [0, 1, 0])), names),
      /lab\.idx: has 3 labels but img\.idx has 4 images/,
    );
    assert.throws(
      () =>
        idxToDataset(img, parseIdx(encodeIdx('ubyte', [4], [0, 1, 9, 0])), { ...names, classes: ['a', 'b'] }),
      /lab\.idx: byte 10: label 9 of sample 2 is out of range \(expected 0\.\.1 for 2 classes\)/,
    );
    assert.throws(
      () => idxToDataset(img, parseIdx(encodeIdx('byte', [4], [0, 1, -1, 0])), names),
      /lab\.idx: byte 10: label -1 of sample 2 is out of range/,
    );
    assert.throws(
      () => idxToDataset(img, parseIdx(encodeIdx('float', [4], [0, 1, 1, 0])), names),
      /lab\.idx: labels must be an integer type, found float/,
    );
    assert.throws(
      () => idxToDataset(img, parseIdx(encodeIdx('ubyte', [2, 2], [0, 1, 1, 0])), names),
      /lab\.idx: labels must have 1 dimension, found 2/,
    );
    // No images, so the file size does not bound the 2^32 × 2^32 pixels its header declares.
    const empty = parseIdx(encodeIdx('ubyte', [0, 0xffffffff, 0xffffffff], []));
    assert.throws(
      () => idxToDataset(empty, parseIdx(encodeIdx('ubyte', [0], [])), { ...names, classes: ['a', 'b'] }),
      /^DataFileError: img\.idx: holds no images \(its first dimension is 0\)$/,
    );
    assert.throws(
      () =>
        idxToDataset(
          parseIdx(encodeIdx('short', [4, 1], [1, 2, 3, 4])),
          parseIdx(encodeIdx('ubyte', [4], [0, 1, 1, 0])),
          names,
        ),
      /img\.idx: scale to \[0, 1\] needs ubyte pixels, found short; pass scale: false/,
    );
  });
});

describe('IDX files on disk', () => {
  it('loads a plain and a gzipped pair identically', () => {
    const { images, labels } = tinyImageSet(7, 3, 3, 4);
    const paths = {
      images: join(dir, 'imgs-idx3-ubyte'),
      labels: join(dir, 'labels-idx1-ubyte'),
      imagesGz: join(dir, 'imgs-idx3-ubyte.gz'),
      labelsGz: join(dir, 'labels-idx1-ubyte.gz'),
    };
    writeFileSync(paths.images, images);
    writeFileSync(paths.labels, labels);
    writeFileSync(paths.imagesGz, gzipSync(images));
    writeFileSync(paths.labelsGz, gzipSync(labels));
    const plain = loadIdxPair(paths.images, paths.labels);
    const gz = loadIdxPair(paths.imagesGz, paths.labelsGz);
    assert.deepEqual(gz.x.data, plain.x.data);
    assert.deepEqual(gz.y.data, plain.y.data);
    assert.equal(plain.x.cols, 9);
    assert.deepEqual(plain.classes, ['0', '1', '2', '3']);
  });

  it('names the file in read and format errors', () => {
    const missing = join(dir, 'nope-idx1-ubyte');
    assert.throws(() => readIdxFile(missing), new RegExp(`${missing}: file not found`));
    const bad = join(dir, 'bad.gz');
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    assert.throws(() => readIdxFile(bad), new RegExp(`${bad}: gzip data is corrupt`));
    const truncated = join(dir, 'short-idx1-ubyte');
    writeFileSync(truncated, encodeIdx('ubyte', [10], [1, 2, 3]).slice(0, 11));
    assert.throws(
      () => readIdxFile(truncated),
      new RegExp(`${truncated}: dimensions 10 of ubyte need 10 data bytes`),
    );
  });
});
