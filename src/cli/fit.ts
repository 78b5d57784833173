/**
 * `mlp-lab fit`: train an MLP on a target expression or a data set, report
 * train and test metrics, and with --out leave a model file, the metrics
 * history, the run's options and a resumable checkpoint. A diverging run
 * exits 3 after saving its last good weights; Ctrl-C exits 130 after saving
 * the last completed epoch; bad input exits 2 with one line on stderr.
 */
import { totalmem } from 'node:os';
import type { Command } from 'commander';
import type { Dataset } from '../data/dataset.js';
import type { LoadedCheckpoint } from '../io/checkpointFile.js';
import type { JsonValue } from '../io/json.js';
import { ModelFileError, NonFiniteValueError } from '../io/modelFile.js';
import { loadCheckpoint } from '../io/modelFile.node.js';
import { EmbeddingInput } from '../nn/embedding.js';
import type { Sequential } from '../nn/sequential.js';
import { Rng } from '../tensor/rng.js';
import { evaluate } from '../train/evaluate.js';
import { fitAsync } from '../train/fit.js';
import { buildFitModel, fitJobTraining, fitLayerSizes } from '../train/fitJob.js';
import type { FitResult } from '../train/fitTypes.js';
import type { Metrics } from '../train/metrics.js';
import { asUsageError, CancelledError, cliWording, cut, DivergedError, UsageError } from './errors.js';
import { type FitData, loadFitData } from './fitData.js';
import { addFitOptions, type FitSettings, fitSettings, type GivenCheck } from './fitOptions.js';
import { checkModelSize } from './modelSize.js';
import { createProgress, formatMetrics } from './progress.js';
import { RunDir } from './runDir.js';

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

const sizesOf = (model: Sequential): number[] => [model.nIn, ...model.linears().map((l) => l.nOut)];

/** What run.json and every checkpoint record: each option that shapes the run, so a resume can be checked against it. */
function runRecord(settings: FitSettings, sizes: number[]): Record<string, JsonValue> {
  const { json: _j, quiet: _q, out: _o, resume: _r, checkpointEvery: _c, force: _f, ...shaping } = settings;
  return JSON.parse(JSON.stringify({ ...shaping, arch: sizes })) as Record<string, JsonValue>;
}

/** Schedules whose value at an epoch does not depend on the run's length, so a run may be extended. */
const LENGTH_FREE = new Set(['constant', 'step', 'multistep', 'exponential', 'plateau']);

function checkResume(path: string, loaded: LoadedCheckpoint, settings: FitSettings, sizes: number[]): void {
  const { checkpoint } = loaded;
  const saved = sizesOf(loaded.model);
  if (saved.join('-') !== sizes.join('-')) {
    throw new UsageError(
      `--resume ${path} holds an mlp [${saved.join(', ')}] but this run asks for [${sizes.join(', ')}]; give the original run's --arch and data`,
    );
  }
  if (checkpoint.epoch >= settings.epochs) {
    throw new UsageError(
      `--resume ${path} is already at epoch ${checkpoint.epoch}; --epochs is the total, so give more than ${checkpoint.epoch}`,
    );
  }
  const original = loaded.metadata.training?.options;
  if (original === null || typeof original !== 'object' || Array.isArray(original)) {
    throw new UsageError(
      `--resume ${path} does not record the options of its run; resume from a checkpoint.json that mlp-lab fit --out wrote`,
    );
  }
  const before = original as Record<string, JsonValue>;
  const now = runRecord(settings, sizes);
  const differs = Object.keys({ ...before, ...now }).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(now[k]),
  );
  const extendable = LENGTH_FREE.has(settings.schedule.kind) && settings.warmup === 0;
  const blocking = differs.filter((k) => !(k === 'epochs' && extendable));
  if (blocking.length > 0) {
    const k = blocking[0]!;
    throw new UsageError(
      `--resume: ${k} was ${cut(JSON.stringify(before[k]))} in the original run but is ${cut(JSON.stringify(now[k]))} now; resume with the original options (the checkpoint records them)${blocking.length > 1 ? `, also ${blocking.slice(1).join(', ')}` : ''}`,
    );
  }
}

function readCheckpoint(path: string): LoadedCheckpoint {
  try {
    return loadCheckpoint(path);
  } catch (e) {
    if (e instanceof NonFiniteValueError) {
      throw new DivergedError(
        `cannot resume from ${e.message}: the checkpoint holds a diverged run; start again, with a lower --lr`,
      );
    }
    if (e instanceof ModelFileError) throw new UsageError(`cannot resume from ${e.message}`);
    throw e;
  }
}

function progressMode(settings: FitSettings): 'bar' | 'lines' | 'none' {
  if (settings.json || settings.quiet) return 'none';
  return process.stderr.isTTY ? 'bar' : 'lines';
}

/** Ctrl-C, and a SIGTERM from a scheduler or `kill`, stop the run after the current batch. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function runFit(settings: FitSettings, write: (s: string) => void): Promise<FitSummary> {
  const data: FitData = await loadFitData(settings.data, new Rng(settings.seed));
  const { train } = data.split;
  let sizes: number[];
  try {
    sizes = fitLayerSizes(settings, train);
  } catch (e) {
    throw asUsageError(e);
  }
  if (data.codeColumns.length === 0) {
    checkModelSize(
      {
        sizes,
        norm: settings.norm !== 'none',
        optimizer: settings.optimizer,
        batchSize: settings.batchSize,
        keepsBest: settings.patience !== undefined,
        checkpoints: settings.out !== undefined,
      },
      totalmem(),
    );
  }
  const resume = settings.resume ? readCheckpoint(settings.resume) : undefined;
  if (resume) checkResume(settings.resume!, resume, settings, sizes);
  let model: Sequential;
  try {
    model = resume ? resume.model : buildFitModel(settings, sizes, data.codeColumns);
  } catch (e) {
    throw asUsageError(e);
  }
  const runDir = settings.out
    ? RunDir.open(settings.out, { force: settings.force, resume: settings.resume })
    : undefined;
  try {
    return await trainInto(settings, data, sizes, model, resume, runDir, write);
  } finally {
    runDir?.release();
  }
}

async function trainInto(
  settings: FitSettings,
  data: FitData,
  sizes: number[],
  model: Sequential,
  resume: LoadedCheckpoint | undefined,
  runDir: RunDir | undefined,
  write: (s: string) => void,
): Promise<FitSummary> {
  const { train, test } = data.split;
  const options = runRecord(settings, sizes);
  runDir?.writeJson('run.json', options);
  const human = !settings.json && !settings.quiet;
  const embedding = model.layers[0] instanceof EmbeddingInput ? model.layers[0] : undefined;
  // Listen before the first line is out: whoever reads it may stop the run at once.
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  for (const s of STOP_SIGNALS) process.once(s, onSignal);
  if (human) {
    write(
      `${data.description}\nmodel: ${embedding ? `${embedding} → ` : ''}mlp [${(embedding ? [embedding.nOut, ...sizes.slice(1)] : sizes).join(', ')}] ${settings.activation}, ${model.paramCount()} parameters\n`,
    );
  }

  const progress = createProgress(progressMode(settings), settings.epochs, write);
  let checkpointWritten = false;
  // A checkpoint that cannot be written stops the run, but only after model.json is saved.
  let checkpointError: unknown;
  const checkpointMetadata = { ...data.metadata, createdBy: 'mlp-lab fit', training: { options } };
  let result: FitResult;
  try {
    result = await fitAsync(model, train, {
      ...fitJobTraining(settings, test),
      onProgress: (e) => progress.onProgress(e),
      signal: abort.signal,
      resume: resume?.checkpoint,
      checkpoint: runDir
        ? {
            every: settings.checkpointEvery,
            save: (c) => {
              if (checkpointError !== undefined) return;
              try {
                runDir.writeCheckpoint(c, checkpointMetadata);
                checkpointWritten = true;
              } catch (e) {
                checkpointError = e;
                abort.abort();
              }
            },
          }
        : undefined,
    });
  } catch (e) {
    throw asUsageError(e);
  } finally {
    progress.stop();
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  }

  const message = result.message === undefined ? undefined : cliWording(result.message);
  const summary: FitSummary = {
    data: data.description,
    task: train.task,
    arch: sizesOf(model),
    activation: settings.activation,
    params: model.paramCount(),
    epochs: result.epochs,
    steps: result.steps,
    stopped: result.stopped,
    ...(message ? { message } : {}),
    wallTimeSec: Math.round(result.wallTimeMs) / 1000,
    train: result.final.train,
    test: evaluate(model, test, { loss: settings.loss }),
    ...(settings.out ? { out: settings.out } : {}),
  };
  if (runDir) {
    // The model first: everything after it is optional.
    runDir.writeModel(model, {
      ...data.metadata,
      createdBy: 'mlp-lab fit',
      training: {
        epochs: summary.epochs,
        steps: summary.steps,
        stopped: summary.stopped,
        test: { ...summary.test },
      },
    });
    if (checkpointError !== undefined) throw checkpointError;
    runDir.writeJson('metrics.json', { summary, history: result.history });
  }
  if (human) {
    write(
      `stopped: ${summary.stopped}${summary.message ? ` (${summary.message})` : ''} after ${summary.epochs} epochs, ${summary.steps} steps, ${summary.wallTimeSec.toFixed(1)} s\n`,
    );
    write(`train: ${formatMetrics(summary.train)}\ntest:  ${formatMetrics(summary.test)}\n`);
    if (runDir)
      write(
        `wrote model.json, metrics.json, run.json${checkpointWritten ? ', checkpoint.json' : ''} in ${runDir.dir}\n`,
      );
  }
  return summary;
}

export const FIT_EXAMPLES = [
  "mlp-lab fit --target 'sin(3*x)' --domain -3.14159,3.14159 --arch 1-64-64-1 --activation tanh",
  "mlp-lab fit --target 'x*y' --domain=-2,2 --epochs 100 --json",
  'mlp-lab fit --dataset spirals --arch 2-32-32-1 --epochs 200 --out runs/spirals',
  'mlp-lab fit --dataset fashion-mnist --arch 784-256-256-10 --epochs 5 --batch-size 128 --lr 0.001',
  'mlp-lab fit --dataset data.csv --label price --task regression --patience 10',
  'mlp-lab fit --dataset data.csv --label price --categorical embedding:4 --out runs/prices',
];

export function registerFit(program: Command): void {
  const cmd = program
    .command('fit')
    .description('train an MLP on a target expression or a data set and report train/test metrics')
    .addHelpText(
      'after',
      `
Examples:
${FIT_EXAMPLES.map((e) => `  ${e}`).join('\n')}

Exit codes: 0 success, 1 a bug in mlp-lab, 2 bad input, 3 the run diverged (last good weights
saved with --out) or --resume found NaN/Inf weights, 130 interrupted with Ctrl-C or SIGTERM
(the last completed epoch saved with --out).`,
    );
  addFitOptions(cmd).action(async (raw: Record<string, string | boolean | undefined>, self: Command) => {
    const given: GivenCheck = (key) => {
      const source = self.getOptionValueSource(key);
      return source === 'cli' || source === 'env';
    };
    const settings = fitSettings(raw, given);
    const summary = await runFit(settings, (s) => process.stdout.write(s));
    if (settings.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    const saved = (what: string) => (settings.out ? `; ${what} saved in ${settings.out}` : '');
    if (summary.stopped === 'cancelled') {
      throw new CancelledError(
        `cancelled after ${summary.epochs} epochs${saved('the last completed epoch is')}`,
      );
    }
    if (summary.stopped === 'diverged') {
      throw new DivergedError(
        `${summary.message ?? 'training diverged'}${saved('the last good weights are')}`,
      );
    }
  });
}
