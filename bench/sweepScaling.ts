/**
 * Sweep throughput on this machine: the same batch of fit jobs through the
 * worker-thread pool with 1 worker and with 2 (or --workers N), each worker
 * single-threaded. Prints jobs per second and the speed-up, with the
 * conditions that decide whether the number means anything: cores, the load
 * average before and after (other processes on the machine take cores too).
 *
 *   npx tsc -p . && node dist/bench/sweepScaling.js [--jobs 8] [--epochs 40] [--workers 2] [--repeats 2]
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { FitJobOptions } from '../src/analysis/sweep/job.js';
import { createJobPool } from '../src/analysis/sweep/pool.node.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const jobs = arg('jobs', 8);
const epochs = arg('epochs', 40);
const workers = arg('workers', 2);
const repeats = arg('repeats', 2);

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

/** Jobs per second through a pool of `n`, after one warm-up job per worker (thread start, JIT, wasm compile). */
async function throughput(n: number): Promise<number> {
  const pool = createJobPool(n);
  try {
    await Promise.all(Array.from({ length: n }, (_, i) => pool.run({ ...job(1000 + i), epochs: 2 })));
    const start = performance.now();
    await Promise.all(Array.from({ length: jobs }, (_, i) => pool.run(job(i))));
    return jobs / ((performance.now() - start) / 1000);
  } finally {
    await pool.close();
  }
}

const loadBefore = loadavg()[0]!;
const one: number[] = [];
const many: number[] = [];
// Interleaved, so a change in the machine's load hits both sides alike.
for (let r = 0; r < repeats; r++) {
  one.push(await throughput(1));
  many.push(await throughput(workers));
}
const loadAfter = loadavg()[0]!;
const best = (xs: number[]) => Math.max(...xs);
console.log(
  JSON.stringify(
    {
      conditions: {
        cpu: cpus()[0]?.model,
        cores: availableParallelism(),
        loadavg1Before: loadBefore,
        loadavg1After: loadAfter,
        node: process.version,
        jobs,
        epochs,
        repeats,
      },
      jobsPerSec: { 1: one, [workers]: many },
      speedup: best(many) / best(one),
    },
    null,
    2,
  ),
);
