/**
 * One sweep job, run where it is called (a sweep worker, or Node in the
 * tests): a Lab built from the job's settings and trained for its steps, the
 * same object and loop as the main run, so opening the job in the page
 * reaches the same weights and losses to the bit.
 */
import { Lab } from './lab.js';
import type { SweepJob, SweepResult } from './sweep.js';

export async function runSweepJob(job: SweepJob): Promise<SweepResult> {
  let lab: Lab;
  try {
    lab = await Lab.open(job.settings);
  } catch (e) {
    return {
      index: job.index,
      steps: 0,
      params: Number.NaN,
      trainLoss: Number.NaN,
      testLoss: Number.NaN,
      diverged: false,
      error: (e as Error).message,
    };
  }
  lab.run(job.steps);
  const train = lab.metrics(lab.data.train);
  const test = lab.metrics(lab.data.test);
  return {
    index: job.index,
    steps: lab.steps,
    params: lab.model.paramCount(),
    trainLoss: train.loss,
    testLoss: test.loss,
    trainAcc: train.accuracy,
    testAcc: test.accuracy,
    diverged: lab.diverged !== null,
  };
}
