/**
 * One sweep job: a fit run described by plain JSON options, its key, the
 * row a finished job leaves in a sweep's JSONL file, and runFitJob, which
 * trains in the calling thread (a Node worker thread, a queue worker, or a
 * browser Web Worker) and returns the run's metrics.
 *
 *   const options: FitJobOptions = { data: { target: 'sin(5*x)', ... }, arch: [1, 16, 1], ... };
 *   const key = jobKey(options);               // same options → same key, on every machine
 *   const metrics = await runFitJob(options);  // what `mlp-lab fit --json` reports for them
 *
 * FitJobOptions has the same fields as the CLI's checked fit settings minus
 * the ones that only steer output (--out, --json, ...), so `fit` and a sweep
 * job with equal options train the same bits. The default data loader knows
 * target expressions and the synthetic sets; Node callers pass one that also
 * reads files (CSV, Fashion-MNIST, the sklearn sets).
 */
import type { SplitDataset, Task } from '../../data/dataset.js';
import { parseTarget } from '../../data/expression.js';
import { sampleTarget } from '../../data/sampleTarget.js';
import { trainTestSplit } from '../../data/split.js';
import { standardizeSplit } from '../../data/standardize.js';
import { generateSynthetic, isSyntheticName } from '../../data/synthetic.js';
import { defaultEmbeddingDim } from '../../nn/embedding.js';
import type { InitSpec } from '../../nn/init.js';
import type { ActivationName, EmbeddingColumn } from '../../nn/layer.js';
import { mlp, type NormKind } from '../../nn/mlp.js';
import type { OptimizerName } from '../../optim/options.js';
import { type ScheduleSpec, withWarmup } from '../../optim/schedules.js';
import { Rng } from '../../tensor/rng.js';
import { evaluate } from '../../train/evaluate.js';
import { fitAsync } from '../../train/fit.js';
import type { StopReason } from '../../train/fitTypes.js';
import type { LossName } from '../../train/losses/index.js';
import type { Metrics } from '../../train/metrics.js';

/** Where a job's data comes from; the fields of `mlp-lab fit`'s data options. */
export interface FitJobData {
  readonly target?: string;
  readonly domain?: ReadonlyArray<readonly [number, number]>;
  readonly dataset?: string;
  readonly label?: string;
  readonly task?: Task;
  readonly categoricalEncoding?: 'index';
  readonly samples: number;
  readonly noise?: number;
  readonly testRatio: number;
  readonly standardize: boolean;
  readonly fashionMnistDir?: string;
  readonly limit?: number;
}

/** Everything that shapes a fit run. */
export interface FitJobOptions {
  readonly data: FitJobData;
  /** Full layer sizes; undefined means inputs-64-64-outputs. */
  readonly arch?: readonly number[];
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

/** What a finished job reports: the numbers `mlp-lab fit --json` prints, less the data description and timing. */
export interface FitJobMetrics {
  readonly arch: number[];
  readonly params: number;
  readonly epochs: number;
  readonly steps: number;
  readonly stopped: StopReason;
  readonly message?: string;
  readonly train: Metrics;
  readonly test: Metrics;
}

/** One line of a sweep's JSONL output. */
export interface SweepRow {
  readonly key: string;
  readonly options: FitJobOptions;
  readonly metrics: FitJobMetrics;
  readonly wallTimeSec: number;
  /** Who ran it: host, process and thread, so uneven workers show up. */
  readonly worker: string;
}

/** A job's split data, with the columns of category codes an embedding reads (none for most data). */
export interface LoadedJobData {
  readonly split: SplitDataset;
  readonly codeColumns?: ReadonlyArray<{ readonly column: number; readonly categories: readonly string[] }>;
}

/** Loads a job's data with the generator seeded from the job's seed (`fit` does the same). */
export type JobDataLoader = (data: FitJobData, rng: Rng) => LoadedJobData;

/**
 * JSON with object keys sorted at every level and undefined fields left
 * out, so equal options give equal text whatever order they were built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const FNV_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;

/** 64-bit FNV-1a over the UTF-16 code units, from two offsets: 128 bits, enough that sweeps never collide. */
function fnv128(text: string): string {
  let a = 0xcbf29ce484222325n;
  let b = 0x84222325cbf29ce4n;
  for (let i = 0; i < text.length; i++) {
    const c = BigInt(text.charCodeAt(i));
    a = ((a ^ c) * FNV_PRIME) & MASK64;
    b = ((b ^ c) * FNV_PRIME) & MASK64;
  }
  return a.toString(16).padStart(16, '0') + b.toString(16).padStart(16, '0');
}

/** The job's identity: a hash of its canonical options. Stable across machines, runs and versions of this file. */
export function jobKey(options: FitJobOptions): string {
  return fnv128(canonicalJson(options));
}

/** Target expressions and synthetic sets: the data a browser can make on its own. */
export const loadGeneratedData: JobDataLoader = (data, rng) => {
  let split: SplitDataset;
  if (data.target !== undefined) {
    const target = parseTarget(data.target);
    const domain = data.domain ?? [[-1, 1]];
    const perVariable = domain.length === 1 ? target.variables.map(() => domain[0]!) : domain;
    if (perVariable.length !== target.arity) {
      throw new Error(
        `--domain gives ${domain.length} intervals but '${data.target}' uses ${target.arity} variables; give one lo,hi pair or one per variable`,
      );
    }
    const all = sampleTarget(target, { n: data.samples, domain: perVariable, noise: data.noise, rng });
    split = trainTestSplit(all, data.testRatio, rng);
  } else {
    const name = (data.dataset ?? '').toLowerCase().replace(/_/g, '-');
    if (!isSyntheticName(name)) {
      throw new Error(
        `data set '${data.dataset}' must be read from a file, which this runner cannot do; use a target or a synthetic set`,
      );
    }
    split = trainTestSplit(
      generateSynthetic(name, { n: data.samples, rng, noise: data.noise }),
      data.testRatio,
      rng,
    );
  }
  return { split: data.standardize ? standardizeSplit(split).split : split };
};

function outputWidth(split: SplitDataset): number {
  const { train } = split;
  if (train.task !== 'multiclass') return train.y.cols;
  let max = 0;
  for (const v of train.y.data) max = Math.max(max, v);
  return Math.max(train.classes?.length ?? 0, max + 1);
}

export interface RunFitJobOptions {
  /** Default loadGeneratedData. */
  readonly loadData?: JobDataLoader;
  /** Stops training before the next batch; the job then reports stopped: 'cancelled'. */
  readonly signal?: AbortSignal;
}

/**
 * Trains the job's net as `mlp-lab fit` would with the same options and
 * returns its metrics. Throws on data or options that do not fit together
 * (an --arch whose ends disagree with the data).
 */
export async function runFitJob(options: FitJobOptions, run: RunFitJobOptions = {}): Promise<FitJobMetrics> {
  const load = run.loadData ?? loadGeneratedData;
  const { split, codeColumns = [] } = load(options.data, new Rng(options.seed));
  const { train, test } = split;
  const inputs = train.x.cols;
  const outputs = outputWidth(split);
  const sizes = options.arch ? [...options.arch] : [inputs, 64, 64, outputs];
  if (sizes[0] !== inputs || sizes[sizes.length - 1] !== outputs) {
    throw new Error(
      `--arch ${sizes.join('-')} does not match the data: it has ${inputs} inputs and needs ${outputs} outputs`,
    );
  }
  const embed: EmbeddingColumn[] | undefined =
    codeColumns.length === 0
      ? undefined
      : codeColumns.map(({ column, categories }) => ({
          column,
          categories: categories.length,
          dim: options.embeddingDim ?? defaultEmbeddingDim(categories.length),
        }));
  const model = mlp(sizes, {
    activation: options.activation,
    init: options.init,
    seed: options.seed,
    norm: options.norm,
    pDrop: options.pDrop,
    residual: options.residual,
    embed,
  });
  const result = await fitAsync(model, train, {
    epochs: options.epochs,
    batchSize: options.batchSize,
    loss: options.loss,
    optimizer: { name: options.optimizer, weightDecay: options.weightDecay, clipNorm: options.clipNorm },
    lr: options.lr,
    schedule: withWarmup(options.schedule, options.warmup),
    seed: options.seed,
    ...(options.patience
      ? { validationSplit: 0.1, earlyStopping: { patience: options.patience, restoreBest: true } }
      : { validationData: test }),
    signal: run.signal,
  });
  return {
    arch: [model.nIn, ...model.linears().map((l) => l.nOut)],
    params: model.paramCount(),
    epochs: result.epochs,
    steps: result.steps,
    stopped: result.stopped,
    ...(result.message === undefined ? {} : { message: result.message }),
    train: result.final.train,
    test: evaluate(model, test, { loss: options.loss }),
  };
}
