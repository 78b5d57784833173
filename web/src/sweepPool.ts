/**
 * Runs sweep jobs on a set of runners (the page's Web Workers, or plain
 * functions in the tests): each free runner takes the next job in grid order,
 * and every result is stored at its job's index, so the results do not depend
 * on how many runners there are or which finishes first.
 */
import type { SweepJob, SweepResult } from './sweep.js';

export interface SweepRunner {
  run(job: SweepJob): Promise<SweepResult>;
}

/** Workers for a pool on this machine: one core is left to the page and the main run, at most 4, at least 1. */
export const poolSize = (cores: number | undefined): number => Math.max(1, Math.min(4, (cores ?? 2) - 1));

export async function runSweep(
  jobs: readonly SweepJob[],
  runners: readonly SweepRunner[],
  onResult: (r: SweepResult) => void,
  signal?: AbortSignal,
): Promise<(SweepResult | undefined)[]> {
  const results: (SweepResult | undefined)[] = new Array(jobs.length).fill(undefined);
  // A cancelled job's worker is terminated and never answers: racing against this ends its runner's loop.
  const aborted = new Promise<null>((resolve) => {
    if (signal?.aborted) resolve(null);
    signal?.addEventListener('abort', () => resolve(null), { once: true });
  });
  let next = 0;
  const loop = async (runner: SweepRunner): Promise<void> => {
    while (next < jobs.length && !signal?.aborted) {
      const job = jobs[next++];
      const r = await Promise.race([runner.run(job), aborted]);
      if (r === null) return;
      if (r.index !== job.index) throw new Error(`job ${job.index} came back as job ${r.index}`);
      results[job.index] = r;
      onResult(r);
    }
  };
  await Promise.all(runners.map(loop));
  return results;
}
