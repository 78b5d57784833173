/**
 * Without a nonlinearity, depth buys nothing: a stack of Linear layers is
 * the single affine map x ↦ (W_L ⋯ W_1) x + b. The demo computes that map
 * from the layers and compares it with the network on random inputs.
 */
import { mlp } from '../../nn/mlp.js';
import { fromRows } from '../../tensor/matrix.js';
import { Rng } from '../../tensor/rng.js';
import type { Demo } from './demo.js';

/** Folds (W, b) layer by layer: W ← W_l W, b ← W_l b + b_l. */
function collapse(layers: { weight: number[][]; bias: number[] | null }[]): { W: number[][]; b: number[] } {
  const first = layers[0]!;
  let W = first.weight.map((r) => r.slice());
  let b = first.bias?.slice() ?? first.weight.map(() => 0);
  for (const { weight, bias } of layers.slice(1)) {
    W = weight.map((r) => W[0]!.map((_, j) => r.reduce((s, w, k) => s + w * W[k]![j]!, 0)));
    b = weight.map((r, i) => r.reduce((s, w, k) => s + w * b[k]!, 0) + (bias?.[i] ?? 0));
  }
  return { W, b };
}

export const linearCollapseDemo: Demo = {
  summary: 'stacked linear layers equal one affine map (checked on random inputs)',
  run(ctx) {
    const sizes = [3, 16, 16, 16, 2];
    const net = mlp(sizes, { activation: 'identity', seed: ctx.seed, dtype: 'float64' });
    const { W, b } = collapse(net.linears().map((l) => l.getWeights()));
    ctx.write(`mlp [${sizes.join(', ')}] with identity activations (${net.paramCount()} parameters)\n`);
    ctx.write(
      `collapses to one ${W.length}x${W[0]!.length} matrix and a bias (${W.length * W[0]!.length + b.length} numbers)\n`,
    );
    const rng = new Rng(ctx.seed + 1);
    const points = Array.from({ length: 256 }, () => Array.from({ length: sizes[0]! }, () => rng.normal()));
    const out = net.predict(fromRows(points, 'float64')).data;
    let maxDiff = 0;
    points.forEach((p, n) => {
      W.forEach((r, i) => {
        const affine = r.reduce((s, w, k) => s + w * p[k]!, 0) + b[i]!;
        maxDiff = Math.max(maxDiff, Math.abs(affine - out[n * W.length + i]!));
      });
    });
    ctx.write(
      `max |network − affine map| over 256 random inputs: ${maxDiff.toExponential(2)} (float64 rounding)\n`,
    );
    const ok = maxDiff < 1e-9;
    ctx.write(ok ? 'The claim holds.\n' : 'The claim did not hold.\n');
    return ok;
  },
};
