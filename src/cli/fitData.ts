/**
 * The data a `fit` run trains on, from `--target` (an expression sampled on
 * a domain) or `--dataset` (a synthetic set, a real set, or a CSV path): the
 * files are loaded here, and everything else (sampling, split,
 * standardisation on the training split only, metadata) is src/data/prepare.ts,
 * which the playground uses too. With categoricalEncoding 'index' a CSV's
 * categorical columns arrive as integer codes for an embedding, and
 * standardisation leaves them alone.
 */
import { loadCsvFile } from '../data/csv.node.js';
import { dataFromName } from '../data/datasets.node.js';
import {
  type CodeColumn,
  datasetMetadata,
  finishSplit,
  type PreparedData,
  type RawSplit,
  sampleTargetSplit,
} from '../data/prepare.js';
import { trainTestSplit } from '../data/split.js';
import type { Rng } from '../tensor/rng.js';
import type { FitJobData } from '../train/fitJob.js';
import { asUsageError, UsageError } from './errors.js';

export type { CodeColumn };

/** The prepared data of a fit run. */
export type FitData = PreparedData;

async function loadSplit(options: FitJobData, rng: Rng): Promise<RawSplit> {
  if (options.target !== undefined) return sampleTargetSplit({ ...options, target: options.target }, rng);
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

/** dataFromName's CSV branch, keeping what the CSV loader knows about its code columns. */
function loadCodedCsv(path: string, options: FitJobData, rng: Rng): RawSplit {
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

/** Async because a --target expression's parser is loaded on first use (parseTarget). */
export async function loadFitData(options: FitJobData, rng: Rng): Promise<FitData> {
  if ((options.target === undefined) === (options.dataset === undefined)) {
    throw new UsageError(
      "give exactly one of --target EXPR or --dataset NAME (example: --target 'sin(3*x)' --domain -3,3)",
    );
  }
  let loaded: RawSplit;
  try {
    loaded = await loadSplit(options, rng);
  } catch (e) {
    throw asUsageError(e);
  }
  return finishSplit(loaded, options.standardize);
}
