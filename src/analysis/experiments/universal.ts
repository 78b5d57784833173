/**
 * Universal approximation in numbers: test error against hidden width of a
 * one-hidden-layer net, per activation and target. Beside the trained nets
 * stands what the construction guarantees: a ReLU layer of width k can
 * represent the piecewise-linear interpolant with k pieces, whose error on a
 * smooth target falls as k^−2 (the interpolation error bound h²·max|f''|/8).
 */
import type { ActivationName } from '../../nn/layer.js';
import {
  type Chart,
  type Claim,
  type FitJob,
  type FitJobResult,
  geomean,
  type JobRunner,
  logLogSlope,
  runInProcess,
  type Stat,
  summarize,
  TARGETS,
  type TargetName,
} from './common.js';

export interface UniversalOptions {
  readonly widths: readonly number[];
  readonly activations: readonly ActivationName[];
  readonly targets: readonly TargetName[];
  readonly seeds: readonly number[];
  readonly epochs: number;
  readonly nTrain: number;
  readonly nTest: number;
  readonly lr: number;
  readonly batchSize: number;
}

export const universalPresets: Record<'full' | 'quick' | 'test', UniversalOptions> = {
  full: {
    widths: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    activations: ['relu', 'tanh', 'gelu'],
    targets: ['abs', 'square', 'sin5', 'step', 'sawtooth'],
    seeds: [0, 1, 2],
    epochs: 400,
    nTrain: 256,
    nTest: 1001,
    lr: 1e-2,
    batchSize: 64,
  },
  quick: {
    widths: [1, 2, 4, 8, 16, 32, 64],
    activations: ['relu', 'tanh'],
    targets: ['square', 'sin5'],
    seeds: [0, 1],
    epochs: 600,
    nTrain: 128,
    nTest: 401,
    lr: 1e-2,
    batchSize: 32,
  },
  test: {
    widths: [1, 2, 4, 8, 16, 32],
    activations: ['relu'],
    targets: ['sin5'],
    seeds: [0, 1],
    epochs: 300,
    nTrain: 128,
    nTest: 201,
    lr: 1e-2,
    batchSize: 32,
  },
};

/** The grid of fit jobs: one per target, activation, width and seed. */
export function universalJobs(o: UniversalOptions): FitJob[] {
  const jobs: FitJob[] = [];
  for (const target of o.targets)
    for (const activation of o.activations)
      for (const width of o.widths)
        for (const seed of o.seeds) {
          const inputs = TARGETS[target].inputs;
          jobs.push({
            target,
            sizes: [inputs, width, 1],
            activation,
            seed,
            epochs: o.epochs,
            lr: o.lr,
            batchSize: o.batchSize,
            nTrain: o.nTrain,
            nTest: o.nTest,
          });
        }
  return jobs;
}

export interface UniversalCurve {
  readonly target: TargetName;
  readonly activation: ActivationName;
  readonly widths: readonly number[];
  readonly testRmse: readonly Stat[];
  readonly trainRmse: readonly Stat[];
  /** Fitted exponent p of test RMSE ≈ c·width^p over the widths ≥ 4 (the rates are asymptotic). */
  readonly slope: number;
}

export interface UniversalResult {
  readonly experiment: 'universal';
  readonly options: UniversalOptions;
  readonly curves: readonly UniversalCurve[];
  /** RMSE of the k-piece linear interpolant per target and width, and its fitted exponent (null when it is exact). */
  readonly interpolation: readonly { target: TargetName; rmse: number[]; slope: number | null }[];
  readonly claims: readonly Claim[];
  readonly charts: readonly Chart[];
}

/** RMSE on an even grid of the interpolant of f with k equal pieces on its domain. */
export function interpolationRmse(target: TargetName, k: number, nTest: number): number {
  const { domain, fn } = TARGETS[target];
  const [lo, hi] = domain;
  const h = (hi - lo) / k;
  let s = 0;
  for (let i = 0; i < nTest; i++) {
    const x = lo + ((hi - lo) * i) / (nTest - 1);
    const j = Math.min(k - 1, Math.floor((x - lo) / h));
    const x0 = lo + j * h;
    const y0 = fn([x0]);
    const y1 = fn([x0 + h]);
    const interp = y0 + ((y1 - y0) * (x - x0)) / h;
    s += (interp - fn([x])) ** 2;
  }
  return Math.sqrt(s / nTest);
}

const SMOOTH: readonly TargetName[] = ['square', 'sin5'];

export function aggregateUniversal(
  o: UniversalOptions,
  jobs: readonly FitJob[],
  results: readonly FitJobResult[],
): UniversalResult {
  const curves: UniversalCurve[] = [];
  for (const target of o.targets)
    for (const activation of o.activations) {
      const pick = (width: number) =>
        results.filter(
          (_, i) =>
            jobs[i].target === target && jobs[i].activation === activation && jobs[i].sizes[1] === width,
        );
      const testRmse = o.widths.map((w) => summarize(pick(w).map((r) => r.testRmse)));
      const trainRmse = o.widths.map((w) => summarize(pick(w).map((r) => r.trainRmse)));
      const centres = o.widths.map((w) => geomean(pick(w).map((r) => r.testRmse)));
      curves.push({
        target,
        activation,
        widths: o.widths,
        testRmse,
        trainRmse,
        slope: asymptoticSlope(o.widths, centres),
      });
    }
  const interpolation = o.targets.map((target) => {
    const rmse = o.widths.map((w) => interpolationRmse(target, w, o.nTest));
    const exact = rmse.some((r) => r < 1e-9);
    return { target, rmse, slope: exact ? null : asymptoticSlope(o.widths, rmse) };
  });

  const claims: Claim[] = curves
    .filter((c) => c.activation === 'relu' && SMOOTH.includes(c.target))
    .map((c) => ({
      name: `test error of trained ReLU nets falls with width on ${TARGETS[c.target].description} (log–log slope)`,
      measured: round(c.slope),
      expected: '< 0; the k-piece interpolation a width-k ReLU layer can represent reaches −2',
      holds: c.slope < 0,
    }));
  for (const ip of interpolation)
    if (SMOOTH.includes(ip.target) && ip.slope !== null)
      claims.push({
        name: `the interpolant with k pieces on ${TARGETS[ip.target].description} (log–log slope)`,
        measured: round(ip.slope),
        expected: '−2 ± 0.2',
        holds: Math.abs(ip.slope + 2) < 0.2,
      });

  const charts: Chart[] = o.targets.map((target) => ({
    name: `universal-${target}`,
    title: `Test RMSE against width: ${TARGETS[target].description}`,
    x: { label: 'hidden width', log: true },
    y: { label: 'test RMSE (mean ± sd over seeds)', log: true },
    series: [
      ...curves
        .filter((c) => c.target === target)
        .map((c) => ({
          label: `${c.activation} (slope ${round(c.slope)})`,
          x: c.widths,
          y: c.testRmse.map((s) => s.mean),
          lower: c.testRmse.map((s) => Math.max(s.mean - s.std, s.min)),
          upper: c.testRmse.map((s) => s.mean + s.std),
        })),
      ...interpolation
        .filter((ip) => ip.target === target)
        .map((ip) => ({
          label: `k-piece interpolant${ip.slope === null ? ' (exact)' : ` (slope ${round(ip.slope)})`}`,
          x: o.widths.filter((_, i) => ip.rmse[i] > 1e-9),
          y: ip.rmse.filter((r) => r > 1e-9),
          dashed: true,
        })),
    ],
  }));
  return { experiment: 'universal', options: o, curves, interpolation, claims, charts };
}

/** The log–log slope over widths ≥ 4, where k = 1, 2 pieces are still far from the rate (all widths when fewer than two qualify). */
function asymptoticSlope(widths: readonly number[], ys: readonly number[]): number {
  const keep = widths.map((w) => w >= 4);
  if (keep.filter(Boolean).length < 2) return logLogSlope(widths, ys);
  return logLogSlope(
    widths.filter((_, i) => keep[i]),
    ys.filter((_, i) => keep[i]),
  );
}

export async function runUniversal(
  o: UniversalOptions,
  runner: JobRunner = runInProcess,
): Promise<UniversalResult> {
  const jobs = universalJobs(o);
  return aggregateUniversal(o, jobs, await runner(jobs));
}

export function round(v: number, digits = 3): number {
  return Number(v.toPrecision(digits));
}
