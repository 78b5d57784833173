/**
 * A training run's full state: weights and buffers, optimizer state,
 * schedule state, both random generators (shuffling and dropout), the epoch
 * and step counters, the history and early stopping's counters. Tensors are
 * held as they are, as copies taken when the checkpoint is captured; the file
 * form (a model file with a checkpoint section, src/io/checkpointFile.ts) is
 * io's business, so a checkpoint written and read back resumes bit for bit.
 */
import type { FileTensor } from '../io/modelFile.js';
import { buildModel } from '../nn/build.js';
import type { ModelSpec, ParamValues, Sequential } from '../nn/sequential.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { OptimizerName } from '../optim/options.js';
import type { Scheduler, SchedulerState } from '../optim/scheduler.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { Rng, RngState } from '../tensor/rng.js';
import type { EarlyStopping, EarlyStoppingState } from './earlyStopping.js';
import type { EpochRecord } from './fitTypes.js';

/** An optimizer's state array for one parameter: slot names the kind, e.g. 'exp_avg'. */
export interface SlotTensor extends FileTensor {
  readonly slot: string;
}

export interface Checkpoint {
  readonly model: ModelSpec;
  /** Parameters and buffers, in namedParams() and namedBuffers() order. */
  readonly params: readonly FileTensor[];
  readonly buffers: readonly FileTensor[];
  readonly optimizer: {
    readonly name: OptimizerName;
    readonly step: number;
    readonly slots: readonly SlotTensor[];
  };
  readonly scheduler: SchedulerState;
  readonly rng: { readonly shuffle: RngState; readonly dropout: RngState };
  readonly seed: number;
  /** Completed epochs. */
  readonly epoch: number;
  readonly history: readonly EpochRecord[];
  readonly earlyStopping: EarlyStoppingState | null;
  /** Parameters and buffers of the best epoch so far, kept when early stopping restores them. */
  readonly bestWeights: readonly FileTensor[] | null;
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

/** Values by path, as setParams takes them. */
export function tensorValues(tensors: readonly FileTensor[]): ParamValues {
  const out: ParamValues = {};
  for (const t of tensors) out[t.path] = t.values;
  return out;
}

export function captureCheckpoint(run: RunState, progress: RunProgress): Checkpoint {
  const { model, optimizer, scheduler } = run;
  const copy = (path: string, rows: number, cols: number, values: FloatArray): FileTensor => ({
    path,
    shape: [rows, cols],
    values: values.slice(),
  });
  const params = model
    .namedParams()
    .map(({ path, param: { value: v } }) => copy(path, v.rows, v.cols, v.data));
  const buffers = model
    .namedBuffers()
    .map(({ path, buffer: { value: v } }) => copy(path, v.rows, v.cols, v.data));
  const shapes = new Map(params.map((t) => [t.path, t.shape]));
  // getState already copies.
  const opt = optimizer.getState();
  const slots: SlotTensor[] = [];
  for (const [path, bySlot] of Object.entries(opt.slots)) {
    for (const [slot, values] of Object.entries(bySlot)) {
      slots.push({ path, slot, shape: shapes.get(path) ?? [1, values.length], values });
    }
  }
  const best = progress.bestWeights;
  return {
    model: model.spec(),
    params,
    buffers,
    optimizer: { name: opt.name, step: opt.step, slots },
    scheduler: scheduler.getState(),
    rng: { shuffle: run.shuffleRng.getState(), dropout: run.dropoutRng.getState() },
    seed: progress.seed,
    epoch: progress.epoch,
    history: progress.history.map((r) => ({ ...r })),
    earlyStopping: run.earlyStopping?.getState() ?? null,
    bestWeights: best
      ? [...params, ...buffers].map((t) => ({ path: t.path, shape: t.shape, values: best[t.path]! }))
      : null,
  };
}

/** Puts a checkpoint's state into a run built with the same model architecture and options. */
export function restoreCheckpoint(ckpt: Checkpoint, run: RunState): RunProgress {
  run.model.setParams({ ...tensorValues(ckpt.params), ...tensorValues(ckpt.buffers) });
  const slots: Record<string, ParamValues> = {};
  for (const t of ckpt.optimizer.slots) {
    slots[t.path] ??= {};
    slots[t.path]![t.slot] = t.values;
  }
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
    bestWeights: ckpt.bestWeights ? tensorValues(ckpt.bestWeights) : null,
  };
}

/** A fresh model with the checkpoint's architecture and weights. */
export function modelFromCheckpoint(ckpt: Checkpoint): Sequential {
  const model = buildModel(ckpt.model);
  model.setParams({ ...tensorValues(ckpt.params), ...tensorValues(ckpt.buffers) });
  return model;
}
