/**
 * Every activation of the engine and its derivative, plotted from the same
 * forward and backward code the layers run, and checked: the derivative that
 * back-propagation uses is the slope of the function the forward computes.
 */
import { activationCurve, activationCurves, derivativeGap } from '../../analysis/activationCurves.js';
import { activations } from '../../nn/activations.js';
import { activationsFigure } from '../../viz/activationsFigure.js';
import { claimAtMost, claimEqual, type Demo } from './demo.js';

const TOLERANCE = 1e-6;

export const activationsDemo: Demo = {
  summary:
    'every activation and its derivative, plotted; each f′ matches a finite difference of f within 1e-6',
  async run() {
    const curves = activationCurves();
    const gaps = curves.map((c) => ({
      name: c.name,
      description: activations[c.name].description,
      derivativeGap: derivativeGap(c),
    }));
    const relu = activationCurve('relu');
    const stepMismatches = relu.xs.filter((x, i) => relu.dys[i] !== (x > 0 ? 1 : 0)).length;
    // 401 samples put x = 0 on the grid, where sigmoid′ and tanh′ peak.
    const sigmoid = activationCurve('sigmoid', { n: 401 });
    const tanh = activationCurve('tanh', { n: 401 });
    const sigmoidPeak = Math.max(...sigmoid.dys);
    const sigmoidIdentity = Math.max(
      ...sigmoid.dys.map((d, i) => Math.abs(d - sigmoid.ys[i] * (1 - sigmoid.ys[i]))),
    );
    const tanhPeak = Math.max(...tanh.dys);
    const claims = [
      ...gaps.map((g) =>
        claimAtMost(`${g.name}: max |f′ − central difference of f| on [−4, 4]`, g.derivativeGap, TOLERANCE),
      ),
      claimEqual('relu′ is the step 1[x > 0]: samples where it is not', stepMismatches, 0),
      claimEqual('max sigmoid′ (at x = 0)', sigmoidPeak, 0.25),
      claimAtMost('max |sigmoid′ − s(1 − s)|', sigmoidIdentity, 1e-15),
      claimEqual('max tanh′ (at x = 0)', tanhPeak, 1),
    ];
    const text = [
      'An activation acts on each unit separately; without one, stacked layers collapse to one affine map.',
      "Each curve in the figures is sampled from the engine's own forward pass, and each derivative from its backward",
      'pass with an upstream gradient of 1. A central difference of the forward, (f(x + h) − f(x − h))/2h with',
      `h = 1e-5, agrees with the backward at all ${curves[0].xs.length} samples on [−4, 4]:`,
      ...gaps.map(
        (g) => `  ${g.name.padEnd(13)} max gap ${g.derivativeGap.toExponential(2)}   ${g.description}`,
      ),
      'ReLU passes positive inputs and zeroes the rest, so its derivative is a step: a unit is on or off.',
      'sigmoid and tanh saturate: their slopes peak at 1/4 and 1 at x = 0 and fall towards 0 in both tails,',
      'which is why deep stacks of them pass gradients back weakly.',
    ].join('\n');
    const figures = [
      await activationsFigure(),
      await activationsFigure({
        name: 'activations-classic',
        title: 'ReLU, sigmoid and tanh and their derivatives',
        names: ['relu', 'sigmoid', 'tanh'],
      }),
    ];
    return {
      report: { demo: 'activations', claims, activations: gaps, sigmoidPeak, tanhPeak },
      text,
      figures,
    };
  },
};
