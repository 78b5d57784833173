/**
 * Runs sweep jobs on this machine's cores: a piscina pool of worker threads,
 * each training one job at a time with a single-threaded GEMM (two jobs
 * that each spread over every core would only fight for them). The same
 * pool runs both kinds of job: CLI-style fit jobs (`mlp-lab sweep`) and the
 * experiments' fit jobs (universal, depth-vs-width).
 *
 *   const pool = createJobPool(availableParallelism());
 *   const result = await pool.run(options);   // { metrics, wallTimeSec, worker }
 *   const fits = await poolRunner(pool)(universalJobs(o));   // a JobRunner for runUniversal
 *   await pool.close();
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { FitJob, FitJobResult, JobRunner } from '../experiments/common.js';
import type { FitJobOptions } from './job.js';
import type { JobResult } from './worker.node.js';

export type { JobResult } from './worker.node.js';

/** The environment that keeps each worker thread's numeric kernels to one thread. */
export const SINGLE_THREADED_ENV: Readonly<Record<string, string>> = {
  MLP_LAB_GEMM_THREADS: '1',
  MLP_LAB_BLAS_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
  OMP_NUM_THREADS: '1',
};

export interface JobPool {
  /** Queues a job; resolves when a worker has trained it. Rejects with the job's error, or an AbortError when aborted. */
  run(options: FitJobOptions, signal?: AbortSignal): Promise<JobResult>;
  /** Queues one of the experiments' fit jobs; resolves with what runFitJob returns for it in-process. */
  runExperiment(job: FitJob, signal?: AbortSignal): Promise<FitJobResult>;
  readonly workers: number;
  /** Stops the threads; jobs still running are abandoned. */
  close(): Promise<void>;
}

// Under tsx (tests run from source) the worker is the .ts file itself; built, it is the .js beside this one.
const workerFile = new URL(`./worker.node.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

export function createJobPool(workers: number): JobPool {
  if (!(Number.isInteger(workers) && workers >= 1))
    throw new Error(`a pool needs at least one worker, got ${workers}`);
  const pool = new Piscina<FitJobOptions | FitJob, JobResult | FitJobResult>({
    filename: workerFile.href,
    minThreads: workers,
    maxThreads: workers,
    // Queued jobs wait in the pool, not in a worker: a thread takes the next job only when free.
    concurrentTasksPerWorker: 1,
    idleTimeout: Number.POSITIVE_INFINITY,
    env: { ...process.env, ...SINGLE_THREADED_ENV },
  });
  return {
    workers,
    // The task's function is picked by name, so each kind's result type is the one its export returns.
    run: (options, signal) => pool.run(options, signal ? { signal } : {}) as Promise<JobResult>,
    runExperiment: (job, signal) =>
      pool.run(job, { name: 'runExperimentJob', ...(signal ? { signal } : {}) }) as Promise<FitJobResult>,
    close: () => pool.destroy(),
  };
}

/** The experiments' fit jobs on a pool, results in job order. */
export function poolRunner(pool: JobPool): JobRunner {
  return (jobs) => Promise.all(jobs.map((job) => pool.runExperiment(job)));
}

export interface LazyPoolRunner {
  readonly runner: JobRunner;
  /** Stops the pool if one was started. */
  close(): Promise<void>;
}

/**
 * A JobRunner whose pool starts at its first batch, so a command that may
 * run no experiment jobs (a demo or report of other experiments) starts no
 * threads. One worker per core by default.
 */
export function lazyPoolRunner(workers = availableParallelism()): LazyPoolRunner {
  let pool: JobPool | undefined;
  return {
    runner: (jobs) => {
      pool ??= createJobPool(workers);
      return poolRunner(pool)(jobs);
    },
    close: async () => {
      await pool?.close();
      pool = undefined;
    },
  };
}
