/**
 * A fit run described by plain JSON options: what `mlp-lab fit` trains and
 * what one job of a sweep trains, from one definition, so equal options give
 * the same bits in both. Here are the options, the layer sizes the data asks
 * for, the network they build and the options fitAsync gets; loading the
 * data (files or generated) is the caller's part. Browser-safe.
 */
import type { Dataset, Task } from '../data/dataset.js';
import { defaultEmbeddingDim } from '../nn/embedding.js';
import type { InitSpec } from '../nn/init.js';
import type { ActivationName, EmbeddingColumn } from '../nn/layer.js';
import { mlp, type NormKind } from '../nn/mlp.js';
import type { Sequential } from '../nn/sequential.js';
import type { OptimizerName } from '../optim/options.js';
import { type ScheduleSpec, withWarmup } from '../optim/schedules.js';
import type { FitOptions } from './fitTypes.js';
import type { LossName } from './losses/index.js';

/** Where a run's data comes from: the fields of `mlp-lab fit`'s data options. */
export interface FitJobData {
  readonly target?: string;
  readonly domain?: ReadonlyArray<readonly [number, number]>;
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

/** Everything that shapes a fit run. */
export interface FitJobOptions {
  readonly data: FitJobData;
  /** Full layer sizes; undefined means inputs-64-64-outputs once the data is known. */
  readonly arch?: readonly number[];
  /** The DIM of --categorical embedding:DIM; without it each table is defaultEmbeddingDim wide. */
  readonly embeddingDim?: number;
  readonly activation: ActivationName;
  readonly init?: InitSpec;
  readonly norm: NormKind;
  readonly pDrop: number;
  readonly residual: boolean;
  readonly loss?: LossName;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly schedule: ScheduleSpec;
  readonly warmup: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly weightDecay: number;
  readonly clipNorm?: number;
  readonly patience?: number;
  readonly seed: number;
}

/** A column of category codes an embedding reads, with its categories. */
export interface FitJobCodeColumn {
  readonly column: number;
  readonly categories: readonly string[];
}

function outputWidth(train: Dataset): number {
  if (train.task !== 'multiclass') return train.y.cols;
  let max = 0;
  for (const v of train.y.data) max = Math.max(max, v);
  return Math.max(train.classes?.length ?? 0, max + 1);
}

/** The run's layer sizes: --arch, checked against the data, or inputs-64-64-outputs. */
export function fitLayerSizes(options: FitJobOptions, train: Dataset): number[] {
  const inputs = train.x.cols;
  const outputs = outputWidth(train);
  const sizes = options.arch ? [...options.arch] : [inputs, 64, 64, outputs];
  if (sizes[0] !== inputs || sizes[sizes.length - 1] !== outputs) {
    throw new Error(
      `--arch ${sizes.join('-')} does not match the data: it has ${inputs} inputs and needs ${outputs} outputs (example: --arch ${inputs}-64-64-${outputs})`,
    );
  }
  return sizes;
}

/** The untrained network, seeded; one embedding table per code column (none without code columns). */
export function buildFitModel(
  options: FitJobOptions,
  sizes: readonly number[],
  codeColumns: readonly FitJobCodeColumn[] = [],
): Sequential {
  const embed: EmbeddingColumn[] | undefined =
    codeColumns.length === 0
      ? undefined
      : codeColumns.map(({ column, categories }) => ({
          column,
          categories: categories.length,
          dim: options.embeddingDim ?? defaultEmbeddingDim(categories.length),
        }));
  return mlp([...sizes], {
    activation: options.activation,
    init: options.init,
    seed: options.seed,
    norm: options.norm,
    pDrop: options.pDrop,
    residual: options.residual,
    embed,
  });
}

/** The fitAsync options the run's settings make; callers add progress, cancelling and checkpoints. */
export function fitJobTraining(options: FitJobOptions, test: Dataset): FitOptions {
  return {
    epochs: options.epochs,
    batchSize: options.batchSize,
    loss: options.loss,
    optimizer: { name: options.optimizer, weightDecay: options.weightDecay, clipNorm: options.clipNorm },
    lr: options.lr,
    schedule: withWarmup(options.schedule, options.warmup),
    seed: options.seed,
    // Early stopping must not peek at the test set, so it watches a slice of the training data.
    ...(options.patience
      ? { validationSplit: 0.1, earlyStopping: { patience: options.patience, restoreBest: true } }
      : { validationData: test }),
  };
}
