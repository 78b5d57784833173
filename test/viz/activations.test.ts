/** The activations figure is generated from the engine, and what it plots holds up numerically. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activationCurve, activationCurves, derivativeGap } from '../../src/analysis/activationCurves.js';
import { activationNames } from '../../src/nn/activations.js';
import { activationsFigure } from '../../src/viz/activationsFigure.js';
import { activationLabels } from '../../src/viz/labels.js';
import { checkFigure, texts } from './svgCheck.js';

describe('activation curves', () => {
  it('plot derivatives that match a central difference of the plotted activation within 1e-6', () => {
    for (const c of activationCurves()) {
      const gap = derivativeGap(c);
      assert.ok(gap <= 1e-6, `${c.name}: gap ${gap}`);
    }
  });

  it('derivativeGap catches a derivative that is wrong', () => {
    const c = activationCurve('tanh');
    const wrong = { ...c, dys: c.dys.map((d) => d * 1.01) };
    assert.ok(derivativeGap(wrong) > 1e-3);
  });

  it("relu' is the step, sigmoid' = s(1 − s) peaks at 1/4 at 0, tanh' = 1 − tanh² peaks at 1", () => {
    const relu = activationCurve('relu');
    relu.xs.forEach((x, i) => {
      assert.equal(relu.dys[i], x > 0 ? 1 : 0);
    });
    const sig = activationCurve('sigmoid', { lo: -4, hi: 4, n: 401 });
    sig.xs.forEach((_, i) => {
      assert.ok(Math.abs(sig.dys[i] - sig.ys[i] * (1 - sig.ys[i])) < 1e-15);
    });
    assert.equal(sig.xs[200], 0);
    assert.equal(sig.dys[200], 0.25);
    assert.equal(Math.max(...sig.dys), 0.25);
    const tanh = activationCurve('tanh', { n: 401 });
    assert.equal(Math.max(...tanh.dys), 1);
  });

  it('keep x = 0 off the default grid, where a kink would make the derivative a convention', () => {
    const c = activationCurve('relu');
    assert.ok(
      c.xs.every(
        (x) => Math.abs(x) > 1e-3 && Math.abs(Math.abs(x) - 1) > 1e-3 && Math.abs(Math.abs(x) - 3) > 1e-3,
      ),
    );
  });
});

describe('activations figure', () => {
  it('shows every activation of the engine, one small panel each', async () => {
    const words = texts(checkFigure(await activationsFigure()));
    for (const name of activationNames) assert.ok(words.includes(activationLabels[name]), name);
  });

  it('shows a few activations as two panels, f and its derivative', async () => {
    const words = texts(checkFigure(await activationsFigure({ names: ['relu', 'sigmoid', 'tanh'] })));
    for (const w of ['ReLU', 'sigmoid', 'tanh', 'f(x)', 'f′(x)']) assert.ok(words.includes(w), w);
    assert.ok(!words.includes('GELU'));
  });
});
