/**
 * Minibatches drawn through a permutation, gathered into buffers allocated
 * once: the full-size batch and (when n is not a multiple of the batch size)
 * a view of its first rows for the tail. A warm epoch allocates nothing.
 */
import { dtypeOf, type Matrix, rowSlice, zeros } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';

export interface Batch {
  readonly x: Matrix;
  readonly y: Matrix;
}

export class Batcher {
  readonly n: number;
  readonly batchSize: number;
  /** Batches per epoch. */
  readonly count: number;
  /** The current order of the rows. */
  readonly order: Uint32Array;
  private readonly full: Batch;
  private readonly tail: Batch | null;

  /** dropLast: leave out a final partial batch (BatchNorm cannot train on a single row). */
  constructor(
    readonly x: Matrix,
    readonly y: Matrix,
    batchSize: number,
    dropLast = false,
  ) {
    if (x.rows !== y.rows) throw new Error(`dataset has ${x.rows} input rows but ${y.rows} target rows`);
    if (x.rows === 0) throw new Error('cannot train on an empty dataset');
    if (!(Number.isInteger(batchSize) && batchSize > 0))
      throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
    this.n = x.rows;
    this.batchSize = Math.min(batchSize, this.n);
    const rest = this.n % this.batchSize;
    this.count = Math.floor(this.n / this.batchSize) + (rest > 0 && !dropLast ? 1 : 0);
    this.order = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) this.order[i] = i;
    const B = this.batchSize;
    this.full = { x: zeros(B, x.cols, dtypeOf(x.data)), y: zeros(B, y.cols, dtypeOf(y.data)) };
    this.tail = rest > 0 ? { x: rowSlice(this.full.x, 0, rest), y: rowSlice(this.full.y, 0, rest) } : null;
  }

  /** A fresh uniformly random order for the next epoch. */
  shuffle(rng: Rng): void {
    rng.permutation(this.n, this.order);
  }

  /** Gathers batch b (0-based) of the current order; the result is reused by the next call. */
  batch(b: number): Batch {
    const start = b * this.batchSize;
    const end = Math.min(this.n, start + this.batchSize);
    const out = end - start === this.batchSize ? this.full : (this.tail as Batch);
    gather(this.x, this.order, start, end, out.x);
    gather(this.y, this.order, start, end, out.y);
    return out;
  }
}

function gather(src: Matrix, order: Uint32Array, start: number, end: number, dst: Matrix): void {
  const c = src.cols;
  const s = src.data;
  const d = dst.data;
  if (c === 1) {
    for (let i = start; i < end; i++) d[i - start] = s[order[i]];
    return;
  }
  for (let i = start; i < end; i++) {
    const o = order[i] * c;
    const t = (i - start) * c;
    for (let j = 0; j < c; j++) d[t + j] = s[o + j];
  }
}
