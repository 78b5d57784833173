/**
 * The data a `fit` run trains on, from `--target` (an expression sampled on
 * a domain) or `--dataset` (a synthetic set, a real set, or a CSV path),
 * split into train and test and standardised on the training split only.
 */
import type { SplitDataset, Task } from '../data/dataset.js';
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
  readonly samples: number;
  readonly noise?: number;
  readonly testRatio: number;
  readonly standardize: boolean;
  readonly fashionMnistDir?: string;
  /** Fashion-MNIST: the first `limit` images of each split. */
  readonly limit?: number;
}

export interface FitData {
  readonly split: SplitDataset;
  readonly standardizer?: Standardizer;
  /** What the model file records about the data. */
  readonly metadata: ModelMetadata;
  readonly description: string;
}

function loadSplit(
  options: DataOptions,
  rng: Rng,
): { split: SplitDataset; metadata: ModelMetadata; description: string } {
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
      metadata: { task: 'regression', target: options.target, domain: perVariable.flat() },
      description: `target ${options.target} on ${perVariable.map(([a, b]) => `[${a}, ${b}]`).join(' × ')}`,
    };
  }
  const name = options.dataset!;
  const split = dataFromName(name, {
    rng,
    n: options.samples,
    noise: options.noise,
    testFraction: options.testRatio,
    fashionMnistDir: options.fashionMnistDir,
    limit: options.limit,
    csv: { target: options.label, task: options.task },
  });
  const { train } = split;
  return {
    split,
    metadata: {
      task: train.task,
      dataset: name,
      ...(train.classes ? { classes: [...train.classes] } : {}),
      ...(train.featureNames ? { featureNames: [...train.featureNames] } : {}),
    },
    description: `dataset ${name}`,
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
  if (!options.standardize) return { split: loaded.split, metadata: loaded.metadata, description };
  const { split, standardizer } = standardizeSplit(loaded.split);
  return { split, standardizer, metadata: { ...loaded.metadata, standardizer }, description };
}
