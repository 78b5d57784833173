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
 * FitJobOptions, the layer sizes and the network come from train/fitJob.ts,
 * which `mlp-lab fit` uses too, so `fit` and a sweep job with equal options
 * train the same bits. The default data loader knows
 * target expressions and the synthetic sets; Node callers pass one that also
 * reads files (CSV, Fashion-MNIST, the sklearn sets).
 */
import type { SplitDataset } from '../../data/dataset.js';
import { finishSplit, type RawSplit, sampleTargetSplit } from '../../data/prepare.js';
import { trainTestSplit } from '../../data/split.js';
import { generateSynthetic, isSyntheticName } from '../../data/synthetic.js';
import { Rng } from '../../tensor/rng.js';
import { evaluate } from '../../train/evaluate.js';
import { fitAsync } from '../../train/fit.js';
import {
  buildFitModel,
  type FitJobCodeColumn,
  type FitJobData,
  type FitJobOptions,
  fitJobTraining,
  fitLayerSizes,
} from '../../train/fitJob.js';
import type { StopReason } from '../../train/fitTypes.js';
import type { Metrics } from '../../train/metrics.js';

export type { FitJobData, FitJobOptions };

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
  readonly codeColumns?: readonly FitJobCodeColumn[];
}

/** Loads a job's data with the generator seeded from the job's seed (`fit` does the same). */
export type JobDataLoader = (data: FitJobData, rng: Rng) => LoadedJobData | Promise<LoadedJobData>;

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

/** Target expressions and synthetic sets: the data a browser can make on its own, prepared as `fit` prepares them. */
export const loadGeneratedData: JobDataLoader = async (data, rng) => {
  let raw: RawSplit;
  if (data.target !== undefined) {
    raw = await sampleTargetSplit({ ...data, target: data.target }, rng);
  } else {
    const name = (data.dataset ?? '').toLowerCase().replace(/_/g, '-');
    if (!isSyntheticName(name)) {
      throw new Error(
        `data set '${data.dataset}' must be read from a file, which this runner cannot do; use a target or a synthetic set`,
      );
    }
    const all = generateSynthetic(name, { n: data.samples, rng, noise: data.noise });
    raw = {
      split: trainTestSplit(all, data.testRatio, rng),
      codeColumns: [],
      metadata: {},
      description: name,
    };
  }
  return finishSplit(raw, data.standardize);
};

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
  const { split, codeColumns = [] } = await load(options.data, new Rng(options.seed));
  const { train, test } = split;
  const model = buildFitModel(options, fitLayerSizes(options, train), codeColumns);
  const result = await fitAsync(model, train, { ...fitJobTraining(options, test), signal: run.signal });
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
