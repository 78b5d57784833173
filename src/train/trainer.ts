/**
 * One training step — forward, loss, backward, update — as a single code path
 * that fit's epoch loop and the benchmarks both drive.
 */
import type { ForwardContext } from '../nn/layer.js';
import type { Sequential } from '../nn/sequential.js';
import { Optimizer } from '../optim/optimizer.js';
import type { OptimizerName, OptimizerSpec } from '../optim/options.js';
import { Scheduler } from '../optim/scheduler.js';
import type { ScheduleKind, ScheduleSpec } from '../optim/schedules.js';
import type { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import { createLoss, type Loss, type LossSpec } from './losses/index.js';
import type { MetricAccumulator } from './metrics.js';

const TRAINING: ForwardContext = { training: true };

/**
 * Forward in training mode, mean loss, backward, optimizer step at lr.
 * Returns the batch loss. A non-finite loss skips the update, so the weights
 * and the optimizer state stay as they were and the caller can stop cleanly.
 * metrics, when given, takes the batch's outputs before the update (running
 * training metrics at no extra forward).
 */
export function trainStep(
  model: Sequential,
  loss: Loss,
  optimizer: Optimizer,
  x: Matrix,
  y: Matrix,
  lr: number,
  rng?: Rng,
  metrics?: MetricAccumulator,
): number {
  const out = model.forward(x, rng ? { training: true, rng } : TRAINING);
  const value = loss.forward(out, y);
  if (!Number.isFinite(value)) return value;
  metrics?.add(out, y, value);
  model.backward(loss.backward());
  optimizer.step(lr);
  return value;
}

export type ScheduleUnit = 'step' | 'epoch';

export interface TrainerOptions {
  loss: LossSpec | Loss;
  /** An optimizer by name or spec (built over the model's parameters), or one already built. Default 'adam'. */
  optimizer?: OptimizerName | OptimizerSpec | Optimizer;
  /** Base learning rate; overrides the optimizer spec's. */
  lr?: number;
  /** Default constant. Lengths the spec leaves open are filled with `ticks`. */
  schedule?: ScheduleKind | ScheduleSpec | Scheduler | null;
  /** What a schedule tick is: an optimizer step (default) or an epoch. */
  scheduleUnit?: ScheduleUnit;
  /** How many ticks the run spans (fills cosine tMax, onecycle totalSteps). */
  ticks?: number;
  /** Randomness for dropout. */
  rng?: Rng;
}

export class Trainer {
  readonly loss: Loss;
  readonly optimizer: Optimizer;
  readonly scheduler: Scheduler;
  readonly scheduleUnit: ScheduleUnit;
  readonly rng: Rng | undefined;
  /** Completed epochs, for schedules ticking per epoch; the epoch loop sets it. */
  epoch = 0;

  constructor(
    readonly model: Sequential,
    options: TrainerOptions,
  ) {
    this.loss = createLoss(options.loss);
    const opt = options.optimizer ?? 'adam';
    if (opt instanceof Optimizer) {
      this.optimizer = opt;
    } else {
      const spec: OptimizerSpec = typeof opt === 'string' ? ({ name: opt } as OptimizerSpec) : opt;
      this.optimizer = new Optimizer(model, options.lr === undefined ? spec : { ...spec, lr: options.lr });
    }
    const baseLr = options.lr ?? this.optimizer.spec.lr;
    const schedule = options.schedule ?? 'constant';
    this.scheduler =
      schedule instanceof Scheduler ? schedule : new Scheduler(schedule, baseLr, options.ticks);
    this.scheduleUnit = options.scheduleUnit ?? 'step';
    this.rng = options.rng;
  }

  /** The learning rate the next step uses. */
  get lr(): number {
    return this.scheduler.lr(this.scheduleUnit === 'epoch' ? this.epoch : this.optimizer.stepCount);
  }

  /** One step on a minibatch; returns its mean loss (non-finite: no update was made). */
  step(x: Matrix, y: Matrix, metrics?: MetricAccumulator): number {
    return trainStep(this.model, this.loss, this.optimizer, x, y, this.lr, this.rng, metrics);
  }
}
