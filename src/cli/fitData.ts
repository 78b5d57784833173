/**
 * The data a `fit` run trains on, from `--target` (an expression sampled on
 * a domain) or `--dataset` (a synthetic set, a real set, or a CSV path),
 * split into train and test and standardised on the training split only.
 * With categoricalEncoding 'index' a CSV's categorical columns arrive as
 * integer codes for an embedding, and standardisation leaves them alone.
 */
import { loadCsvFile } from '../data/csv.node.js';
import type { Dataset, SplitDataset, Task } from '../data/dataset.js';
import { dataFromName } from '../data/datasets.node.js';
import { parseTarget } from '../data/expression.js';
import { sampleTarget } from '../data/sampleTarget.js';
import { trainTestSplit } from '../data/split.js';
import { type Standardizer, standardizeSplit } from '../data/standardize.js';
import type { ModelMetadata } from '../io/modelFile.js';
import type { Rng } from '../tensor/rng.js';
import { asUsageError, UsageError } from './errors.js';

export interface DataOptions {
  readonly target?: string;
  readonly domain?: Array<[number, number]>;
  readonly dataset?: string;
  /** CSV: the target column. */
  readonly label?: string;
  /** CSV: the task, instead of the loader's inference. */
  readonly task?: Task;
  /** CSV: 'index' reads each categorical column as one column of codes 0..k-1 (the default is one-hot). */
  readonly categoricalEncoding?: 'index';
  /** CSV: columns to leave out. */
  readonly ignore?: readonly string[];
  /** CSV: columns to treat as categorical although they hold numbers. */
  readonly categorical?: readonly string[];
  readonly samples: number;
  readonly noise?: number;
  readonly testRatio: number;
  readonly standardize: boolean;
  readonly fashionMnistDir?: string;
  /** Fashion-MNIST: the first `limit` images of each split. */
  readonly limit?: number;
}

/** An input column of category codes: code i stands for categories[i]. */
export interface CodeColumn {
  readonly column: number;
  readonly name: string;
  readonly categories: readonly string[];
}

export interface FitData {
  readonly split: SplitDataset;
  /** The code columns of x, with categoricalEncoding 'index'; empty otherwise. */
  readonly codeColumns: readonly CodeColumn[];
  readonly standardizer?: Standardizer;
  /** What the model file records about the data. */
  readonly metadata: ModelMetadata;
  readonly description: string;
}

interface Loaded {
  split: SplitDataset;
  codeColumns: readonly CodeColumn[];
  metadata: ModelMetadata;
  description: string;
}

function loadSplit(options: DataOptions, rng: Rng): Loaded {
  if (options.target !== undefined) {
    const target = parseTarget(options.target);
    const domain = options.domain ?? [[-1, 1]];
    const perVariable = domain.length === 1 ? target.variables.map(() => domain[0]!) : domain;
    if (perVariable.length !== target.arity) {
      throw new Error(
        `--domain gives ${domain.length} intervals but '${options.target}' uses ${target.arity} variables (${target.variables.join(', ')}); give one lo,hi pair or one per variable`,
      );
    }
    const all = sampleTarget(target, { n: options.samples, domain: perVariable, noise: options.noise, rng });
    return {
      split: trainTestSplit(all, options.testRatio, rng),
      codeColumns: [],
      metadata: { task: 'regression', target: options.target, domain: perVariable.flat() },
      description: `target ${options.target} on ${perVariable.map(([a, b]) => `[${a}, ${b}]`).join(' × ')}`,
    };
  }
  const name = options.dataset!;
  if (options.categoricalEncoding === 'index') return loadCodedCsv(name, options, rng);
  const split = dataFromName(name, {
    rng,
    n: options.samples,
    noise: options.noise,
    testFraction: options.testRatio,
    fashionMnistDir: options.fashionMnistDir,
    limit: options.limit,
    csv: {
      target: options.label,
      task: options.task,
      ignore: options.ignore,
      categorical: options.categorical,
    },
  });
  const { train } = split;
  return {
    split,
    codeColumns: [],
    metadata: datasetMetadata(name, train),
    description: `dataset ${name}`,
  };
}

/** What the model file records about a named data set. */
function datasetMetadata(name: string, ds: Dataset): ModelMetadata {
  return {
    task: ds.task,
    dataset: name,
    ...(ds.classes ? { classes: [...ds.classes] } : {}),
    ...(ds.featureNames ? { featureNames: [...ds.featureNames] } : {}),
  };
}

/** dataFromName's CSV branch, keeping what the CSV loader knows about its code columns. */
function loadCodedCsv(path: string, options: DataOptions, rng: Rng): Loaded {
  const ds = loadCsvFile(path, {
    target: options.label,
    task: options.task,
    ignore: options.ignore,
    categorical: options.categorical,
    categoricalEncoding: 'index',
  });
  // With index encoding every feature is one column of x, so x column j is ds.columns[j].
  const codeColumns = ds.codeColumns.map((column) => ({
    column,
    name: ds.columns[column].name,
    categories: ds.columns[column].categories!,
  }));
  return {
    split: trainTestSplit(ds, options.testRatio, rng),
    codeColumns,
    metadata: {
      ...datasetMetadata(path, ds),
      ...(codeColumns.length > 0
        ? { categories: Object.fromEntries(codeColumns.map((c) => [c.name, [...c.categories]])) }
        : {}),
    },
    description: `dataset ${path}`,
  };
}

export function loadFitData(options: DataOptions, rng: Rng): FitData {
  if ((options.target === undefined) === (options.dataset === undefined)) {
    throw new UsageError(
      "give exactly one of --target EXPR or --dataset NAME (example: --target 'sin(3*x)' --domain -3,3)",
    );
  }
  let loaded: ReturnType<typeof loadSplit>;
  try {
    loaded = loadSplit(options, rng);
  } catch (e) {
    throw asUsageError(e);
  }
  const { train, test } = loaded.split;
  const description = `${loaded.description}: ${train.x.rows} train / ${test.x.rows} test rows, ${train.x.cols} inputs, ${train.task}`;
  const { codeColumns } = loaded;
  if (!options.standardize)
    return { split: loaded.split, codeColumns, metadata: loaded.metadata, description };
  const { split, standardizer } = standardizeSplit(loaded.split, { keep: codeColumns.map((c) => c.column) });
  return { split, codeColumns, standardizer, metadata: { ...loaded.metadata, standardizer }, description };
}
