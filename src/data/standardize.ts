/**
 * Per-column standardisation (x − mean) / std. Fitted on the training split
 * only, so nothing about the test set leaks into training; a plain JSON object,
 * so the model file can store it and prediction can reapply it.
 */
import { dtypeOf, type Matrix, zeros } from '../tensor/matrix.js';
import type { SplitDataset } from './dataset.js';

// A type alias, not an interface, so it counts as JSON where the model file's metadata expects JSON.
export type Standardizer = {
  readonly mean: readonly number[];
  /** Population standard deviation; 1 for a constant column, which then maps to 0. */
  readonly std: readonly number[];
};

export interface StandardizeOptions {
  /**
   * Columns to pass through unchanged (mean 0, std 1), such as the integer
   * category codes an embedding looks up (CsvDataset.codeColumns).
   */
  readonly keep?: readonly number[];
}

export function fitStandardizer(x: Matrix, options: StandardizeOptions = {}): Standardizer {
  const { rows, cols, data } = x;
  if (rows === 0) throw new Error('cannot fit a standardizer on 0 rows');
  const keep = new Set(options.keep ?? []);
  for (const j of keep) {
    if (!Number.isInteger(j) || j < 0 || j >= cols) {
      throw new Error(`standardizer keep column ${j} is out of range for data of ${cols} columns`);
    }
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < cols; j++) {
    if (keep.has(j)) {
      mean.push(0);
      std.push(1);
      continue;
    }
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + j];
      if (!Number.isFinite(v)) throw new Error(`cannot standardize: column ${j} row ${i} is ${v}`);
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    // A constant column is detected exactly: rounding in the mean would give a tiny
    // nonzero std that blows float noise up to order one.
    if (min === max) {
      mean.push(min);
      std.push(1);
      continue;
    }
    const m = sum / rows;
    let ss = 0;
    for (let i = 0; i < rows; i++) {
      const dv = data[i * cols + j] - m;
      ss += dv * dv;
    }
    mean.push(m);
    std.push(Math.sqrt(ss / rows));
  }
  return { mean, std };
}

/** (x − mean) / std into a new matrix of the same dtype. */
export function standardize(s: Standardizer, x: Matrix): Matrix {
  checkColumns(s, x);
  const out = zeros(x.rows, x.cols, dtypeOf(x.data));
  const { cols } = x;
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < cols; j++) out.data[i * cols + j] = (x.data[i * cols + j] - s.mean[j]) / s.std[j];
  }
  return out;
}

/** The inverse of standardize: maps standardized values (say, predicted targets) back to original units. */
export function unstandardize(s: Standardizer, z: Matrix): Matrix {
  checkColumns(s, z);
  const out = zeros(z.rows, z.cols, dtypeOf(z.data));
  const { cols } = z;
  for (let i = 0; i < z.rows; i++) {
    for (let j = 0; j < cols; j++) out.data[i * cols + j] = z.data[i * cols + j] * s.std[j] + s.mean[j];
  }
  return out;
}

/** Fits on split.train.x and standardizes the inputs of both splits with it; targets are left alone. */
export function standardizeSplit(
  split: SplitDataset,
  options: StandardizeOptions = {},
): { split: SplitDataset; standardizer: Standardizer } {
  const standardizer = fitStandardizer(split.train.x, options);
  return {
    standardizer,
    split: {
      train: { ...split.train, x: standardize(standardizer, split.train.x) },
      test: { ...split.test, x: standardize(standardizer, split.test.x) },
    },
  };
}

/** Checks a standardizer read back from JSON (a model file) before it is used. */
export function parseStandardizer(value: unknown): Standardizer {
  const v = value as { mean?: unknown; std?: unknown } | null;
  if (typeof v !== 'object' || v === null || !Array.isArray(v.mean) || !Array.isArray(v.std)) {
    throw new Error('standardizer must be an object { mean: number[], std: number[] }');
  }
  const { mean, std } = v as { mean: unknown[]; std: unknown[] };
  if (mean.length !== std.length) {
    throw new Error(`standardizer has ${mean.length} means but ${std.length} standard deviations`);
  }
  mean.forEach((m, j) => {
    if (typeof m !== 'number' || !Number.isFinite(m))
      throw new Error(`standardizer mean[${j}] is not a finite number`);
  });
  std.forEach((s, j) => {
    if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0) {
      throw new Error(`standardizer std[${j}] must be a finite number > 0, got ${JSON.stringify(s)}`);
    }
  });
  return { mean: [...(mean as number[])], std: [...(std as number[])] };
}

function checkColumns(s: Standardizer, x: Matrix): void {
  if (s.mean.length !== x.cols) {
    throw new Error(`standardizer was fitted on ${s.mean.length} columns but the data has ${x.cols}`);
  }
}
