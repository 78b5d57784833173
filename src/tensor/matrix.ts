/**
 * Dense row-major matrices over typed arrays. A batch of vectors is a matrix
 * with one sample per row; that is the only tensor shape an MLP needs.
 */

export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Exactly rows*cols elements, row-major. May be a view into a larger buffer. */
  readonly data: FloatArray;
}

export function allocFloat(dtype: DType, n: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

export function zeros(rows: number, cols: number, dtype: DType = 'float32'): Matrix {
  checkShape(rows, cols);
  return { rows, cols, data: allocFloat(dtype, rows * cols) };
}

export function fromData(rows: number, cols: number, data: FloatArray): Matrix {
  checkShape(rows, cols);
  if (data.length !== rows * cols) {
    throw new Error(`matrix data has ${data.length} elements but ${rows}x${cols} needs ${rows * cols}`);
  }
  return { rows, cols, data };
}

/** Builds a matrix from nested arrays, e.g. fromRows([[0, 1], [1, 0]]). */
export function fromRows(values: readonly (readonly number[])[], dtype: DType = 'float32'): Matrix {
  const rows = values.length;
  const cols = rows === 0 ? 0 : values[0].length;
  const m = zeros(rows, cols, dtype);
  for (let i = 0; i < rows; i++) {
    if (values[i].length !== cols) {
      throw new Error(`row ${i} has ${values[i].length} values, expected ${cols} like row 0`);
    }
    for (let j = 0; j < cols; j++) m.data[i * cols + j] = values[i][j];
  }
  return m;
}

/** A column vector (n x 1) from plain numbers: the usual input of a 1-D model. */
export function column(values: readonly number[], dtype: DType = 'float32'): Matrix {
  return fromRows(
    values.map((v) => [v]),
    dtype,
  );
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function clone(m: Matrix, dtype: DType = dtypeOf(m.data)): Matrix {
  const c = zeros(m.rows, m.cols, dtype);
  c.data.set(m.data);
  return c;
}

export function row(m: Matrix, i: number): FloatArray {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Rows [start, end) as a view sharing memory with m. */
export function rowSlice(m: Matrix, start: number, end: number): Matrix {
  return { rows: end - start, cols: m.cols, data: m.data.subarray(start * m.cols, end * m.cols) };
}

/** Copies the given rows of src into a new (or the given) matrix: minibatch gathering. */
export function gatherRows(src: Matrix, indices: ArrayLike<number>, out?: Matrix): Matrix {
  const n = indices.length;
  const dst = out ?? zeros(n, src.cols, dtypeOf(src.data));
  const c = src.cols;
  for (let i = 0; i < n; i++) {
    const s = indices[i] * c;
    dst.data.set(src.data.subarray(s, s + c), i * c);
  }
  return dst;
}

/**
 * A reusable buffer for layer outputs and gradients: it grows to the largest
 * batch seen and hands out views, so a warm training loop allocates nothing.
 */
export class Workspace {
  private buf: FloatArray;
  private view: Matrix;

  constructor(
    readonly dtype: DType,
    readonly cols: number,
  ) {
    this.buf = allocFloat(dtype, 0);
    this.view = { rows: 0, cols, data: this.buf };
  }

  get(rows: number): Matrix {
    if (this.view.rows === rows) return this.view;
    const n = rows * this.cols;
    if (this.buf.length < n) this.buf = allocFloat(this.dtype, n);
    this.view = { rows, cols: this.cols, data: this.buf.subarray(0, n) };
    return this.view;
  }
}

function checkShape(rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new Error(`matrix shape must be two non-negative integers, got ${rows}x${cols}`);
  }
}
