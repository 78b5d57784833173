/**
 * Preparing data for training, the same in the command line and the
 * playground: sampling a target expression on its domain, the train/test
 * split, standardisation on the training split only, and what a model file
 * records about the data. Browser-safe; loading files is the caller's part.
 */
import type { Rng } from '../tensor/rng.js';
import type { Dataset, SplitDataset } from './dataset.js';
import { parseTarget, type Target } from './expression.js';
import { sampleTarget } from './sampleTarget.js';
import { trainTestSplit } from './split.js';
import { type Standardizer, standardizeSplit } from './standardize.js';

/** An input column of category codes: code i stands for categories[i]. */
export interface CodeColumn {
  readonly column: number;
  readonly name: string;
  readonly categories: readonly string[];
}

/** What a model file records about the data it was trained on (a subset of its metadata). */
export interface DataMetadata {
  task?: Dataset['task'];
  dataset?: string;
  classes?: string[];
  featureNames?: string[];
  categories?: { [feature: string]: string[] };
  target?: string;
  domain?: number[];
  standardizer?: Standardizer;
}

/** A split before standardisation, with what describes it. */
export interface RawSplit {
  readonly split: SplitDataset;
  readonly codeColumns: readonly CodeColumn[];
  readonly metadata: DataMetadata;
  readonly description: string;
}

export interface PreparedData extends RawSplit {
  readonly standardizer?: Standardizer;
}

export interface TargetOptions {
  readonly target: string;
  /** One [lo, hi] for every variable, or one per variable; default [-1, 1]. */
  readonly domain?: ReadonlyArray<readonly [number, number]>;
  readonly samples: number;
  readonly noise?: number;
  readonly testRatio: number;
  /** The variable names the expression may use, in input order; default x, y. */
  readonly variables?: readonly string[];
}

/**
 * Samples a target expression on its domain and splits it. The split draws
 * from splitRng when given (the playground keeps it on its own stream, so a
 * new test fraction never moves the points), else from rng after the samples.
 * Async because parseTarget is (it loads the parser on first use); with the
 * target already parsed, targetSplit does the rest synchronously.
 */
export async function sampleTargetSplit(
  options: TargetOptions,
  rng: Rng,
  splitRng: Rng = rng,
): Promise<RawSplit> {
  return targetSplit(await parseTarget(options.target, options.variables), options, rng, splitRng);
}

/** sampleTargetSplit for a target parsed already: the same samples and split from the same generators. */
export function targetSplit(
  target: Target,
  options: Omit<TargetOptions, 'target' | 'variables'>,
  rng: Rng,
  splitRng: Rng = rng,
): RawSplit {
  const domain = options.domain ?? [[-1, 1]];
  const perVariable = domain.length === 1 ? target.variables.map(() => domain[0]!) : domain;
  if (perVariable.length !== target.arity) {
    throw new Error(
      `--domain gives ${domain.length} intervals but '${target.expression}' uses ${target.arity} variables (${target.variables.join(', ')}); give one lo,hi pair or one per variable`,
    );
  }
  const intervals = perVariable.map(([a, b]) => [a, b] as [number, number]);
  const all = sampleTarget(target, { n: options.samples, domain: intervals, noise: options.noise, rng });
  return {
    split: trainTestSplit(all, options.testRatio, splitRng),
    codeColumns: [],
    metadata: { task: 'regression', target: target.expression, domain: intervals.flat() },
    description: `target ${target.expression} on ${intervals.map(([a, b]) => `[${a}, ${b}]`).join(' × ')}`,
  };
}

/** What the model file records about a named data set. */
export function datasetMetadata(name: string, ds: Dataset): DataMetadata {
  return {
    task: ds.task,
    dataset: name,
    ...(ds.classes ? { classes: [...ds.classes] } : {}),
    ...(ds.featureNames ? { featureNames: [...ds.featureNames] } : {}),
  };
}

/** Describes the split and, unless told not to, standardises it on the training rows (code columns kept as they are). */
export function finishSplit(raw: RawSplit, standardize: boolean): PreparedData {
  const { train, test } = raw.split;
  const description = `${raw.description}: ${train.x.rows} train / ${test.x.rows} test rows, ${train.x.cols} inputs, ${train.task}`;
  if (!standardize) return { ...raw, description };
  const { split, standardizer } = standardizeSplit(raw.split, { keep: raw.codeColumns.map((c) => c.column) });
  return { ...raw, split, standardizer, metadata: { ...raw.metadata, standardizer }, description };
}
