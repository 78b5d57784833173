/** The regions demo run small: its numbers, not just that it ran. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binomialSum, regionBounds } from '../../src/analysis/regions/bounds.js';
import { randomReluNet } from '../../src/analysis/regions/examples.js';
import { linearRegions2d } from '../../src/analysis/regions/regions2d.js';
import { demos } from '../../src/cli/demos/index.js';
import { runCli } from './run.js';

describe('mlp-lab demo regions', () => {
  it('reports exact counts beside the bounds, the shallow count equal to Zaslavsky', async () => {
    for (const seed of [1, 2]) {
      const { report, figures } = await demos.regions.run({ seed, quick: true });
      assert.deepEqual(
        figures.map((f) => f.name),
        ['regions-deep', 'regions-shallow'],
      );
      assert.equal(figures[0].svg.match(/<path class="region"/g)?.length, report.count);
      assert.equal(report.demo, 'regions');
      for (const c of report.claims) assert.ok(c.holds, `${c.name}: ${c.measured} vs ${c.expected}`);
      const deep = linearRegions2d(randomReluNet([2, 16, 16, 16, 1], seed), { x: [-2, 2], y: [-2, 2] });
      assert.equal(report.count, deep.count);
      assert.deepEqual(report.bounds, regionBounds([2, 16, 16, 16, 1]));
      const shallow = report.shallow as { count: number; bounds: { zaslavsky: number } };
      assert.equal(shallow.count, Number(binomialSum(12, 2)));
      assert.equal(shallow.bounds.zaslavsky, 79);
      const oneD = report.oneD as { count: number; breakpoints: number[] };
      assert.equal(oneD.breakpoints.length, oneD.count - 1);
    }
  });

  it('--json on the command line prints the report with count and bounds', () => {
    const r = runCli(['demo', 'regions', '--quick', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.demo, 'regions');
    assert.deepEqual(Object.keys(report.bounds).sort(), ['montufar', 'naive', 'serra', 'zaslavsky']);
    assert.equal(report.bounds.zaslavsky, null);
    assert.equal(typeof report.count, 'number');
  });
});
