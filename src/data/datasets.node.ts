/**
 * One entry point for the CLI: a data set by name (synthetic or real) or a
 * path to a CSV file, always returned as a train/test split.
 */
import type { DType } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import type { CsvOptions } from './csv.js';
import { loadCsvFile } from './csv.node.js';
import type { SplitDataset } from './dataset.js';
import { loadFashionMnist } from './fashionMnist.node.js';
import { loadSklearnDataset, SKLEARN_DATASETS, type SklearnDatasetName } from './sklearnDatasets.node.js';
import { trainTestSplit } from './split.js';
import { generateSynthetic, isSyntheticName, SYNTHETIC_NAMES } from './synthetic.js';

export type RealDatasetName = 'fashion-mnist' | SklearnDatasetName;

/** Real data sets with a one-line description, for listings. */
export const REAL_DATASETS: Readonly<Record<RealDatasetName, string>> = {
  'fashion-mnist': '70 000 clothing images of 28 × 28 pixels, 10 classes (official 60 000 / 10 000 split)',
  ...(Object.fromEntries(Object.entries(SKLEARN_DATASETS).map(([k, v]) => [k, v.description])) as Record<
    SklearnDatasetName,
    string
  >),
};

export interface DataFromNameOptions {
  /** Draws synthetic samples and shuffles the train/test split. */
  readonly rng: Rng;
  /** Synthetic sets: number of samples (default 1000). */
  readonly n?: number;
  /** Synthetic sets: noise (default: the set's own). */
  readonly noise?: number;
  /** Synthetic sets with a variable class count (spirals, gaussians). */
  readonly classes?: number;
  /** Share of the rows held out for testing (default 0.2). Fashion-MNIST keeps its official split. */
  readonly testFraction?: number;
  /** Fashion-MNIST: keep only the first `limit` images of each split. */
  readonly limit?: number;
  readonly fashionMnistDir?: string;
  readonly sklearnDir?: string;
  /** CSV files: target column, task, encoding and so on. */
  readonly csv?: Omit<CsvOptions, 'source' | 'dtype'>;
  readonly dtype?: DType;
}

/** Every name dataFromName accepts besides CSV paths. */
export function dataNames(): string[] {
  return [...SYNTHETIC_NAMES, ...Object.keys(REAL_DATASETS)];
}

/** A synthetic name (xor, spirals, ...), a real data set (fashion-mnist, iris, ...) or a path ending in .csv / .csv.gz. */
export function dataFromName(name: string, options: DataFromNameOptions): SplitDataset {
  const { rng, testFraction = 0.2, dtype } = options;
  if (/\.csv(\.gz)?$/i.test(name)) {
    return trainTestSplit(loadCsvFile(name, { ...options.csv, dtype }), testFraction, rng);
  }
  const key = name.toLowerCase().replace(/_/g, '-');
  if (isSyntheticName(key)) {
    const ds = generateSynthetic(key, {
      n: options.n ?? 1000,
      rng,
      noise: options.noise,
      classes: options.classes,
      dtype,
    });
    return trainTestSplit(ds, testFraction, rng);
  }
  if (key === 'fashion-mnist') {
    return loadFashionMnist({ dir: options.fashionMnistDir, limit: options.limit, dtype });
  }
  if (Object.hasOwn(SKLEARN_DATASETS, key)) {
    const ds = loadSklearnDataset(key as SklearnDatasetName, { dir: options.sklearnDir, dtype });
    return trainTestSplit(ds, testFraction, rng);
  }
  throw new Error(
    `unknown data set "${name}": choose one of ${dataNames().join(', ')}, or give a path to a .csv file`,
  );
}
