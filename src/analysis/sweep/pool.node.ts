/**
 * Runs sweep jobs on this machine's cores: a piscina pool of worker threads,
 * each training one job at a time with a single-threaded GEMM (two jobs
 * that each spread over every core would only fight for them).
 *
 *   const pool = createJobPool(availableParallelism());
 *   const result = await pool.run(options);   // { metrics, wallTimeSec, worker }
 *   await pool.close();
 */
import { Piscina } from 'piscina';
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
  readonly workers: number;
  /** Stops the threads; jobs still running are abandoned. */
  close(): Promise<void>;
}

// Under tsx (tests run from source) the worker is the .ts file itself; built, it is the .js beside this one.
const workerFile = new URL(`./worker.node.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

export function createJobPool(workers: number): JobPool {
  if (!(Number.isInteger(workers) && workers >= 1))
    throw new Error(`a pool needs at least one worker, got ${workers}`);
  const pool = new Piscina<FitJobOptions, JobResult>({
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
    run: (options, signal) => pool.run(options, signal ? { signal } : {}),
    close: () => pool.destroy(),
  };
}
