/**
 * Depth against width at equal parameter budgets. (a) The sawtooth: n
 * composed tent maps have 2^n linear pieces; a depth-n net of width 2 builds
 * it exactly with 6n + 1 parameters, while one hidden layer needs at least
 * 2^n − 1 hinges (each ReLU unit adds one breakpoint), so about 3·2^n
 * parameters. Trained nets of both shapes run at the deep construction's
 * budget and at larger ones. (b) Binary-tree compositions of a two-input
 * function in 8 and 16 inputs (Mhaskar–Poggio) and (c) a smooth radial bump,
 * shallow and deep at one budget, trained over seeds. The constructed nets
 * are the constructions library's sawtoothNet and shallowSawtoothNet.
 */

import { Rng } from '../../tensor/rng.js';
import { sawtoothNet, shallowSawtoothNet } from '../constructions/sawtooth.js';
import {
  type Chart,
  type Claim,
  denseParamCount,
  type FitJob,
  type FitJobResult,
  type JobRunner,
  rmse,
  runInProcess,
  type Stat,
  sampleSpec,
  sawtooth,
  sizesForBudget,
  summarize,
  TARGETS,
  type TargetName,
  type TargetSpec,
} from './common.js';
import { round } from './universal.js';

export interface ConstructedSawtooth {
  readonly depth: number;
  readonly pieces: number;
  readonly deep: { params: number; testRmse: number };
  readonly shallow: { params: number; testRmse: number };
}

/** Both constructions per depth, measured on a grid 4× finer than the breakpoints (which it contains). */
export function constructedSawtooths(depths: readonly number[]): ConstructedSawtooth[] {
  return depths.map((depth) => {
    const pieces = 2 ** depth;
    const spec: TargetSpec = { description: '', inputs: 1, domain: [0, 1], fn: (x) => sawtooth(x[0], depth) };
    const grid = sampleSpec(spec, 4 * pieces + 1, new Rng(0), true);
    const deep = sawtoothNet(depth);
    const shallow = shallowSawtoothNet(depth);
    return {
      depth,
      pieces,
      deep: { params: deep.paramCount(), testRmse: rmse(deep, grid) },
      shallow: { params: shallow.paramCount(), testRmse: rmse(shallow, grid) },
    };
  });
}

export interface DepthWidthOptions {
  /** Depths of the constructed sawtooth nets (cheap: no training). */
  readonly constructedDepths: readonly number[];
  /** Depth n of the sawtooth target (2^n pieces); 4 or 6, the targets the registry has. */
  readonly sawtoothDepth: 4 | 6;
  /** Budgets for the trained sawtooth nets, as multiples of the deep construction's parameter count. */
  readonly sawtoothBudgets: readonly number[];
  /** The other targets and their common parameter budget. */
  readonly targets: readonly TargetName[];
  readonly budget: number;
  readonly seeds: readonly number[];
  readonly epochs: number;
  readonly nTrain: number;
  readonly nTest: number;
  readonly lr: number;
  readonly batchSize: number;
}

export const depthWidthPresets: Record<'full' | 'quick' | 'test', DepthWidthOptions> = {
  full: {
    constructedDepths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    sawtoothDepth: 6,
    sawtoothBudgets: [1, 2, 4, 8],
    targets: ['tree8', 'tree16', 'gauss8'],
    budget: 2000,
    seeds: [0, 1, 2],
    epochs: 300,
    nTrain: 2048,
    nTest: 2001,
    lr: 3e-3,
    batchSize: 64,
  },
  quick: {
    constructedDepths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    sawtoothDepth: 4,
    sawtoothBudgets: [1, 4],
    targets: ['tree8', 'gauss8'],
    budget: 600,
    seeds: [0, 1],
    epochs: 100,
    nTrain: 512,
    nTest: 1001,
    lr: 3e-3,
    batchSize: 64,
  },
  test: {
    constructedDepths: [2, 4, 6, 8],
    sawtoothDepth: 4,
    sawtoothBudgets: [1],
    targets: [],
    budget: 300,
    seeds: [0, 1],
    epochs: 150,
    nTrain: 256,
    nTest: 513,
    lr: 3e-3,
    batchSize: 32,
  },
};

type Shape = 'shallow' | 'deep';

/** Hidden layers of the deep net per target: the sawtooth's depth, the tree's height, 4 for the bump. */
function deepLayers(o: DepthWidthOptions, target: TargetName): number {
  if (target === 'sawtooth4' || target === 'sawtooth6') return o.sawtoothDepth;
  if (target === 'tree8') return 3;
  if (target === 'tree16') return 4;
  return 4;
}

interface DepthWidthJob extends FitJob {
  readonly shape: Shape;
  readonly budget: number;
}

export function depthWidthJobs(o: DepthWidthOptions): DepthWidthJob[] {
  const sawtooth: TargetName = o.sawtoothDepth === 4 ? 'sawtooth4' : 'sawtooth6';
  const constructed = 6 * o.sawtoothDepth + 1;
  const problems: { target: TargetName; budget: number }[] = [
    ...o.sawtoothBudgets.map((m) => ({ target: sawtooth, budget: m * constructed })),
    ...o.targets.map((target) => ({ target, budget: o.budget })),
  ];
  const jobs: DepthWidthJob[] = [];
  for (const { target, budget } of problems)
    for (const shape of ['shallow', 'deep'] as const)
      for (const seed of o.seeds) {
        const inputs = TARGETS[target].inputs;
        jobs.push({
          target,
          shape,
          budget,
          sizes: sizesForBudget(inputs, shape === 'shallow' ? 1 : deepLayers(o, target), budget),
          activation: 'relu',
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

export interface DepthWidthRow {
  readonly target: TargetName;
  readonly shape: Shape;
  readonly budget: number;
  readonly sizes: readonly number[];
  readonly params: number;
  readonly trainRmse: Stat;
  readonly testRmse: Stat;
}

export interface DepthWidthResult {
  readonly experiment: 'depth-vs-width';
  readonly options: DepthWidthOptions;
  readonly constructed: readonly ConstructedSawtooth[];
  readonly rows: readonly DepthWidthRow[];
  readonly claims: readonly Claim[];
  readonly charts: readonly Chart[];
}

export function aggregateDepthWidth(
  o: DepthWidthOptions,
  jobs: readonly DepthWidthJob[],
  results: readonly FitJobResult[],
): DepthWidthResult {
  const rows: DepthWidthRow[] = [];
  const seen = new Set<string>();
  jobs.forEach((job) => {
    const key = `${job.target}/${job.shape}/${job.budget}`;
    if (seen.has(key)) return;
    seen.add(key);
    const mine = results.filter(
      (_, i) => jobs[i].target === job.target && jobs[i].shape === job.shape && jobs[i].budget === job.budget,
    );
    rows.push({
      target: job.target,
      shape: job.shape,
      budget: job.budget,
      sizes: job.sizes,
      params: denseParamCount(job.sizes),
      trainRmse: summarize(mine.map((r) => r.trainRmse)),
      testRmse: summarize(mine.map((r) => r.testRmse)),
    });
  });

  const n = o.sawtoothDepth;
  const sawtooth: TargetName = n === 4 ? 'sawtooth4' : 'sawtooth6';
  const constructed = constructedSawtooths(o.constructedDepths);
  const largest = constructed[constructed.length - 1];
  const deepParams = 6 * n + 1;
  const atDeepBudget = rows.find(
    (r) => r.target === sawtooth && r.shape === 'shallow' && r.budget === deepParams,
  );
  const claims: Claim[] = [
    {
      name: `constructed deep (width 2) and shallow ReLU nets reproduce the sawtooth exactly, depths ${o.constructedDepths.join(', ')} (largest test RMSE)`,
      measured: round(Math.max(...constructed.flatMap((c) => [c.deep.testRmse, c.shallow.testRmse]))),
      expected: '< 1e-4 (exact up to float32 rounding)',
      holds: constructed.every((c) => c.deep.testRmse < 1e-4 && c.shallow.testRmse < 1e-4),
    },
    {
      name: `parameters the ${largest.pieces}-piece sawtooth needs: one hidden layer over deep`,
      measured: `${largest.shallow.params} / ${largest.deep.params} = ${round(largest.shallow.params / largest.deep.params)}`,
      expected: `≥ (3·2^n − 2)/(6n + 1) = ${round((3 * 2 ** largest.depth - 2) / (6 * largest.depth + 1))}: a single layer needs 2^n − 1 hinges, depth needs 6n + 1`,
      holds:
        largest.shallow.params / largest.deep.params >=
        (3 * 2 ** largest.depth - 2) / (6 * largest.depth + 1) - 1e-9,
    },
  ];
  if (atDeepBudget)
    claims.push({
      name: `trained one-hidden-layer nets with the depth-${n} construction's ${deepParams} parameters (test RMSE, best seed)`,
      measured: round(atDeepBudget.testRmse.min),
      expected: '> 0.1: too few hinges for 2^n pieces (the sawtooth has RMSE 0.29 around its mean)',
      holds: atDeepBudget.testRmse.min > 0.1,
    });

  const charts: Chart[] = [
    {
      name: 'depth-vs-width-sawtooth',
      title: `Sawtooth with ${2 ** n} pieces: test RMSE against parameters, trained and constructed`,
      x: { label: 'parameters', log: true },
      y: { label: 'test RMSE (mean ± sd over seeds)' },
      series: [
        ...(['shallow', 'deep'] as const).map((shape) => {
          const rs = rows.filter((r) => r.target === sawtooth && r.shape === shape);
          return {
            label: `trained ${shape}`,
            x: rs.map((r) => r.params),
            y: rs.map((r) => r.testRmse.mean),
            lower: rs.map((r) => r.testRmse.mean - r.testRmse.std),
            upper: rs.map((r) => r.testRmse.mean + r.testRmse.std),
            points: true,
          };
        }),
        ...(['deep', 'shallow'] as const).map((shape) => {
          const c = constructed.find((k) => k.depth === n);
          return {
            label: `constructed ${shape} (exact)`,
            x: c ? [c[shape].params] : [],
            y: c ? [c[shape].testRmse] : [],
            points: true,
          };
        }),
      ],
    },
    {
      name: 'depth-vs-width-constructed',
      title: 'Parameters of exact sawtooth nets against the number of composed tents n',
      x: { label: 'n (the sawtooth has 2^n pieces)' },
      y: { label: 'parameters', log: true },
      series: (['deep', 'shallow'] as const).map((shape) => ({
        label: shape === 'deep' ? 'deep, width 2: 6n + 1' : 'one hidden layer: 3·2^n + 1',
        x: constructed.map((c) => c.depth),
        y: constructed.map((c) => c[shape].params),
      })),
    },
  ];
  const others = o.targets;
  if (others.length > 0)
    charts.push({
      name: 'depth-vs-width-compositional',
      title: `Equal budgets (${o.budget} parameters): shallow against deep`,
      x: { label: `target (${others.map((t, i) => `${i}: ${t}`).join(', ')})` },
      y: { label: 'test RMSE (mean ± sd)', log: true },
      series: (['shallow', 'deep'] as const).map((shape) => {
        const rs = others.map((t) => rows.find((r) => r.target === t && r.shape === shape) as DepthWidthRow);
        return {
          label: shape,
          x: others.map((_, i) => i),
          y: rs.map((r) => r.testRmse.mean),
          lower: rs.map((r) => Math.max(r.testRmse.min, r.testRmse.mean - r.testRmse.std)),
          upper: rs.map((r) => r.testRmse.mean + r.testRmse.std),
          points: true,
        };
      }),
    });
  return { experiment: 'depth-vs-width', options: o, constructed, rows, claims, charts };
}

export async function runDepthWidth(
  o: DepthWidthOptions,
  runner: JobRunner = runInProcess,
): Promise<DepthWidthResult> {
  const jobs = depthWidthJobs(o);
  return aggregateDepthWidth(o, jobs, await runner(jobs));
}
