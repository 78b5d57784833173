/** What fit takes and what it gives back: options, callbacks, progress events, the result. */
import type { Dataset } from '../data/dataset.js';
import type { OptimizerName, OptimizerSpec } from '../optim/options.js';
import type { ScheduleKind, ScheduleSpec } from '../optim/schedules.js';
import type { Checkpoint } from './checkpoint.js';
import type { EarlyStoppingOptions } from './earlyStopping.js';
import type { Loss, LossSpec } from './losses/index.js';
import type { Metrics, Monitor } from './metrics.js';
import type { ScheduleUnit } from './trainer.js';

/** Why a run ended. */
export type StopReason = 'completed' | 'early_stopping' | 'cancelled' | 'diverged';

/** A callback may return 'stop' to end the run after the current batch or epoch. */
// biome-ignore lint/suspicious/noConfusingVoidType: void lets callbacks that return nothing type-check.
export type CallbackResult = void | 'stop';

export interface EpochInfo {
  /** 1-based epoch number. */
  readonly epoch: number;
  readonly epochs: number;
  /** Learning rate the epoch's first step uses. */
  readonly lr: number;
}

export interface BatchInfo extends EpochInfo {
  /** 0-based batch within the epoch. */
  readonly batch: number;
  readonly batches: number;
  /** Optimizer steps taken so far in the whole run (resumed steps included). */
  readonly step: number;
  /** Mean loss of the batch (onBatchEnd only). */
  readonly loss?: number;
}

export interface EpochRecord {
  readonly epoch: number;
  readonly lr: number;
  /** Running metrics of the training batches, in training mode (as Keras reports them). */
  readonly train: Metrics;
  /** Metrics of the validation data in evaluation mode after the epoch. */
  readonly validation?: Metrics;
  readonly timeMs: number;
}

export interface Callbacks {
  onEpochBegin?(info: EpochInfo): CallbackResult;
  onEpochEnd?(info: EpochInfo, record: EpochRecord): CallbackResult;
  onBatchBegin?(info: BatchInfo): CallbackResult;
  onBatchEnd?(info: BatchInfo): CallbackResult;
}

/** One progress event after every batch, and one per epoch with its metrics. */
export type ProgressEvent =
  | { readonly kind: 'batch'; readonly info: BatchInfo; readonly fraction: number }
  | {
      readonly kind: 'epoch';
      readonly record: EpochRecord;
      readonly epochs: number;
      readonly fraction: number;
    };

export interface CheckpointHook {
  /** Save after every `every` completed epochs, and after the last completed epoch of a run that stops at an epoch's end. */
  every: number;
  save(checkpoint: Checkpoint): void;
}

export interface FitOptions {
  /** Epochs in the whole run (a resumed run counts the epochs already done). Default fitDefaults.epochs. */
  epochs?: number;
  /** Rows per step; larger than the data means full batch. Default fitDefaults.batchSize. */
  batchSize?: number;
  /** Leave out a final partial batch (BatchNorm needs ≥ 2 rows). Default false. */
  dropLast?: boolean;
  /** Reshuffle the rows every epoch. Default true. */
  shuffle?: boolean;
  /** Default: the task's loss (regression mse, binary bce on a logit, multiclass cross_entropy on logits). */
  loss?: LossSpec | Loss;
  /** Default fitDefaults.optimizer. */
  optimizer?: OptimizerName | OptimizerSpec;
  /** Base learning rate; overrides the optimizer spec's. Default fitDefaults.lr when the optimizer is not given. */
  lr?: number;
  /** Default fitDefaults.schedule; lengths left open (cosine tMax, onecycle totalSteps) span the run. */
  schedule?: ScheduleKind | ScheduleSpec;
  /** Whether a schedule tick is an epoch (default) or an optimizer step. */
  scheduleUnit?: ScheduleUnit;
  /** Seeds the validation split, the shuffling and dropout. Default 0. */
  seed?: number;
  /** Hold out this fraction of the rows (seeded) for validation. */
  validationSplit?: number;
  validationData?: Dataset;
  /** The metric reduce-on-plateau and early stopping watch. Default 'val_loss' with validation data, else 'loss'. */
  monitor?: Monitor;
  earlyStopping?: EarlyStoppingOptions | boolean;
  callbacks?: Callbacks | readonly Callbacks[];
  onProgress?: (event: ProgressEvent) => void;
  /** Stops the run (reason 'cancelled') before the next batch once aborted. */
  signal?: AbortSignal;
  checkpoint?: CheckpointHook;
  /** Continue from a checkpoint taken by an earlier fit with the same data and options. */
  resume?: Checkpoint;
  /** Rows per forward when evaluating. Default 1024. */
  evalBatchSize?: number;
}

export interface FitResult {
  readonly history: readonly EpochRecord[];
  /** Metrics after the run in evaluation mode, with the weights the model ends with. */
  readonly final: { readonly train: Metrics; readonly validation?: Metrics };
  /** Completed epochs, resumed ones included. */
  readonly epochs: number;
  /**
   * Optimizer steps of the completed epochs, resumed ones included. A run
   * stopped inside an epoch (cancelled, diverged) ends with the weights of the
   * last completed epoch, and its partial epoch's steps are not counted.
   */
  readonly steps: number;
  readonly stopped: StopReason;
  /** One line on why the run stopped early; absent when it completed. */
  readonly message?: string;
  /** Epoch whose weights early stopping restored (restoreBest). */
  readonly bestEpoch?: number;
  readonly wallTimeMs: number;
}
