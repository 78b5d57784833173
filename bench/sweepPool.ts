/**
 * Sweep throughput on this machine: the same batch of fit jobs through the
 * worker-thread pool with 1 worker and with N, each worker single-threaded.
 * The two sides run the same jobs (same seeds, same sizes), in alternating
 * order (1 then N, then N then 1, ...) so a trend in the machine's load does
 * not favour whichever side runs second. Besides jobs per second it records
 * the conditions that decide whether the numbers mean anything: cores, the
 * load average around every run, and the cores each run really got (CPU time
 * over wall time: on a machine other processes load, N workers may get far
 * fewer than N cores). `npm run bench:sweep` runs it long; `npm run bench`
 * runs a short version as one section.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { FitJobOptions } from '../src/analysis/sweep/job.js';
import { createJobPool } from '../src/analysis/sweep/pool.node.js';
import { median } from './measure.js';

export interface SweepScalingOptions {
  readonly jobs: number;
  readonly epochs: number;
  readonly workers: number;
  readonly repeats: number;
}

interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface SweepScaling {
  readonly conditions: SweepScalingOptions & {
    readonly cpu?: string;
    readonly cores: number;
    readonly loadavg1: Spread;
    readonly node: string;
    readonly order: string;
  };
  /** Keyed by worker count: '1' and String(workers). */
  readonly jobsPerSec: Record<string, Spread>;
  readonly runs: Record<string, number[]>;
  readonly coresUsed: Record<string, Spread>;
  /** Throughput per core obtained: equal on both sides means the pool adds no overhead and any shortfall is the machine's. */
  readonly jobsPerCoreSecond: Record<string, Spread>;
  readonly speedupOfMedians: number;
  readonly speedupPerRepeat: Spread;
}

/** A 1-64-64-1 tanh net on sin(3x), 2048 samples: the fit default's shape, a few hundred ms a job at 40 epochs. */
const job = (seed: number, epochs: number): FitJobOptions => ({
  data: { target: 'sin(3*x)', domain: [[-3, 3]], samples: 2048, testRatio: 0.2, standardize: true },
  arch: [1, 64, 64, 1],
  activation: 'tanh',
  norm: 'none',
  pDrop: 0,
  residual: false,
  optimizer: 'adam',
  lr: 0.01,
  schedule: { kind: 'cosine' },
  warmup: 0,
  epochs,
  batchSize: 64,
  weightDecay: 0,
  seed,
});

interface Run {
  readonly jobsPerSec: number;
  /** CPU seconds this process (workers included) got per wall second: how many cores the run really had. */
  readonly coresUsed: number;
}

/** One timed batch through a pool of `n`, after one warm-up job per worker (thread start, JIT, wasm compile). */
async function throughput(n: number, o: SweepScalingOptions): Promise<Run> {
  const pool = createJobPool(n);
  try {
    await Promise.all(Array.from({ length: n }, (_, i) => pool.run(job(1000 + i, 2))));
    const start = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(Array.from({ length: o.jobs }, (_, i) => pool.run(job(i, o.epochs))));
    const { user, system } = process.cpuUsage(cpu);
    const seconds = (performance.now() - start) / 1000;
    return { jobsPerSec: o.jobs / seconds, coresUsed: (user + system) / 1e6 / seconds };
  } finally {
    await pool.close();
  }
}

const round = (x: number) => Number(x.toFixed(3));
const spread = (xs: number[]): Spread => ({
  median: round(median(xs)),
  min: round(Math.min(...xs)),
  max: round(Math.max(...xs)),
});

export async function measureSweepScaling(o: SweepScalingOptions): Promise<SweepScaling> {
  if (o.jobs % o.workers !== 0)
    // Otherwise the last round leaves workers idle and the N-worker side is measured on a ragged batch.
    throw new Error(`--jobs (${o.jobs}) must be a multiple of --workers (${o.workers})`);
  const one: Run[] = [];
  const many: Run[] = [];
  const loads: number[] = [loadavg()[0]];
  for (let r = 0; r < o.repeats; r++) {
    const order = r % 2 === 0 ? [1, o.workers] : [o.workers, 1];
    for (const n of order) {
      (n === 1 ? one : many).push(await throughput(n, o));
      loads.push(loadavg()[0]);
    }
  }
  const rates = (runs: Run[]) => runs.map((r) => r.jobsPerSec);
  const paired = one.map((run, r) => many[r].jobsPerSec / run.jobsPerSec);
  const n = String(o.workers);
  return {
    conditions: {
      cpu: cpus()[0]?.model,
      cores: availableParallelism(),
      loadavg1: spread(loads),
      node: process.version,
      ...o,
      order: 'alternating: 1 then N on even repeats, N then 1 on odd',
    },
    jobsPerSec: { 1: spread(rates(one)), [n]: spread(rates(many)) },
    runs: { 1: rates(one).map(round), [n]: rates(many).map(round) },
    coresUsed: { 1: spread(one.map((r) => r.coresUsed)), [n]: spread(many.map((r) => r.coresUsed)) },
    jobsPerCoreSecond: {
      1: spread(one.map((r) => r.jobsPerSec / r.coresUsed)),
      [n]: spread(many.map((r) => r.jobsPerSec / r.coresUsed)),
    },
    speedupOfMedians: round(median(rates(many)) / median(rates(one))),
    speedupPerRepeat: spread(paired),
  };
}
