import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logLogSlope } from '../../src/analysis/experiments/common.js';
import { depthWidthPresets, runDepthWidth } from '../../src/analysis/experiments/depthWidth.js';
import { gradflowPresets, runGradflow } from '../../src/analysis/experiments/gradflow.js';
import { initPresets, runInit } from '../../src/analysis/experiments/init.js';
import { probesPresets, runProbes } from '../../src/analysis/experiments/probes.js';
import { regularisationPresets, runRegularisation } from '../../src/analysis/experiments/regularisation.js';
import { runSchedules, schedulesPresets } from '../../src/analysis/experiments/schedules.js';
import { runSpectral, spectralPresets } from '../../src/analysis/experiments/spectral.js';
import {
  interpolationRmse,
  runUniversal,
  universalJobs,
  universalPresets,
} from '../../src/analysis/experiments/universal.js';
import { gradientConcentration } from '../../src/analysis/health.js';
import { mlp } from '../../src/nn/mlp.js';

const claim = (r: { claims: readonly { name: string; holds: boolean }[] }, part: string) => {
  const c = r.claims.find((x) => x.name.includes(part));
  assert.ok(c, `no claim mentioning '${part}' in ${JSON.stringify(r.claims.map((x) => x.name))}`);
  return c;
};

describe('experiments (small runs)', () => {
  it('logLogSlope recovers an exact power law, and interpolation of x² falls as k^−2', () => {
    assert.ok(Math.abs(logLogSlope([1, 2, 4, 8], [3, 0.75, 0.1875, 0.046875]) + 2) < 1e-12);
    const a = interpolationRmse('square', 8, 401);
    const b = interpolationRmse('square', 16, 401);
    assert.ok(Math.abs(a / b - 4) < 0.05, `ratio ${a / b}`);
  });

  it('universal: test error falls with width (negative log–log slope)', async () => {
    const o = universalPresets.test;
    assert.equal(universalJobs(o).length, o.widths.length * o.seeds.length);
    const r = await runUniversal(o);
    const relu = r.curves[0];
    assert.ok(relu.slope < -0.3, `slope ${relu.slope}`);
    const errs = relu.testRmse.map((s) => s.mean);
    assert.ok(errs[errs.length - 1] < errs[0] / 3, `errors ${errs}`);
    assert.ok(
      r.claims.every((c) => c.holds),
      JSON.stringify(r.claims),
    );
  });

  it('depth-vs-width: the sawtooth needs far fewer parameters deep than shallow', async () => {
    const r = await runDepthWidth(depthWidthPresets.test);
    const n8 = r.constructed.find((c) => c.depth === 8);
    assert.ok(n8);
    assert.equal(n8.deep.params, 49);
    assert.equal(n8.shallow.params, 769);
    assert.ok(n8.deep.testRmse < 1e-4 && n8.shallow.testRmse < 1e-4);
    const shallowAtBudget = r.rows.find((x) => x.shape === 'shallow' && x.budget === 25);
    assert.ok(shallowAtBudget && shallowAtBudget.testRmse.min > 0.1);
    assert.ok(
      r.claims.every((c) => c.holds),
      JSON.stringify(r.claims),
    );
  });

  it('probes: accuracy on a trained spirals net rises from the input to the last hidden layer', () => {
    const r = runProbes(probesPresets.test);
    const last = r.sets[0].snapshots[r.sets[0].snapshots.length - 1].layers;
    assert.ok(last[0].testAccuracy < 0.8, `input probe ${last[0].testAccuracy}`);
    assert.ok(last[last.length - 1].testAccuracy > 0.9, `last probe ${last[last.length - 1].testAccuracy}`);
    assert.ok(claim(r, 'spirals').holds);
  });

  it('gradflow: deep sigmoid vanishes by orders of magnitude, residual + LayerNorm does not', () => {
    const r = runGradflow(gradflowPresets.test);
    const [sigmoid, , residual] = r.nets;
    assert.ok(sigmoid.firstOverLast.max < 1e-3, `sigmoid ${sigmoid.firstOverLast.max}`);
    assert.ok(residual.firstOverLast.min > 0.1, `residual ${residual.firstOverLast.min}`);
    assert.ok(
      r.claims.every((c) => c.holds),
      JSON.stringify(r.claims),
    );
  });

  it('gradientConcentration is the top share of per-unit gradient norm²', () => {
    const model = mlp([1, 100, 1], { seed: 0 });
    const [l0] = model.linears();
    l0.weight.grad.data.fill(0);
    l0.bias?.grad.data.fill(0);
    l0.weight.grad.data[3] = 3;
    l0.weight.grad.data[7] = 1;
    assert.ok(Math.abs(gradientConcentration(model, 0.01) - 0.9) < 1e-12);
  });

  it('init: He keeps ReLU activation variance within a factor of 2 over 20 layers; Xavier halves it per layer', () => {
    const r = runInit(initPresets.test);
    const he = r.cases.find((c) => c.init === 'he_normal');
    assert.ok(he);
    const v = he.measured.variance.map((s) => s.mean);
    assert.equal(v.length, 20);
    assert.ok(Math.max(...v) / Math.min(...v) < 2, `He variances ${v}`);
    assert.ok(
      r.claims.every((c) => c.holds),
      JSON.stringify(r.claims),
    );
  });

  it('spectral: low frequencies are half learned first; Fourier features learn the highest sooner', () => {
    const r = runSpectral(spectralPresets.test);
    const [raw, fourier] = r.runs;
    const never = spectralPresets.test.steps + 1;
    const half = raw.halfLearned.map((s) => s ?? never);
    assert.ok(half[0] < half[half.length - 1], `half-learned ${half}`);
    assert.ok((fourier.halfLearned[half.length - 1] ?? never) < half[half.length - 1]);
    assert.ok(
      r.claims.every((c) => c.holds),
      JSON.stringify(r.claims),
    );
  });

  it('regularisation: the plain net fits the noise, every regulariser trains worse, the best tests better', () => {
    const r = runRegularisation(regularisationPresets.test);
    assert.ok(
      r.claims.every((c) => c.holds),
      JSON.stringify(r.claims),
    );
  });

  it('schedules: decaying schedules end below a constant rate; restarts jump back to the base', () => {
    const r = runSchedules(schedulesPresets.test);
    const oneCycle = r.runs[3];
    const peak = oneCycle.lr.indexOf(Math.max(...oneCycle.lr));
    assert.ok(Math.abs(peak / oneCycle.lr.length - 0.3) < 0.02, `one-cycle peaks at ${peak}`);
    assert.ok(
      r.claims.every((c) => c.holds),
      JSON.stringify(r.claims),
    );
  });
});
