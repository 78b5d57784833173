/**
 * Sweep throughput on this machine: the same batch of fit jobs through the
 * worker-thread pool with 1 worker and with 2 (or --workers N), each worker
 * single-threaded. The two sides run the same jobs (same seeds, same sizes),
 * in alternating order (1 then N, then N then 1, ...) so a trend in the
 * machine's load does not favour whichever side runs second, over several
 * repeats. Prints jobs per second per side as median and range, the speed-up
 * of the medians and the range of the per-repeat speed-ups (each 1-worker run
 * against the N-worker run beside it), with the conditions that decide
 * whether the numbers mean anything: cores, the load average around every
 * run, and the cores each run really got (CPU time over wall time: on a
 * machine other processes load, N workers may get far fewer than N cores).
 *
 *   npx tsc -p . && node dist/bench/sweepScaling.js [--jobs 8] [--epochs 40] [--workers 2] [--repeats 5]
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { FitJobOptions } from '../src/analysis/sweep/job.js';
import { createJobPool } from '../src/analysis/sweep/pool.node.js';
import { median } from './measure.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const jobs = arg('jobs', 8);
const epochs = arg('epochs', 40);
const workers = arg('workers', 2);
const repeats = arg('repeats', 5);
if (jobs % workers !== 0)
  // Otherwise the last round leaves workers idle and the N-worker side is measured on a ragged batch.
  throw new Error(`--jobs (${jobs}) must be a multiple of --workers (${workers})`);

/** A 1-64-64-1 tanh net on sin(3x), 2048 samples: the fit default's shape, a few hundred ms a job. */
const job = (seed: number): FitJobOptions => ({
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
async function throughput(n: number): Promise<Run> {
  const pool = createJobPool(n);
  try {
    await Promise.all(Array.from({ length: n }, (_, i) => pool.run({ ...job(1000 + i), epochs: 2 })));
    const start = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(Array.from({ length: jobs }, (_, i) => pool.run(job(i))));
    const { user, system } = process.cpuUsage(cpu);
    const seconds = (performance.now() - start) / 1000;
    return { jobsPerSec: jobs / seconds, coresUsed: (user + system) / 1e6 / seconds };
  } finally {
    await pool.close();
  }
}

const one: Run[] = [];
const many: Run[] = [];
const loads: number[] = [loadavg()[0]];
for (let r = 0; r < repeats; r++) {
  const order = r % 2 === 0 ? [1, workers] : [workers, 1];
  for (const n of order) {
    (n === 1 ? one : many).push(await throughput(n));
    loads.push(loadavg()[0]);
  }
}
const round = (x: number) => Number(x.toFixed(3));
const spread = (xs: number[]) => ({
  median: round(median(xs)),
  min: round(Math.min(...xs)),
  max: round(Math.max(...xs)),
});
const rates = (runs: Run[]) => runs.map((r) => r.jobsPerSec);
const paired = one.map((o, r) => many[r].jobsPerSec / o.jobsPerSec);
console.log(
  JSON.stringify(
    {
      conditions: {
        cpu: cpus()[0]?.model,
        cores: availableParallelism(),
        loadavg1: spread(loads),
        node: process.version,
        jobs,
        epochs,
        workers,
        repeats,
        order: 'alternating: 1 then N on even repeats, N then 1 on odd',
      },
      jobsPerSec: { 1: spread(rates(one)), [workers]: spread(rates(many)) },
      runs: { 1: rates(one).map(round), [workers]: rates(many).map(round) },
      coresUsed: { 1: spread(one.map((r) => r.coresUsed)), [workers]: spread(many.map((r) => r.coresUsed)) },
      // Throughput per core obtained: equal on both sides means the pool adds no overhead and any shortfall is the machine's.
      jobsPerCoreSecond: {
        1: spread(one.map((r) => r.jobsPerSec / r.coresUsed)),
        [workers]: spread(many.map((r) => r.jobsPerSec / r.coresUsed)),
      },
      speedupOfMedians: round(median(rates(many)) / median(rates(one))),
      speedupPerRepeat: spread(paired),
    },
    null,
    2,
  ),
);
