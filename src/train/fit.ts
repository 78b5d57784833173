/**
 * fit(model, data, options): the epoch loop around Trainer.step. Minibatches
 * in a seeded order, running training metrics, validation after each epoch,
 * reduce-on-plateau and early stopping on one monitored metric, callbacks and
 * progress events, cancellation, checkpoints, and a clean stop on divergence
 * that keeps the last good weights.
 *
 * One seed drives the run: three generators forked from it in a fixed order
 * split off validation rows, shuffle the batches and draw dropout masks, so a
 * checkpoint that saves the last two resumes the same bits.
 */
import type { Dataset } from '../data/dataset.js';
import { trainTestSplit } from '../data/split.js';
import type { Sequential } from '../nn/sequential.js';
import type { OptimizerName, OptimizerSpec } from '../optim/options.js';
import { Rng } from '../tensor/rng.js';
import { Batcher } from './batches.js';
import { captureCheckpoint, type RunState, restoreCheckpoint } from './checkpoint.js';
import { EarlyStopping } from './earlyStopping.js';
import { evaluateWith } from './evaluate.js';
import type {
  BatchInfo,
  CallbackResult,
  Callbacks,
  EpochInfo,
  EpochRecord,
  FitOptions,
  FitResult,
  StopReason,
} from './fitTypes.js';
import { createLoss, defaultLossForTask } from './losses/index.js';
import { MetricAccumulator, type Metrics, type Monitor } from './metrics.js';
import { allFinite, WeightSnapshot } from './snapshot.js';
import { Trainer } from './trainer.js';

/**
 * The defaults fit (and the CLI) use: Adam at 1e-2, cosine-annealed per epoch
 * to 0 over the run, batches of 64. About 4000 steps are what a 1-64-64-1 tanh
 * net needs to fit sin(3x) on [−π, π] to RMSE < 0.02: 500 epochs of 512 points.
 */
export const fitDefaults = {
  epochs: 500,
  batchSize: 64,
  optimizer: 'adam' as OptimizerName,
  lr: 1e-2,
  schedule: 'cosine' as const,
  scheduleUnit: 'epoch' as const,
  seed: 0,
  evalBatchSize: 1024,
};

export function fit(model: Sequential, data: Dataset, options: FitOptions = {}): FitResult {
  const run = fitSteps(model, data, options);
  for (;;) {
    const next = run.next();
    if (next.done) return next.value;
  }
}

/**
 * fit() that hands control back to the event loop about every `sliceMs`, so
 * timers, Ctrl-C in a terminal (an AbortSignal aborted from a SIGINT handler)
 * and a page's UI stay responsive while it trains. Same steps, same bits.
 */
export async function fitAsync(
  model: Sequential,
  data: Dataset,
  options: FitOptions = {},
  sliceMs = 50,
): Promise<FitResult> {
  const run = fitSteps(model, data, options);
  let deadline = performance.now() + sliceMs;
  for (;;) {
    const next = run.next();
    if (next.done) return next.value;
    if (performance.now() >= deadline) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      deadline = performance.now() + sliceMs;
    }
  }
}

/** The training run as a generator that pauses after every batch; fit and fitAsync drive it. */
function* fitSteps(model: Sequential, data: Dataset, options: FitOptions): Generator<void, FitResult> {
  const started = performance.now();
  const seed = resumeSeed(options);
  const root = new Rng(seed);
  const splitRng = root.fork();
  const shuffleRng = root.fork();
  const dropoutRng = root.fork();
  const { train, validation } = splitData(data, options, splitRng);
  if (train.x.cols !== model.nIn) {
    throw new Error(`${model.describe()} takes ${model.nIn} inputs but the data has ${train.x.cols} columns`);
  }

  const epochs = options.epochs ?? fitDefaults.epochs;
  if (!(Number.isInteger(epochs) && epochs >= 0))
    throw new Error(`fit: epochs must be an integer ≥ 0, got ${epochs}`);
  const batcher = new Batcher(
    train.x,
    train.y,
    options.batchSize ?? fitDefaults.batchSize,
    options.dropLast ?? false,
  );
  const scheduleUnit = options.scheduleUnit ?? fitDefaults.scheduleUnit;
  const trainer = new Trainer(model, {
    loss: createLoss(options.loss ?? defaultLossForTask[train.task]),
    ...optimizerOptions(options),
    schedule: options.schedule ?? fitDefaults.schedule,
    scheduleUnit,
    ticks: scheduleUnit === 'epoch' ? epochs : epochs * batcher.count,
    rng: dropoutRng,
  });
  const monitor = options.monitor ?? (validation ? 'val_loss' : 'loss');
  checkMonitor(monitor, train, validation !== null);
  const early = makeEarlyStopping(options, monitor);
  if (early && early.monitor !== monitor) checkMonitor(early.monitor, train, validation !== null);

  const run: RunState = {
    model,
    optimizer: trainer.optimizer,
    scheduler: trainer.scheduler,
    shuffleRng,
    dropoutRng,
    earlyStopping: early,
  };
  const best = early?.restoreBest ? new WeightSnapshot(model) : null;
  let epoch = 0;
  const history: EpochRecord[] = [];
  if (options.resume) {
    const progress = restoreCheckpoint(options.resume, run);
    epoch = progress.epoch;
    history.push(...progress.history);
    if (best && progress.bestWeights) best.load(progress.bestWeights);
  }
  trainer.epoch = epoch;
  const lastGood = new WeightSnapshot(model);
  lastGood.capture();

  const callbacks = options.callbacks === undefined ? [] : ([] as Callbacks[]).concat(options.callbacks);
  const ask = (call: (c: Callbacks) => CallbackResult): boolean =>
    callbacks.reduce((stop, c) => call(c) === 'stop' || stop, false);
  const trainAcc = new MetricAccumulator(train.task, trainer.loss.takesLogits);
  const valAcc = validation ? new MetricAccumulator(validation.task, trainer.loss.takesLogits) : null;
  const evalBatch = options.evalBatchSize ?? fitDefaults.evalBatchSize;
  const shuffle = options.shuffle ?? true;
  const totalBatches = epochs * batcher.count;
  let stopped: StopReason | null = null;
  let message: string | undefined;
  // A run stopped inside an epoch ends with the weights and step count of the last completed one.
  let completedSteps = trainer.optimizer.stepCount;
  let midEpoch = false;

  while (epoch < epochs && stopped === null) {
    const info: EpochInfo = { epoch: epoch + 1, epochs, lr: trainer.lr };
    if (ask((c) => c.onEpochBegin?.(info))) {
      stopped = 'cancelled';
      message = `a callback stopped the run before epoch ${info.epoch}`;
      break;
    }
    const epochStart = performance.now();
    if (shuffle) batcher.shuffle(shuffleRng);
    trainAcc.reset();
    for (let b = 0; b < batcher.count; b++) {
      if (options.signal?.aborted) {
        stopped = 'cancelled';
        message = `cancelled in epoch ${info.epoch} at batch ${b + 1} of ${batcher.count}`;
        break;
      }
      const begin: BatchInfo = {
        ...info,
        batch: b,
        batches: batcher.count,
        step: trainer.optimizer.stepCount,
      };
      if (ask((c) => c.onBatchBegin?.(begin))) {
        stopped = 'cancelled';
        message = `a callback stopped the run in epoch ${info.epoch} at batch ${b + 1}`;
        break;
      }
      const { x, y } = batcher.batch(b);
      const loss = trainer.step(x, y, trainAcc);
      if (!Number.isFinite(loss)) {
        stopped = 'diverged';
        message = divergedMessage(`the loss is ${loss}`, info, b, epoch);
        break;
      }
      const end: BatchInfo = { ...begin, step: trainer.optimizer.stepCount, loss };
      const stop = ask((c) => c.onBatchEnd?.(end));
      options.onProgress?.({
        kind: 'batch',
        info: end,
        fraction: (epoch * batcher.count + b + 1) / totalBatches,
      });
      if (stop) {
        stopped = 'cancelled';
        message = `a callback stopped the run in epoch ${info.epoch} after batch ${b + 1}`;
        break;
      }
      yield;
    }
    if (stopped !== null) {
      midEpoch = true;
      break;
    }
    if (!allFinite(model)) {
      stopped = 'diverged';
      message = divergedMessage('a weight is not finite', info, batcher.count - 1, epoch);
      break;
    }

    epoch++;
    trainer.epoch = epoch;
    completedSteps = trainer.optimizer.stepCount;
    const record: EpochRecord = {
      epoch,
      lr: info.lr,
      train: trainAcc.result(),
      ...(validation && valAcc
        ? { validation: evaluateWith(model, validation, trainer.loss, valAcc, evalBatch) }
        : {}),
      timeMs: performance.now() - epochStart,
    };
    history.push(record);
    lastGood.capture();
    const watched = monitorValue(record, monitor);
    if (trainer.scheduler.observesMetric) trainer.scheduler.observe(watched);
    if (early) {
      if (early.observe(epoch, monitorValue(record, early.monitor))) best?.capture();
      if (early.shouldStop) {
        stopped = 'early_stopping';
        message = `early stopping: ${early.monitor} did not improve for ${early.patience} epochs (best at epoch ${early.getState().bestEpoch})`;
      }
    }
    if (ask((c) => c.onEpochEnd?.(info, record)) && stopped === null) {
      stopped = 'cancelled';
      message = `a callback stopped the run after epoch ${epoch}`;
    }
    options.onProgress?.({ kind: 'epoch', record, epochs, fraction: epoch / epochs });
    const hook = options.checkpoint;
    // Captured only when saved: a capture copies every weight and optimizer state array.
    if (hook && (epoch % hook.every === 0 || stopped !== null || epoch === epochs)) {
      hook.save(
        captureCheckpoint(run, {
          seed,
          epoch,
          history,
          bestWeights: best?.isFilled ? best.values() : null,
        }),
      );
    }
  }

  if (stopped === 'diverged' || midEpoch) lastGood.restore();
  let bestEpoch: number | undefined;
  if (stopped === 'early_stopping' && best?.isFilled && early) {
    best.restore();
    bestEpoch = early.getState().bestEpoch;
  }
  const finalTrain = evaluateWith(
    model,
    train,
    trainer.loss,
    new MetricAccumulator(train.task, trainer.loss.takesLogits),
    evalBatch,
  );
  const finalValidation =
    validation && valAcc ? evaluateWith(model, validation, trainer.loss, valAcc, evalBatch) : undefined;
  return {
    history,
    final: finalValidation ? { train: finalTrain, validation: finalValidation } : { train: finalTrain },
    epochs: epoch,
    steps: completedSteps,
    stopped: stopped ?? 'completed',
    ...(message === undefined ? {} : { message }),
    ...(bestEpoch === undefined ? {} : { bestEpoch }),
    wallTimeMs: performance.now() - started,
  };
}

function resumeSeed(options: FitOptions): number {
  const seed = options.seed ?? options.resume?.seed ?? fitDefaults.seed;
  if (options.resume && options.resume.seed !== seed) {
    throw new Error(
      `fit: the checkpoint was taken with seed ${options.resume.seed} but seed ${seed} was given; resume with the same seed`,
    );
  }
  return seed;
}

function optimizerOptions(options: FitOptions): { optimizer: OptimizerName | OptimizerSpec; lr?: number } {
  if (options.optimizer === undefined)
    return { optimizer: fitDefaults.optimizer, lr: options.lr ?? fitDefaults.lr };
  return options.lr === undefined
    ? { optimizer: options.optimizer }
    : { optimizer: options.optimizer, lr: options.lr };
}

function splitData(
  data: Dataset,
  options: FitOptions,
  rng: Rng,
): { train: Dataset; validation: Dataset | null } {
  const { validationSplit, validationData } = options;
  if (validationSplit !== undefined && validationData !== undefined) {
    throw new Error('fit: give validationSplit or validationData, not both');
  }
  if (validationData !== undefined) {
    if (validationData.task !== data.task) {
      throw new Error(
        `fit: validation data is for ${validationData.task} but the training data for ${data.task}`,
      );
    }
    return { train: data, validation: validationData };
  }
  if (validationSplit === undefined || validationSplit === 0) return { train: data, validation: null };
  const { train, test } = trainTestSplit(data, validationSplit, rng);
  return { train, validation: test };
}

function makeEarlyStopping(options: FitOptions, monitor: Monitor): EarlyStopping | null {
  const e = options.earlyStopping;
  if (e === undefined || e === false) return null;
  return new EarlyStopping(e === true ? {} : e, monitor);
}

const classificationMetrics = new Set(['loss', 'accuracy']);
const regressionMetrics = new Set(['loss', 'rmse', 'maxAbsError']);

function checkMonitor(monitor: Monitor, train: Dataset, hasValidation: boolean): void {
  const isVal = monitor.startsWith('val_');
  const name = isVal ? monitor.slice(4) : monitor;
  const known = train.task === 'regression' ? regressionMetrics : classificationMetrics;
  if (!known.has(name)) {
    throw new Error(
      `monitor '${monitor}' is not a ${train.task} metric; choose one of: ${[...known].flatMap((m) => [m, `val_${m}`]).join(', ')}`,
    );
  }
  if (isVal && !hasValidation) {
    throw new Error(`monitor '${monitor}' needs validation data: pass validationSplit or validationData`);
  }
}

function monitorValue(record: EpochRecord, monitor: Monitor): number {
  const isVal = monitor.startsWith('val_');
  const metrics: Metrics | undefined = isVal ? record.validation : record.train;
  const name = (isVal ? monitor.slice(4) : monitor) as keyof Metrics;
  return metrics?.[name] ?? Number.NaN;
}

function divergedMessage(what: string, info: EpochInfo, batch: number, done: number): string {
  return `training diverged in epoch ${info.epoch} at batch ${batch + 1}: ${what}; kept the weights from ${done === 0 ? 'before training' : `the end of epoch ${done}`}. Lower the learning rate (it was ${info.lr}) or clip gradients (clipNorm)`;
}
