/**
 * The tasks a sweep worker thread runs, each trained in this thread: the
 * default export takes a CLI-style fit job, with the data loaded exactly as
 * `mlp-lab fit` loads it (files included); runExperimentJob takes one of the
 * experiments' fit jobs (universal, depth-vs-width). The pool starts these
 * threads with MLP_LAB_GEMM_THREADS=1, so each job keeps to one core and a
 * pool of n threads uses n cores.
 */
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { loadFitData } from '../../cli/fitData.js';
import type { FitJobMetrics, FitJobOptions } from './job.js';
import { runFitJob } from './job.js';

// The experiments' own runFitJob, not a copy: a job trained here gives the bits it gives in-process.
export { runFitJob as runExperimentJob } from '../experiments/common.js';

export interface JobResult {
  readonly metrics: FitJobMetrics;
  readonly wallTimeSec: number;
  readonly worker: string;
}

export default async function runJob(options: FitJobOptions): Promise<JobResult> {
  const start = performance.now();
  const metrics = await runFitJob(options, { loadData: loadFitData });
  return {
    metrics,
    wallTimeSec: Math.round(performance.now() - start) / 1000,
    worker: `${hostname()}:${process.pid}:${threadId}`,
  };
}
