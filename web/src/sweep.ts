/**
 * A width × depth × seed sweep over the current run: the grid the Experiment
 * panel reads from its boxes (in the CLI sweep's list syntax), one job per
 * network (the run's settings with only the hidden layers and the seed
 * changed), and the per-network means its charts draw. Plain data and no
 * engine, so the page's bundle stays small; the jobs run in sweepJob.ts.
 */
import { expandValue } from '../../src/analysis/sweep/grid.js';
import { MAX_LAYERS, MAX_UNITS, type Settings } from './settings.js';

/** More jobs than this would keep a laptop busy for many minutes; a coarser grid says as much. */
export const MAX_SWEEP_JOBS = 300;
export const MAX_SWEEP_STEPS = 100_000;

export interface SweepSpec {
  widths: number[];
  depths: number[];
  seeds: number[];
  steps: number;
}

/** The panel's boxes as typed. */
export interface SweepInput {
  widths: string;
  depths: string;
  seeds: string;
  steps: string;
}

export type SweepField = keyof SweepInput;

export interface SweepJob {
  /** Position in the grid (depth, then width, then seed): results are stored here, whatever finishes first. */
  index: number;
  width: number;
  depth: number;
  seed: number;
  /** Steps to train; the job stops earlier only where the main run would (epoch limit, loss target, divergence). */
  steps: number;
  settings: Settings;
}

export interface SweepResult {
  index: number;
  /** Steps actually trained: what the main run reaches when it is opened at this job. */
  steps: number;
  params: number;
  trainLoss: number;
  testLoss: number;
  trainAcc?: number;
  testAcc?: number;
  diverged: boolean;
  /** Why the job could not be built (the settings' own message); the numbers are then NaN. */
  error?: string;
}

export class SweepInputError extends Error {
  constructor(
    readonly field: SweepField,
    message: string,
  ) {
    super(message);
  }
}

function wholeNumbers(text: string, field: SweepField, lo: number, hi: number): number[] {
  const trimmed = text.replace(/\s+/g, '');
  if (trimmed === '')
    throw new SweepInputError(field, `is empty: list values such as 2,4,8 or a range such as 1..3`);
  let parts: string[];
  try {
    parts = expandValue(trimmed);
  } catch (e) {
    throw new SweepInputError(field, (e as Error).message);
  }
  return parts.map((p) => {
    const v = Number(p);
    if (!/^-?\d+$/.test(p) || v < lo || v > hi)
      throw new SweepInputError(field, `'${p}' is not a whole number from ${lo} to ${hi}`);
    return v;
  });
}

/** The grid the boxes describe, or a SweepInputError naming the box and what is wrong with it. */
export function parseSweep(input: SweepInput): SweepSpec {
  const widths = wholeNumbers(input.widths, 'widths', 1, MAX_UNITS);
  const depths = wholeNumbers(input.depths, 'depths', 1, MAX_LAYERS);
  const seeds = wholeNumbers(input.seeds, 'seeds', 0, 2 ** 31 - 1);
  if (input.steps.includes(',') || input.steps.includes('..'))
    throw new SweepInputError('steps', 'takes one number of steps, not a list');
  const [steps] = wholeNumbers(input.steps, 'steps', 1, MAX_SWEEP_STEPS);
  const jobs = widths.length * depths.length * seeds.length;
  if (jobs > MAX_SWEEP_JOBS)
    throw new SweepInputError(
      'widths',
      `the grid has ${jobs} jobs (widths × depths × seeds); list fewer values, at most ${MAX_SWEEP_JOBS} jobs`,
    );
  return { widths, depths, seeds, steps };
}

/** One job per (depth, width, seed): the base settings with that many layers of that width, all with the first layer's activation. */
export function sweepJobs(base: Settings, spec: SweepSpec): SweepJob[] {
  const activation = base.layers[0]?.activation ?? 'relu';
  const jobs: SweepJob[] = [];
  for (const depth of spec.depths)
    for (const width of spec.widths)
      for (const seed of spec.seeds)
        jobs.push({
          index: jobs.length,
          width,
          depth,
          seed,
          steps: spec.steps,
          settings: {
            ...structuredClone(base),
            seed,
            layers: Array.from({ length: depth }, () => ({ units: width, activation })),
          },
        });
  return jobs;
}

/** One network of the grid: its seeds' results and their means. */
export interface SweepCell {
  width: number;
  depth: number;
  params: number;
  jobs: SweepJob[];
  results: SweepResult[];
  meanTestLoss: number;
  meanTestAcc?: number;
}

const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;

/** The finished, finite jobs grouped by network, in grid order; a network with no finished seed is left out. */
export function sweepCells(
  jobs: readonly SweepJob[],
  results: readonly (SweepResult | undefined)[],
): SweepCell[] {
  const cells = new Map<string, SweepCell>();
  for (const job of jobs) {
    const r = results[job.index];
    if (!r || r.error || !Number.isFinite(r.testLoss)) continue;
    const key = `${job.depth}x${job.width}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { width: job.width, depth: job.depth, params: r.params, jobs: [], results: [], meanTestLoss: 0 };
      cells.set(key, cell);
    }
    cell.jobs.push(job);
    cell.results.push(r);
  }
  for (const cell of cells.values()) {
    cell.meanTestLoss = mean(cell.results.map((r) => r.testLoss));
    const accs = cell.results.map((r) => r.testAcc).filter((a): a is number => a !== undefined);
    if (accs.length === cell.results.length) cell.meanTestAcc = mean(accs);
  }
  return [...cells.values()];
}
