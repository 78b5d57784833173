import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type FitJob, type FitJobResult, runInProcess } from '../../src/analysis/experiments/common.js';
import { depthWidthJobs, depthWidthPresets } from '../../src/analysis/experiments/depthWidth.js';
import { universalJobs, universalPresets } from '../../src/analysis/experiments/universal.js';
import {
  createJobPool,
  type JobPool,
  lazyPoolRunner,
  poolRunner,
} from '../../src/analysis/sweep/pool.node.js';

/** The result's numbers as the bytes of their float64s, so equal means bit-identical (0 and −0, NaN payloads included). */
const bits = (r: FitJobResult) =>
  Buffer.from(new Float64Array([r.trainRmse, r.testRmse, r.params]).buffer).toString('hex');

// A few cheap jobs of each experiment at its test size, shortened: the point is equal bits, not a good fit.
const short = (job: FitJob): FitJob => ({ ...job, epochs: 20 });
const universal = universalJobs(universalPresets.test);
const jobs: FitJob[] = [
  short(universal[0]),
  short(universal[universal.length - 1]),
  ...depthWidthJobs(depthWidthPresets.test)
    .filter((_, i, all) => i === 0 || i === all.length - 1)
    .map(short),
];

describe('experiment fit jobs on the sweep pool', () => {
  let pool: JobPool;
  before(() => {
    pool = createJobPool(2);
  });
  after(() => pool.close());

  it('gives the in-process runner’s results bit for bit, in job order', async () => {
    // Shallow and deep, one and many hidden layers, different seeds: distinct jobs with distinct results.
    assert.equal(new Set(jobs.map((j) => JSON.stringify(j))).size, 4);
    const inProcess = await runInProcess(jobs);
    const pooled = await poolRunner(pool)(jobs);
    assert.equal(new Set(inProcess.map(bits)).size, jobs.length, 'the jobs give distinct results');
    assert.deepEqual(pooled.map(bits), inProcess.map(bits));
  });

  it('the lazy runner starts its pool at the first batch and can be closed before any', async () => {
    const unused = lazyPoolRunner(1);
    await unused.close();
    const lazy = lazyPoolRunner(1);
    try {
      const [r] = await lazy.runner([jobs[0]]);
      assert.equal(bits(r), bits((await runInProcess([jobs[0]]))[0]));
    } finally {
      await lazy.close();
    }
  });
});
