/**
 * Without a nonlinearity depth buys nothing: collapseAffine folds the stack
 * into one affine map, which equals the network on random inputs; trained on
 * XOR, such a net stays at p ≈ ½.
 */
import { applyAffine } from '../../analysis/affine.js';
import { collapseAffine } from '../../analysis/collapseAffine.js';
import { trainXor } from '../../analysis/xor.js';
import { mlp } from '../../nn/mlp.js';
import { fromRows, toRows } from '../../tensor/matrix.js';
import { Rng } from '../../tensor/rng.js';
import { claimAtMost, type Demo } from './demo.js';

const SIZES = [3, 16, 16, 16, 2];
const XOR_STEPS = 1500;

export const linearCollapseDemo: Demo = {
  summary: 'stacked linear layers equal one affine map, which cannot fit XOR',
  run(ctx) {
    const net = mlp(SIZES, { activation: 'identity', seed: ctx.seed, dtype: 'float64' });
    const rng = new Rng(ctx.seed + 1);
    // Non-zero biases, so that the folded bias is checked too.
    for (const l of net.linears()) if (l.bias) rng.fillUniform(l.bias.value.data, -1, 1);
    const map = collapseAffine(net);
    const points = Array.from({ length: ctx.quick ? 64 : 256 }, () =>
      Array.from({ length: SIZES[0] }, () => rng.normal()),
    );
    const outputs = toRows(net.predict(fromRows(points, 'float64')));
    let maxError = 0;
    points.forEach((p, n) => {
      applyAffine(map, p).forEach((v, i) => {
        maxError = Math.max(maxError, Math.abs(v - outputs[n][i]));
      });
    });
    const xorNet = mlp([2, 8, 8, 1], { activation: 'identity', seed: ctx.seed });
    const xor = trainXor(xorNet, ctx.quick ? 500 : XOR_STEPS);
    const worst = Math.max(...xor.probabilities.map((p) => Math.abs(p - 0.5)));
    const collapsedParams = map.weight.length * map.weight[0].length + map.bias.length;
    const claims = [
      claimAtMost(
        'max |network − collapsed affine map| over random inputs (float64 rounding)',
        maxError,
        1e-12,
      ),
      claimAtMost('accuracy of an identity-activation [2, 8, 8, 1] net trained on XOR', xor.accuracy, 0.75),
      claimAtMost('its largest |p − ½| on the four XOR points', worst, 0.05),
    ];
    const text = [
      `mlp [${SIZES.join(', ')}] with identity activations: ${net.paramCount()} parameters.`,
      `collapseAffine folds it into one ${map.weight.length}x${map.weight[0].length} matrix and a bias (${collapsedParams} numbers);`,
      `on ${points.length} random inputs the two differ by at most ${maxError.toExponential(2)} (float64 rounding).`,
      '',
      `Trained on XOR (Adam, binary cross-entropy), the same kind of net is still one affine map:`,
      `p(y=1) = [${xor.probabilities.map((p) => p.toFixed(3)).join(', ')}], accuracy ${xor.accuracy * 100}%.`,
      'No affine map separates XOR, so depth without an activation cannot fit it.',
    ].join('\n');
    return {
      report: {
        demo: 'linear-collapse',
        claims,
        sizes: SIZES,
        parameters: { stack: net.paramCount(), collapsed: collapsedParams },
        collapsed: map,
        maxError,
        xor: { probabilities: xor.probabilities, accuracy: xor.accuracy },
      },
      text,
      figures: [],
    };
  },
};
