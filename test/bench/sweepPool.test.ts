/** The short sweep-pool section of `npm run bench`: what it measures, how the report shows it, and --no-sweep. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from '../../bench/options.js';
import { renderJson, renderText } from '../../bench/report.js';
import { measureSweepScaling } from '../../bench/sweepPool.js';

describe('bench sweep section', () => {
  it('runs both sides on the same jobs and the report prints their medians and speed-up', async () => {
    const sweep = await measureSweepScaling({ jobs: 2, epochs: 1, workers: 2, repeats: 2 });
    assert.equal(sweep.runs['1'].length, 2);
    assert.equal(sweep.runs['2'].length, 2);
    for (const side of ['1', '2']) {
      for (const rate of sweep.runs[side]) assert.ok(rate > 0 && Number.isFinite(rate), `${side}: ${rate}`);
      assert.ok(sweep.jobsPerSec[side].min <= sweep.jobsPerSec[side].median);
      assert.ok(sweep.jobsPerSec[side].median <= sweep.jobsPerSec[side].max);
    }
    const ratio = sweep.jobsPerSec['2'].median / sweep.jobsPerSec['1'].median;
    assert.ok(
      Math.abs(sweep.speedupOfMedians - ratio) < 0.01 * ratio,
      `${sweep.speedupOfMedians} vs ${ratio}`,
    );
    const report = {
      machine: { cpu: 'x', cores: 2, node: 'v20', platform: 'linux', memoryGiB: 1, date: '' },
      options: {},
      mlplab: {},
      peers: [],
      rows: [],
      targets: [],
      heap: null,
      sanity: [],
      sweep,
      threads: {},
      notes: [],
      failures: [],
      seconds: 1,
    };
    const text = renderText(report);
    assert.match(text, /Sweep pool \(2 fit jobs of 1 epoch, .*2 repeats/);
    assert.ok(text.includes(`1 worker: ${sweep.jobsPerSec['1'].median} jobs/s`), text);
    assert.ok(text.includes(`speed-up ×${sweep.speedupOfMedians}`), text);
    assert.deepEqual(JSON.parse(renderJson(report)).sweep, sweep);
  });

  it('refuses a batch the workers cannot share evenly, and --no-sweep turns the section off', async () => {
    await assert.rejects(
      measureSweepScaling({ jobs: 3, epochs: 1, workers: 2, repeats: 1 }),
      /--jobs \(3\) must be a multiple of --workers \(2\)/,
    );
    assert.equal(parseArgs([]).sweep, true);
    assert.equal(parseArgs(['--no-sweep']).sweep, false);
  });
});
