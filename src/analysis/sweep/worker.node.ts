/**
 * The task a sweep worker thread runs: one fit job, trained in this thread,
 * with the data loaded exactly as `mlp-lab fit` loads it (files included).
 * The pool starts these threads with MLP_LAB_GEMM_THREADS=1, so each job
 * keeps to one core and a pool of n threads uses n cores.
 */
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { type DataOptions, loadFitData } from '../../cli/fitData.js';
import type { FitJobMetrics, FitJobOptions, JobDataLoader } from './job.js';
import { runFitJob } from './job.js';

export interface JobResult {
  readonly metrics: FitJobMetrics;
  readonly wallTimeSec: number;
  readonly worker: string;
}

const loadData: JobDataLoader = (data, rng) => loadFitData(data as DataOptions, rng);

export default async function runJob(options: FitJobOptions): Promise<JobResult> {
  const start = performance.now();
  const metrics = await runFitJob(options, { loadData });
  return {
    metrics,
    wallTimeSec: Math.round(performance.now() - start) / 1000,
    worker: `${hostname()}:${process.pid}:${threadId}`,
  };
}
