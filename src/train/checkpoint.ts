/**
 * A training run's full state as plain JSON: weights and buffers, optimizer
 * state, schedule state, both random generators (shuffling and dropout), the
 * epoch and step counters, the history and early stopping's counters. Float
 * arrays travel as base64 of their little-endian bytes, so a checkpoint taken
 * through JSON.stringify/parse resumes bit for bit.
 */
import { base64ToFloats, floatsToBase64 } from '../io/base64.js';
import { buildModel } from '../nn/build.js';
import type { ModelSpec, ParamValues, Sequential } from '../nn/sequential.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { OptimizerName } from '../optim/options.js';
import type { Scheduler, SchedulerState } from '../optim/scheduler.js';
import { type DType, dtypeOf, type FloatArray } from '../tensor/matrix.js';
import type { Rng, RngState } from '../tensor/rng.js';
import type { EarlyStopping, EarlyStoppingState } from './earlyStopping.js';
import type { EpochRecord } from './fitTypes.js';

export interface EncodedFloats {
  readonly dtype: DType;
  readonly base64: string;
}

export type EncodedValues = Record<string, EncodedFloats>;

export interface Checkpoint {
  readonly format: 'mlp-lab-checkpoint';
  readonly version: 1;
  readonly model: ModelSpec;
  /** Parameters and buffers by path. */
  readonly weights: EncodedValues;
  readonly optimizer: {
    readonly name: OptimizerName;
    readonly step: number;
    readonly slots: Record<string, EncodedValues>;
  };
  readonly scheduler: SchedulerState;
  readonly rng: { readonly shuffle: RngState; readonly dropout: RngState };
  readonly seed: number;
  /** Completed epochs. */
  readonly epoch: number;
  readonly history: readonly EpochRecord[];
  readonly earlyStopping: EarlyStoppingState | null;
  /** Weights of the best epoch so far, kept when early stopping restores them. */
  readonly bestWeights: EncodedValues | null;
}

/** The live objects of a run that a checkpoint captures and restores. */
export interface RunState {
  readonly model: Sequential;
  readonly optimizer: Optimizer;
  readonly scheduler: Scheduler;
  readonly shuffleRng: Rng;
  readonly dropoutRng: Rng;
  readonly earlyStopping: EarlyStopping | null;
}

export interface RunProgress {
  readonly seed: number;
  readonly epoch: number;
  readonly history: readonly EpochRecord[];
  readonly bestWeights: ParamValues | null;
}

export function encodeValues(values: Readonly<Record<string, FloatArray>>): EncodedValues {
  const out: EncodedValues = {};
  for (const [path, a] of Object.entries(values))
    out[path] = { dtype: dtypeOf(a), base64: floatsToBase64(a) };
  return out;
}

export function decodeValues(values: EncodedValues): ParamValues {
  const out: ParamValues = {};
  for (const [path, e] of Object.entries(values)) out[path] = base64ToFloats(e.base64, e.dtype);
  return out;
}

export function captureCheckpoint(run: RunState, progress: RunProgress): Checkpoint {
  const { model, optimizer, scheduler } = run;
  const opt = optimizer.getState();
  const slots: Record<string, EncodedValues> = {};
  for (const [path, bySlot] of Object.entries(opt.slots)) slots[path] = encodeValues(bySlot);
  return {
    format: 'mlp-lab-checkpoint',
    version: 1,
    model: model.spec(),
    weights: encodeValues({ ...model.getParams(), ...model.getBuffers() }),
    optimizer: { name: opt.name, step: opt.step, slots },
    scheduler: scheduler.getState(),
    rng: { shuffle: run.shuffleRng.getState(), dropout: run.dropoutRng.getState() },
    seed: progress.seed,
    epoch: progress.epoch,
    history: progress.history.map((r) => ({ ...r })),
    earlyStopping: run.earlyStopping?.getState() ?? null,
    bestWeights: progress.bestWeights ? encodeValues(progress.bestWeights) : null,
  };
}

/** Puts a checkpoint's state into a run built with the same model architecture and options. */
export function restoreCheckpoint(value: unknown, run: RunState): RunProgress {
  const ckpt = checkCheckpoint(value);
  run.model.setParams(decodeValues(ckpt.weights));
  const slots: Record<string, ParamValues> = {};
  for (const [path, bySlot] of Object.entries(ckpt.optimizer.slots)) slots[path] = decodeValues(bySlot);
  run.optimizer.setState({ name: ckpt.optimizer.name, step: ckpt.optimizer.step, slots });
  run.scheduler.setState(ckpt.scheduler);
  run.shuffleRng.setState(ckpt.rng.shuffle);
  run.dropoutRng.setState(ckpt.rng.dropout);
  if (run.earlyStopping) {
    if (!ckpt.earlyStopping)
      throw new Error('checkpoint was taken without early stopping; resume with the same options');
    run.earlyStopping.setState(ckpt.earlyStopping);
  }
  return {
    seed: ckpt.seed,
    epoch: ckpt.epoch,
    history: ckpt.history,
    bestWeights: ckpt.bestWeights ? decodeValues(ckpt.bestWeights) : null,
  };
}

/** A fresh model with the checkpoint's architecture and weights. */
export function modelFromCheckpoint(value: unknown): Sequential {
  const ckpt = checkCheckpoint(value);
  const model = buildModel(ckpt.model);
  model.setParams(decodeValues(ckpt.weights));
  return model;
}

/** Checks the envelope of a parsed checkpoint; the parts are checked as they are restored. */
export function checkCheckpoint(value: unknown): Checkpoint {
  const c = value as Partial<Checkpoint> | null;
  if (typeof c !== 'object' || c === null || c.format !== 'mlp-lab-checkpoint') {
    throw new Error('not an mlp-lab checkpoint: expected an object with format "mlp-lab-checkpoint"');
  }
  if (c.version !== 1)
    throw new Error(`checkpoint version ${c.version} is not supported; this mlp-lab reads version 1`);
  for (const key of ['model', 'weights', 'optimizer', 'scheduler', 'rng', 'history'] as const) {
    if (typeof c[key] !== 'object' || c[key] === null)
      throw new Error(`checkpoint is missing '${key}'; was it cut short?`);
  }
  if (!(Number.isInteger(c.epoch) && (c.epoch as number) >= 0))
    throw new Error(`checkpoint epoch must be an integer ≥ 0, got ${c.epoch}`);
  return c as Checkpoint;
}
