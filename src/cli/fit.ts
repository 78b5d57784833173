/**
 * `mlp-lab fit`: train an MLP on a target expression or a data set, report
 * train and test metrics, and with --out leave a model file, the metrics
 * history and a resumable checkpoint. A diverging run exits 3 after saving
 * its last good weights; bad input exits 2 with one line on stderr.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Dataset } from '../data/dataset.js';
import { writeJsonAtomic } from '../io/atomic.node.js';
import { saveModel } from '../io/modelFile.node.js';
import { mlp } from '../nn/mlp.js';
import type { Sequential } from '../nn/sequential.js';
import type { ScheduleSpec } from '../optim/schedules.js';
import { Rng } from '../tensor/rng.js';
import { type Checkpoint, checkCheckpoint, modelFromCheckpoint } from '../train/checkpoint.js';
import { evaluate } from '../train/evaluate.js';
import { fitAsync } from '../train/fit.js';
import type { FitResult } from '../train/fitTypes.js';
import type { Metrics } from '../train/metrics.js';
import { CancelledError, DivergedError, UsageError } from './errors.js';
import { type FitData, loadFitData } from './fitData.js';
import { addFitOptions, type FitSettings, fitSettings } from './fitOptions.js';
import { createProgress, formatMetrics } from './progress.js';

export interface FitSummary {
  readonly data: string;
  readonly task: Dataset['task'];
  readonly arch: number[];
  readonly activation: string;
  readonly params: number;
  readonly epochs: number;
  readonly steps: number;
  readonly stopped: FitResult['stopped'];
  readonly message?: string;
  readonly wallTimeSec: number;
  readonly train: Metrics;
  readonly test: Metrics;
  readonly out?: string;
}

function outputWidth(train: Dataset): number {
  if (train.task === 'multiclass') {
    let max = 0;
    for (const v of train.y.data) max = Math.max(max, v);
    return Math.max(train.classes?.length ?? 0, max + 1);
  }
  return train.y.cols;
}

function layerSizes(settings: FitSettings, train: Dataset): number[] {
  const inputs = train.x.cols;
  const outputs = outputWidth(train);
  const arch = settings.arch ?? [inputs, 64, 64, outputs];
  if (arch[0] !== inputs || arch[arch.length - 1] !== outputs) {
    throw new UsageError(
      `--arch ${arch.join('-')} does not match the data: it has ${inputs} inputs and needs ${outputs} outputs (example: --arch ${inputs}-64-64-${outputs})`,
    );
  }
  return arch;
}

function withWarmup(schedule: ScheduleSpec, warmup: number): ScheduleSpec {
  if (warmup === 0) return schedule;
  return {
    kind: 'sequential',
    schedules: [
      { kind: 'linear', startFactor: 1 / (warmup + 1), endFactor: 1, totalIters: warmup },
      schedule,
    ],
    milestones: [warmup],
  };
}

function readCheckpoint(path: string): Checkpoint {
  try {
    return checkCheckpoint(JSON.parse(readFileSync(path, 'utf8')));
  } catch (e) {
    throw new UsageError(`cannot resume from ${path}: ${(e as Error).message}`);
  }
}

function buildModel(settings: FitSettings, sizes: number[], resume: Checkpoint | undefined): Sequential {
  if (resume) return modelFromCheckpoint(resume);
  return mlp(sizes, {
    activation: settings.activation,
    init: settings.init,
    seed: settings.seed,
    norm: settings.norm,
    pDrop: settings.pDrop,
    residual: settings.residual,
  });
}

function progressMode(settings: FitSettings): 'bar' | 'lines' | 'none' {
  if (settings.json || settings.quiet) return 'none';
  return process.stderr.isTTY ? 'bar' : 'lines';
}

export async function runFit(settings: FitSettings, write: (s: string) => void): Promise<FitSummary> {
  const data: FitData = loadFitData(settings.data, new Rng(settings.seed));
  const { train, test } = data.split;
  const sizes = layerSizes(settings, train);
  const resume = settings.resume ? readCheckpoint(settings.resume) : undefined;
  const model = buildModel(settings, sizes, resume);
  if (settings.out) mkdirSync(settings.out, { recursive: true });
  const human = !settings.json && !settings.quiet;
  if (human)
    write(
      `${data.description}\nmodel: mlp [${sizes.join(', ')}] ${settings.activation}, ${model.paramCount()} parameters\n`,
    );

  const progress = createProgress(progressMode(settings), settings.epochs, write);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  let result: FitResult;
  try {
    result = await fitAsync(model, train, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      loss: settings.loss,
      optimizer: { name: settings.optimizer, weightDecay: settings.weightDecay, clipNorm: settings.clipNorm },
      lr: settings.lr,
      schedule: withWarmup(settings.schedule, settings.warmup),
      seed: settings.seed,
      // Early stopping must not peek at the test set, so it watches a slice of the training data.
      ...(settings.patience
        ? { validationSplit: 0.1, earlyStopping: { patience: settings.patience, restoreBest: true } }
        : { validationData: test }),
      onProgress: (e) => progress.onProgress(e),
      signal: abort.signal,
      resume,
      checkpoint: settings.out
        ? {
            every: settings.checkpointEvery,
            save: (c) => writeJsonAtomic(join(settings.out!, 'checkpoint.json'), c),
          }
        : undefined,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
  }

  const summary: FitSummary = {
    data: data.description,
    task: train.task,
    arch: sizes,
    activation: settings.activation,
    params: model.paramCount(),
    epochs: result.epochs,
    steps: result.steps,
    stopped: result.stopped,
    ...(result.message ? { message: result.message } : {}),
    wallTimeSec: Math.round(result.wallTimeMs) / 1000,
    train: result.final.train,
    test: evaluate(model, test, { loss: settings.loss }),
    ...(settings.out ? { out: settings.out } : {}),
  };
  if (settings.out) {
    saveModel(join(settings.out, 'model.json'), model, {
      ...data.metadata,
      createdBy: 'mlp-lab fit',
      training: {
        epochs: summary.epochs,
        steps: summary.steps,
        stopped: summary.stopped,
        test: { ...summary.test },
      },
    });
    writeJsonAtomic(join(settings.out, 'metrics.json'), { summary, history: result.history });
  }
  if (human) {
    write(
      `stopped: ${summary.stopped}${summary.message ? ` (${summary.message})` : ''} after ${summary.epochs} epochs, ${summary.steps} steps, ${summary.wallTimeSec.toFixed(1)} s\n`,
    );
    write(`train: ${formatMetrics(summary.train)}\ntest:  ${formatMetrics(summary.test)}\n`);
    if (settings.out) write(`wrote ${readdirSync(settings.out).sort().join(', ')} in ${settings.out}\n`);
  }
  return summary;
}

export function registerFit(program: Command): void {
  const cmd = program
    .command('fit')
    .description('train an MLP on a target expression or a data set and report train/test metrics')
    .addHelpText(
      'after',
      `
Examples:
  mlp-lab fit --target 'sin(3*x)' --domain -3.14159,3.14159 --arch 1-64-64-1 --activation tanh
  mlp-lab fit --target 'x*y' --domain=-2,2 --epochs 100 --json
  mlp-lab fit --dataset spirals --arch 2-32-32-3 --epochs 200 --out runs/spirals
  mlp-lab fit --dataset fashion-mnist --arch 784-256-256-10 --epochs 5 --batch-size 128 --lr 0.001
  mlp-lab fit --dataset data.csv --label price --patience 10

Exit codes: 0 success, 2 bad input, 3 the run diverged (last good weights saved with --out).`,
    );
  addFitOptions(cmd).action(async (raw: Record<string, string | boolean | undefined>) => {
    const settings = fitSettings(raw);
    const summary = await runFit(settings, (s) => process.stdout.write(s));
    if (settings.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (summary.stopped === 'cancelled') {
      throw new CancelledError(
        `cancelled after ${summary.epochs} epochs${settings.out ? `; the weights so far are saved in ${join(settings.out, 'model.json')}` : ''}`,
      );
    }
    if (summary.stopped === 'diverged') {
      throw new DivergedError(
        `training diverged: ${summary.message ?? 'non-finite loss'}${settings.out ? `; last good weights saved in ${settings.out}` : ''}`,
      );
    }
  });
}
