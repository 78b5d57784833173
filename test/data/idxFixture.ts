/** Writes IDX bytes for tests: the inverse of parseIdx. */
import type { IdxDtype } from '../../src/data/idx.js';

const CODES: Record<IdxDtype, [number, number]> = {
  ubyte: [0x08, 1],
  byte: [0x09, 1],
  short: [0x0b, 2],
  int: [0x0c, 4],
  float: [0x0d, 4],
  double: [0x0e, 8],
};

export function encodeIdx(dtype: IdxDtype, dims: readonly number[], values: ArrayLike<number>): Uint8Array {
  const [code, size] = CODES[dtype];
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + values.length * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, k) => {
    view.setUint32(4 + 4 * k, d);
  });
  for (let i = 0; i < values.length; i++) {
    const at = header + i * size;
    const v = values[i];
    if (dtype === 'ubyte') view.setUint8(at, v);
    else if (dtype === 'byte') view.setInt8(at, v);
    else if (dtype === 'short') view.setInt16(at, v);
    else if (dtype === 'int') view.setInt32(at, v);
    else if (dtype === 'float') view.setFloat32(at, v);
    else view.setFloat64(at, v);
  }
  return out;
}

/** n images of h × w ubyte pixels where pixel k of image i is (7i + k) mod 256, and labels i mod classes. */
export function tinyImageSet(
  n: number,
  h: number,
  w: number,
  classes: number,
): { images: Uint8Array; labels: Uint8Array } {
  const pixels = Array.from(
    { length: n * h * w },
    (_, j) => (7 * Math.floor(j / (h * w)) + (j % (h * w))) % 256,
  );
  return {
    images: encodeIdx('ubyte', [n, h, w], pixels),
    labels: encodeIdx(
      'ubyte',
      [n],
      Array.from({ length: n }, (_, i) => i % classes),
    ),
  };
}
