/**
 * The contributions panel's data: for a one-hidden-layer 1-D run, the units'
 * weighted outputs plus the output bias are the net's prediction; other
 * shapes get none rather than a wrong picture.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contributionCurves } from '../../web/src/contributions.js';
import { Lab } from '../../web/src/lab.js';
import { DEFAULTS, type Settings } from '../../web/src/settings.js';

const settings = (patch: Partial<Settings>): Settings => ({ ...structuredClone(DEFAULTS), ...patch });

describe('unit contributions in the playground', () => {
  it('sum, with the output bias, to the prediction of a trained 1-6-1 net', async () => {
    const lab = await Lab.open(
      settings({
        task: 'function',
        expression: 'x^2',
        loss: 'mse',
        layers: [{ units: 6, activation: 'relu' }],
      }),
    );
    lab.run(300);
    const grid = lab.grid(64);
    const c = contributionCurves(lab.model, grid);
    assert.ok(c);
    assert.equal(c.units, 6);
    const want = lab.model.predict(grid).data;
    let nonzero = 0;
    for (let i = 0; i < 64; i++) {
      let sum = c.outputBias;
      for (let j = 0; j < 6; j++) sum += c.perUnit[j * 64 + i];
      assert.ok(Math.abs(sum - want[i]) < 1e-5, `at ${i}: ${sum} vs ${want[i]}`);
      if (Math.abs(sum - c.outputBias) > 1e-3) nonzero++;
    }
    assert.ok(nonzero > 0, 'every unit contributed nothing');
  });

  it('are not given for a net with two hidden layers', async () => {
    const lab = await Lab.open(settings({ task: 'function', expression: 'x^2', loss: 'mse' }));
    assert.equal(contributionCurves(lab.model, lab.grid(16)), null);
  });
});
