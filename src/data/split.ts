/** Seeded train/test splitting. */
import { gatherRows } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import type { Dataset, SplitDataset } from './dataset.js';

/** The given rows of a data set, in the given order; names, classes and task carry over. */
export function selectRows(ds: Dataset, indices: ArrayLike<number>): Dataset {
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i];
    if (!Number.isInteger(r) || r < 0 || r >= ds.x.rows) {
      throw new Error(`row index ${r} is out of range for a data set of ${ds.x.rows} rows`);
    }
  }
  return { ...ds, x: gatherRows(ds.x, indices), y: gatherRows(ds.y, indices) };
}

/**
 * Shuffles the rows with rng and puts round(n × testFraction) of them (at least
 * one, and leaving at least one) in the test set.
 */
export function trainTestSplit(ds: Dataset, testFraction: number, rng: Rng): SplitDataset {
  const n = ds.x.rows;
  if (ds.y.rows !== n) throw new Error(`data set has ${n} input rows but ${ds.y.rows} target rows`);
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new Error(`test fraction must be between 0 and 1 (exclusive), got ${testFraction}`);
  }
  if (n < 2)
    throw new Error(`cannot split a data set of ${n} row(s) into train and test: it needs at least 2`);
  const nTest = Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
  const order = rng.permutation(n);
  return {
    train: selectRows(ds, order.subarray(nTest)),
    test: selectRows(ds, order.subarray(0, nTest)),
  };
}
