/**
 * What every experiment shares: summary statistics over seeds, the log–log
 * slope fit, plain-data charts (rendered to SVG by the report and the demos),
 * and the fit job, the unit of work a sweep runner can run anywhere.
 */
import type { Dataset } from '../../data/dataset.js';
import type { ActivationName } from '../../nn/layer.js';
import { mlp } from '../../nn/mlp.js';
import type { Sequential } from '../../nn/sequential.js';
import { zeros } from '../../tensor/matrix.js';
import { Rng } from '../../tensor/rng.js';
import { fit } from '../../train/fit.js';

/** Mean and spread of one quantity over seeds. */
export interface Stat {
  readonly mean: number;
  /** Sample standard deviation (0 for one value). */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function summarize(values: readonly number[]): Stat {
  const n = values.length;
  if (n === 0) throw new Error('summarize needs at least one value');
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values), n };
}

/** Geometric mean: the natural centre of errors compared on a log scale. */
export function geomean(values: readonly number[]): number {
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

/** Least-squares slope of log y against log x: the exponent p in y ≈ c·x^p. */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  return sxy / sxx;
}

/** One checked statement of an experiment: what was measured, what the theory expects, whether it held. */
export interface Claim {
  readonly name: string;
  readonly measured: number | string;
  readonly expected: string;
  readonly holds: boolean;
}

/** A line (with an optional error band) of a chart. */
export interface Series {
  readonly label: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** Band around y, e.g. mean ± one standard deviation over seeds. */
  readonly lower?: readonly number[];
  readonly upper?: readonly number[];
  /** Draw markers only (data points), not a line. */
  readonly points?: boolean;
  /** Draw dashed (a reference line from theory). */
  readonly dashed?: boolean;
}

export interface Axis {
  readonly label: string;
  readonly log?: boolean;
}

/** A chart as plain data: experiments describe what to draw, the viz layer draws it. */
export interface Chart {
  readonly name: string;
  readonly title: string;
  readonly x: Axis;
  readonly y: Axis;
  readonly series: readonly Series[];
}

/** Number of parameters of a dense net with these layer sizes (weights and biases). */
export function denseParamCount(sizes: readonly number[]): number {
  let n = 0;
  for (let i = 1; i < sizes.length; i++) n += (sizes[i - 1] + 1) * sizes[i];
  return n;
}

/** Sizes [inputs, w × hidden, 1] of the widest net with that many hidden layers that fits the budget. */
export function sizesForBudget(inputs: number, hidden: number, budget: number): number[] {
  const sizes = (w: number) => [inputs, ...new Array<number>(hidden).fill(w), 1];
  let w = 1;
  while (denseParamCount(sizes(w + 1)) <= budget) w++;
  return sizes(w);
}

/** A scalar target on a box, evaluated by plain code so jobs stay serialisable by name. */
export interface TargetSpec {
  readonly description: string;
  readonly inputs: number;
  readonly domain: readonly [number, number];
  readonly fn: (x: ArrayLike<number>) => number;
}

/** Telgarsky's tent map m(t) = 2·min(t, 1 − t) on [0, 1], applied `depth` times: 2^depth linear pieces. */
export function sawtooth(t: number, depth: number): number {
  let v = t;
  for (let k = 0; k < depth; k++) v = 2 * Math.min(v, 1 - v);
  return v;
}

/** The two-input building block of the compositional targets: smooth, nonlinear in both inputs, in [−1, 1]. */
export function compose2(a: number, b: number): number {
  return (a * b + Math.sin((Math.PI / 2) * (a + b))) / 2;
}

/** h applied along a binary tree: inputs pair up level by level down to one value (Mhaskar–Poggio). */
export function binaryTree(x: ArrayLike<number>): number {
  let level = Array.from(x);
  while (level.length > 1) {
    const next: number[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(compose2(level[i], level[i + 1]));
    level = next;
  }
  return level[0];
}

export const TARGETS = {
  abs: { description: '|x|', inputs: 1, domain: [-1, 1], fn: (x) => Math.abs(x[0]) },
  square: { description: 'x²', inputs: 1, domain: [-1, 1], fn: (x) => x[0] * x[0] },
  sin5: { description: 'sin(5x)', inputs: 1, domain: [-1, 1], fn: (x) => Math.sin(5 * x[0]) },
  step: {
    description: 'step: 1 for x > 0, else 0',
    inputs: 1,
    domain: [-1, 1],
    fn: (x) => (x[0] > 0 ? 1 : 0),
  },
  sawtooth: {
    description: 'sawtooth: the tent map composed 3 times (8 pieces)',
    inputs: 1,
    domain: [-1, 1],
    fn: (x) => sawtooth((x[0] + 1) / 2, 3),
  },
  sawtooth4: {
    description: 'sawtooth: the tent map composed 4 times (16 pieces) on [0, 1]',
    inputs: 1,
    domain: [0, 1],
    fn: (x) => sawtooth(x[0], 4),
  },
  sawtooth6: {
    description: 'sawtooth: the tent map composed 6 times (64 pieces) on [0, 1]',
    inputs: 1,
    domain: [0, 1],
    fn: (x) => sawtooth(x[0], 6),
  },
  tree8: {
    description: 'binary tree of h(a, b) = (ab + sin(π(a+b)/2))/2 over 8 inputs',
    inputs: 8,
    domain: [-1, 1],
    fn: binaryTree,
  },
  tree16: {
    description: 'binary tree of h(a, b) over 16 inputs',
    inputs: 16,
    domain: [-1, 1],
    fn: binaryTree,
  },
  gauss8: {
    description: 'smooth radial bump exp(−|x|²/4) over 8 inputs',
    inputs: 8,
    domain: [-1, 1],
    fn: (x) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * x[i];
      return Math.exp(-s / 4);
    },
  },
} as const satisfies Record<string, TargetSpec>;

export type TargetName = keyof typeof TARGETS;

/**
 * Samples a target: uniform random inputs, or (1D only, grid=true) n evenly
 * spaced points with both ends, the test set that shows the whole function.
 */
export function sampleSpec(spec: TargetSpec, n: number, rng: Rng, grid = false, noise = 0): Dataset {
  const d = spec.inputs;
  const [lo, hi] = spec.domain;
  const x = zeros(n, d);
  const y = zeros(n, 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      x.data[i * d + j] = grid && d === 1 ? lo + ((hi - lo) * i) / (n - 1) : rng.uniformIn(lo, hi);
    }
    y.data[i] = spec.fn(x.data.subarray(i * d, (i + 1) * d)) + (noise > 0 ? rng.normal(0, noise) : 0);
  }
  return { x, y, task: 'regression' };
}

/** Root-mean-square error of a model's predictions on a data set. */
export function rmse(model: Sequential, data: Dataset): number {
  const p = model.predict(data.x);
  let s = 0;
  for (let i = 0; i < p.data.length; i++) s += (p.data[i] - data.y.data[i]) ** 2;
  return Math.sqrt(s / p.data.length);
}

/**
 * One training run as plain JSON: a sweep runner can hash it, ship it to a
 * worker and run it with runFitJob. Data come from the target by name; the
 * data seed is fixed per target so every width and seed sees the same set.
 */
export interface FitJob {
  readonly target: TargetName;
  readonly sizes: readonly number[];
  readonly activation: ActivationName;
  readonly seed: number;
  readonly epochs: number;
  readonly lr: number;
  readonly batchSize: number;
  readonly nTrain: number;
  readonly nTest: number;
}

export interface FitJobResult {
  readonly trainRmse: number;
  readonly testRmse: number;
  readonly params: number;
}

export function datasetsFor(job: Pick<FitJob, 'target' | 'nTrain' | 'nTest'>): {
  train: Dataset;
  test: Dataset;
} {
  const spec = TARGETS[job.target];
  const rng = new Rng(7919);
  const train = sampleSpec(spec, job.nTrain, rng);
  const test = sampleSpec(spec, job.nTest, rng, true);
  return { train, test };
}

/**
 * Draws every bias from U(±1/√fan_in), as torch.nn.Linear does. mlp() starts
 * biases at 0, which puts every ReLU hinge of a 1D net at x = 0: training
 * then spends most of its steps moving hinges apart before it can fit detail.
 */
export function spreadBiases(model: Sequential, seed: number): void {
  const rng = new Rng(seed + 104729);
  for (const l of model.linears()) {
    const bias = l.params.find((p) => p.name === 'bias');
    if (bias) rng.fillUniform(bias.value.data, -1 / Math.sqrt(l.nIn), 1 / Math.sqrt(l.nIn));
  }
}

export function runFitJob(job: FitJob): FitJobResult {
  const { train, test } = datasetsFor(job);
  const model = mlp(job.sizes, { activation: job.activation, seed: job.seed });
  spreadBiases(model, job.seed);
  fit(model, train, { epochs: job.epochs, lr: job.lr, batchSize: job.batchSize, seed: job.seed });
  return { trainRmse: rmse(model, train), testRmse: rmse(model, test), params: model.paramCount() };
}

/** Any runner of fit jobs: in-process by default; a worker pool or a queue can stand in. */
export type JobRunner = (jobs: readonly FitJob[]) => Promise<FitJobResult[]>;

export const runInProcess: JobRunner = async (jobs) => jobs.map(runFitJob);
