/** Turns a parsed target function into a regression data set: inputs on a grid or drawn at random, plus noise. */
import { type DType, zeros } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import { checkCount, checkNonNegative, checkSampleCount, MAX_VALUES, show } from './check.js';
import type { Dataset } from './dataset.js';
import type { Target } from './expression.js';

export type Interval = readonly [number, number];

export interface SampleTargetOptions {
  /**
   * Number of samples. With grid sampling, the largest full grid with at most n
   * points (n = 1000 in 2-D gives 31 × 31 = 961).
   */
  readonly n: number;
  /** One interval for every variable, or one per variable in the target's order. Default [-1, 1]. */
  readonly domain?: Interval | readonly Interval[];
  /** Standard deviation of Gaussian noise added to the targets. Default 0. */
  readonly noise?: number;
  /** 'uniform' (default) draws inputs at random; 'grid' spaces them evenly, ends included. */
  readonly sampling?: 'uniform' | 'grid';
  /** Needed for uniform sampling and for noise. */
  readonly rng?: Rng;
  readonly dtype?: DType;
}

export function sampleTarget(target: Target, options: SampleTargetOptions): Dataset {
  const { n, noise = 0, sampling = 'uniform', dtype = 'float32' } = options;
  checkSampleCount(n, 'sample count n');
  checkNonNegative(noise, 'noise');
  const d = target.arity;
  checkCount(d, 'target arity');
  if (n * d > MAX_VALUES) {
    throw new Error(
      `${n} samples of ${d} variables are more than ${MAX_VALUES} input values; lower the sample count n`,
    );
  }
  const domains = resolveDomains(options.domain ?? [-1, 1], target);
  if (sampling !== 'uniform' && sampling !== 'grid') {
    throw new Error(`sampling must be 'uniform' or 'grid', got ${JSON.stringify(sampling)}`);
  }
  const rng = options.rng;
  if (rng === undefined && (sampling === 'uniform' || noise > 0)) {
    throw new Error(`sampleTarget needs an rng for ${sampling === 'uniform' ? 'uniform sampling' : 'noise'}`);
  }

  const points = sampling === 'grid' ? gridPoints(n, domains) : uniformPoints(n, domains, rng!);
  const rows = points.length / d;
  const x = zeros(rows, d, dtype);
  const y = zeros(rows, 1, dtype);
  const args = new Array<number>(d);
  for (let i = 0; i < rows; i++) {
    // Evaluate at the stored (possibly float32-rounded) inputs so x and y agree exactly.
    x.data.set(points.subarray(i * d, (i + 1) * d), i * d);
    for (let j = 0; j < d; j++) args[j] = x.data[i * d + j];
    const value = target.evaluate(...args);
    if (!Number.isFinite(value)) {
      const at = target.variables.map((v, j) => `${v} = ${show(args[j])}`).join(', ');
      throw new Error(
        `target ${JSON.stringify(target.expression)} is not a real number at ${at} (got ${value}): ` +
          'narrow the domain or change the expression',
      );
    }
    y.data[i] = noise > 0 ? value + rng!.normal(0, noise) : value;
  }
  return { x, y, task: 'regression', featureNames: target.variables, name: target.expression };
}

function resolveDomains(domain: Interval | readonly Interval[], target: Target): readonly Interval[] {
  const list = isInterval(domain) ? target.variables.map(() => domain) : (domain as readonly Interval[]);
  if (list.length !== target.arity) {
    throw new Error(
      `target ${JSON.stringify(target.expression)} has ${target.arity} variable(s) (${target.variables.join(', ')}) ` +
        `but ${list.length} domain interval(s) were given`,
    );
  }
  list.forEach((iv, j) => {
    if (!isInterval(iv) || !Number.isFinite(iv[0]) || !Number.isFinite(iv[1]) || !(iv[0] < iv[1])) {
      throw new Error(
        `domain of ${target.variables[j]} must be [low, high] with finite low < high, got ${String(iv)}`,
      );
    }
  });
  return list;
}

function isInterval(value: unknown): value is Interval {
  return (
    Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number'
  );
}

function uniformPoints(n: number, domains: readonly Interval[], rng: Rng): Float64Array {
  const d = domains.length;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = rng.uniformIn(domains[j][0], domains[j][1]);
  }
  return out;
}

/** Row-major grid: the first variable changes slowest. */
function gridPoints(n: number, domains: readonly Interval[]): Float64Array {
  const d = domains.length;
  let side = Math.floor(n ** (1 / d) + 1e-9);
  while ((side + 1) ** d <= n) side++;
  if (side < 2) throw new Error(`grid sampling in ${d}-D needs n >= ${2 ** d}, got ${n}`);
  const rows = side ** d;
  const out = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) {
    let rest = i;
    for (let j = d - 1; j >= 0; j--) {
      const k = rest % side;
      rest = Math.floor(rest / side);
      const [lo, hi] = domains[j];
      out[i * d + j] = k === side - 1 ? hi : lo + ((hi - lo) * k) / (side - 1);
    }
  }
  return out;
}
