/**
 * The Experiment panel's sweep in Node: the boxes' grid syntax, the jobs it
 * makes from the run's settings, and the pool, whose results must not depend
 * on how many runners share the jobs or in which order they finish, and must
 * equal a Lab trained on the job's settings (the main run a point opens).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lab } from '../../web/src/lab.js';
import { DEFAULTS, type Settings } from '../../web/src/settings.js';
import {
  parseSweep,
  type SweepInputError,
  type SweepJob,
  type SweepResult,
  sweepCells,
  sweepJobs,
} from '../../web/src/sweep.js';
import { runSweepJob } from '../../web/src/sweepJob.js';
import { poolSize, runSweep, type SweepRunner } from '../../web/src/sweepPool.js';

const base: Settings = {
  ...structuredClone(DEFAULTS),
  task: 'moons',
  samples: 80,
  layers: [{ units: 5, activation: 'tanh' }],
  lr: 0.02,
};

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * In-process runners; a runner holds even-numbered jobs back for a few
 * milliseconds (shifted by `lag`), so jobs finish out of grid order.
 */
function runners(count: number, lag: number): SweepRunner[] {
  return Array.from({ length: count }, () => ({
    async run(job: SweepJob): Promise<SweepResult> {
      await tick((job.index + lag) % 2 === 0 ? 30 : 0);
      return runSweepJob(job);
    },
  }));
}

const fieldOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return `${(e as SweepInputError).field}: ${(e as Error).message}`;
  }
  return 'no error';
};

describe('sweep grid', () => {
  it('reads lists and ranges and names the box that is wrong', () => {
    assert.deepEqual(parseSweep({ widths: '2, 4,{8,16}', depths: '1..3', seeds: '7', steps: '50' }), {
      widths: [2, 4, 8, 16],
      depths: [1, 2, 3],
      seeds: [7],
      steps: 50,
    });
    assert.match(
      fieldOf(() => parseSweep({ widths: '2,x', depths: '1', seeds: '1', steps: '5' })),
      /^widths: 'x'/,
    );
    assert.match(
      fieldOf(() => parseSweep({ widths: '2', depths: '13', seeds: '1', steps: '5' })),
      /^depths: '13'.*1 to 12/,
    );
    assert.match(
      fieldOf(() => parseSweep({ widths: '2', depths: '1', seeds: '', steps: '5' })),
      /^seeds: is empty/,
    );
    assert.match(
      fieldOf(() => parseSweep({ widths: '2', depths: '1', seeds: '1', steps: '5,6' })),
      /^steps: takes one/,
    );
    assert.match(
      fieldOf(() => parseSweep({ widths: '1..100', depths: '1..4', seeds: '1', steps: '5' })),
      /^widths: the grid has 400 jobs/,
    );
  });

  it('changes only the layers (first activation) and the seed', () => {
    const jobs = sweepJobs(base, parseSweep({ widths: '3,6', depths: '1,2', seeds: '4,5', steps: '10' }));
    assert.equal(jobs.length, 8);
    assert.deepEqual(
      jobs.map((j) => [j.index, j.depth, j.width, j.seed]),
      [
        [0, 1, 3, 4],
        [1, 1, 3, 5],
        [2, 1, 6, 4],
        [3, 1, 6, 5],
        [4, 2, 3, 4],
        [5, 2, 3, 5],
        [6, 2, 6, 4],
        [7, 2, 6, 5],
      ],
    );
    const j = jobs[7];
    assert.deepEqual(j.settings.layers, [
      { units: 6, activation: 'tanh' },
      { units: 6, activation: 'tanh' },
    ]);
    assert.deepEqual({ ...j.settings, layers: base.layers, seed: base.seed }, base);
  });
});

describe('sweep pool', () => {
  const jobs = sweepJobs(base, parseSweep({ widths: '2,6', depths: '1,2', seeds: '1,2', steps: '120' }));

  it('gives the same results with 1, 3 or 8 runners and any finishing order, each equal to a Lab run', async () => {
    const order: number[] = [];
    const one = await runSweep(jobs, runners(1, 1), () => undefined);
    const three = await runSweep(jobs, runners(3, 2), (r) => order.push(r.index));
    const eight = await runSweep(jobs, runners(8, 3), () => undefined);
    assert.notDeepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'the delays should reorder completions',
    );
    assert.deepEqual(three, one);
    assert.deepEqual(eight, one);
    for (const job of jobs) {
      // The main run's way: steps in uneven chunks, as frames split them.
      const lab = new Lab(job.settings);
      while (lab.steps < job.steps && lab.run(Math.min(17, job.steps - lab.steps)) > 0);
      const r = one[job.index] as SweepResult;
      assert.equal(r.steps, 120);
      assert.equal(r.params, lab.model.paramCount());
      assert.equal(r.testLoss, lab.metrics(lab.data.test).loss);
      assert.equal(r.trainLoss, lab.metrics(lab.data.train).loss);
      assert.equal(r.testAcc, lab.metrics(lab.data.test).accuracy);
    }
    // Different networks and seeds really differ: the sweep is not returning one run eight times.
    assert.equal(new Set(one.map((r) => r?.testLoss)).size, jobs.length);
  });

  it('stops taking jobs once cancelled and keeps what finished', async () => {
    const ctrl = new AbortController();
    let done = 0;
    const results = await runSweep(
      jobs,
      runners(2, 4),
      () => {
        if (++done === 3) ctrl.abort();
      },
      ctrl.signal,
    );
    const finished = results.filter((r) => r !== undefined).length;
    assert.ok(finished >= 3 && finished < jobs.length, `finished ${finished}`);
  });

  it('groups seeds into networks with their mean, and reports a job that cannot be built', async () => {
    const results = await runSweep(jobs, runners(2, 5), () => undefined);
    const cells = sweepCells(jobs, results);
    assert.equal(cells.length, 4);
    const c = cells[3];
    assert.deepEqual([c.depth, c.width, c.results.length], [2, 6, 2]);
    assert.equal(c.meanTestLoss, ((results[6]?.testLoss ?? 0) + (results[7]?.testLoss ?? 0)) / 2);
    assert.equal(c.params, 2 * 6 + 6 + 6 * 6 + 6 + 6 + 1);
    const bad = await runSweepJob({
      ...jobs[0],
      settings: { ...jobs[0].settings, task: 'function', expression: 'sin(' },
    });
    assert.ok(bad.error && bad.error.length > 0);
    assert.equal(sweepCells([jobs[0]], [bad]).length, 0);
  });

  it('sizes the pool from the cores, leaving one', () => {
    assert.deepEqual(
      [poolSize(1), poolSize(2), poolSize(4), poolSize(16), poolSize(undefined)],
      [1, 1, 3, 4, 1],
    );
  });
});
