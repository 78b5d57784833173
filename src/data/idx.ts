/**
 * The IDX format of MNIST and Fashion-MNIST: two zero bytes, a data-type code,
 * the number of dimensions, each dimension as a big-endian uint32, then the
 * values big-endian in row-major order. Works on bytes so the browser can use
 * it; decompression is the caller's (idx.node.ts passes node:zlib's gunzip).
 */

import { type DType, zeros } from '../tensor/matrix.js';
import type { Dataset } from './dataset.js';
import { DataFileError } from './errors.js';

export type IdxDtype = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double';
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  readonly dtype: IdxDtype;
  readonly dims: readonly number[];
  /** All values, row-major, in native byte order. */
  readonly data: IdxData;
  /** Byte offset of the first value in the (decompressed) file, for error messages. */
  readonly dataOffset: number;
}

export interface ParseIdxOptions {
  /** File name used in error messages. */
  readonly source?: string;
  /** Decompresses gzip input (detected by its magic bytes 1f 8b). Without it, gzip input is an error. */
  readonly gunzip?: (bytes: Uint8Array) => Uint8Array;
}

const DTYPES = new Map<number, { name: IdxDtype; size: number }>([
  [0x08, { name: 'ubyte', size: 1 }],
  [0x09, { name: 'byte', size: 1 }],
  [0x0b, { name: 'short', size: 2 }],
  [0x0c, { name: 'int', size: 4 }],
  [0x0d, { name: 'float', size: 4 }],
  [0x0e, { name: 'double', size: 8 }],
]);

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function parseIdx(bytes: Uint8Array, options: ParseIdxOptions = {}): IdxArray {
  const where = options.source ?? 'IDX data';
  if (isGzip(bytes)) {
    if (options.gunzip === undefined) {
      throw new DataFileError(
        `${where}: is gzip-compressed; decompress it first (gunzip, or DecompressionStream in a browser)`,
      );
    }
    let plain: Uint8Array;
    try {
      plain = options.gunzip(bytes);
    } catch (err) {
      throw new DataFileError(
        `${where}: gzip data is corrupt: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return parseIdx(plain, { source: options.source });
  }

  if (bytes.length < 4)
    throw new DataFileError(`${where}: ${bytes.length} bytes is too short for an IDX header (4 bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataFileError(
      `${where}: bytes 0-1: magic is ${hex(bytes[0])} ${hex(bytes[1])}, expected 00 00; this is not an IDX file`,
    );
  }
  const dtype = DTYPES.get(bytes[2]);
  if (dtype === undefined) {
    throw new DataFileError(
      `${where}: byte 2: unknown IDX data type code ${hex(bytes[2])}; expected 08 (ubyte), 09 (byte), ` +
        '0b (short), 0c (int), 0d (float) or 0e (double)',
    );
  }
  const ndims = bytes[3];
  if (ndims === 0)
    throw new DataFileError(`${where}: byte 3: an IDX file needs at least 1 dimension, found 0`);
  const dataOffset = 4 + 4 * ndims;
  if (bytes.length < dataOffset) {
    throw new DataFileError(
      `${where}: file ends at byte ${bytes.length}, inside the header of ${ndims} dimensions`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let k = 0; k < ndims; k++) dims.push(view.getUint32(4 + 4 * k));
  for (const d of dims) count *= d;
  const expected = count * dtype.size;
  const actual = bytes.length - dataOffset;
  if (expected !== actual) {
    throw new DataFileError(
      `${where}: dimensions ${dims.join(' × ')} of ${dtype.name} need ${expected} data bytes after the ` +
        `${dataOffset}-byte header, but the file has ${actual}${expected > actual ? ' (truncated?)' : ''}`,
    );
  }
  return { dtype: dtype.name, dims, data: readValues(view, dataOffset, count, dtype.name), dataOffset };
}

function readValues(view: DataView, offset: number, count: number, dtype: IdxDtype): IdxData {
  switch (dtype) {
    case 'ubyte':
      return new Uint8Array(view.buffer, view.byteOffset + offset, count);
    case 'byte':
      return new Int8Array(view.buffer, view.byteOffset + offset, count);
    case 'short': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i);
      return out;
    }
    case 'int': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i);
      return out;
    }
    case 'float': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i);
      return out;
    }
    case 'double': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i);
      return out;
    }
  }
}

export interface IdxDatasetOptions {
  /** Keep only the first `limit` samples. */
  readonly limit?: number;
  /** Map ubyte pixels 0..255 to [0, 1] (default true). */
  readonly scale?: boolean;
  /** Class names; labels must index into them. Default: "0".."max label". */
  readonly classes?: readonly string[];
  readonly dtype?: DType;
  readonly name?: string;
  /** File names for error messages. */
  readonly imagesSource?: string;
  readonly labelsSource?: string;
}

/** Pairs an images IDX (n × anything) with a labels IDX (n integers) into a classification set of n × (pixels) rows. */
export function idxToDataset(images: IdxArray, labels: IdxArray, options: IdxDatasetOptions = {}): Dataset {
  const { scale = true, dtype = 'float32' } = options;
  const imagesWhere = options.imagesSource ?? 'images IDX';
  const labelsWhere = options.labelsSource ?? 'labels IDX';
  if (labels.dims.length !== 1) {
    throw new DataFileError(
      `${labelsWhere}: labels must have 1 dimension, found ${labels.dims.length} (${labels.dims.join(' × ')})`,
    );
  }
  if (labels.dtype === 'float' || labels.dtype === 'double') {
    throw new DataFileError(`${labelsWhere}: labels must be an integer type, found ${labels.dtype}`);
  }
  const total = images.dims[0];
  // With no images the pixel count is not bounded by the file size, so it could ask for any allocation.
  if (total === 0) throw new DataFileError(`${imagesWhere}: holds no images (its first dimension is 0)`);
  if (labels.dims[0] !== total) {
    throw new DataFileError(
      `${labelsWhere}: has ${labels.dims[0]} labels but ${imagesWhere} has ${total} images`,
    );
  }
  if (scale && images.dtype !== 'ubyte') {
    throw new DataFileError(
      `${imagesWhere}: scale to [0, 1] needs ubyte pixels, found ${images.dtype}; pass scale: false`,
    );
  }
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) {
    throw new Error(`limit must be an integer >= 1, got ${options.limit}`);
  }
  const n = Math.min(total, options.limit ?? total);
  const width = images.dims.slice(1).reduce((a, b) => a * b, 1);

  const labelSize = labels.data.BYTES_PER_ELEMENT;
  const classCount = options.classes?.length ?? Infinity;
  let maxLabel = -1;
  for (let i = 0; i < n; i++) {
    const label = labels.data[i];
    if (label < 0 || label >= classCount) {
      const range =
        classCount === Infinity
          ? 'labels must be >= 0'
          : `expected 0..${classCount - 1} for ${classCount} classes`;
      throw new DataFileError(
        `${labelsWhere}: byte ${labels.dataOffset + i * labelSize}: label ${label} of sample ${i} is out of range (${range})`,
      );
    }
    if (label > maxLabel) maxLabel = label;
  }
  const classes = options.classes ?? Array.from({ length: maxLabel + 1 }, (_, c) => String(c));
  if (classes.length < 2)
    throw new DataFileError(`${labelsWhere}: labels need at least 2 classes, found ${classes.length}`);

  const x = zeros(n, width, dtype);
  const factor = scale ? 1 / 255 : 1;
  for (let i = 0; i < n * width; i++) x.data[i] = images.data[i] * factor;
  const y = zeros(n, 1, dtype);
  for (let i = 0; i < n; i++) y.data[i] = labels.data[i];
  return {
    x,
    y,
    task: classes.length === 2 ? 'binary' : 'multiclass',
    classes,
    featureNames: pixelNames(images.dims),
    ...(options.name !== undefined ? { name: options.name } : {}),
  };
}

/** pixel_row_col for 2-D images (sklearn's naming), pixel_i otherwise. */
function pixelNames(dims: readonly number[]): string[] {
  if (dims.length === 3) {
    const [, h, w] = dims;
    return Array.from({ length: h * w }, (_, k) => `pixel_${Math.floor(k / w)}_${k % w}`);
  }
  const width = dims.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: width }, (_, k) => `pixel_${k}`);
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
