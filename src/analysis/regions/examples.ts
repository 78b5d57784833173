/**
 * The nets the regions demo and benchmark measure: seeded float64 ReLU MLPs
 * with He-initialised weights and biases drawn uniformly, so that the
 * hyperplanes are in general position (with probability 1) and do not all
 * pass through the origin, as zero-initialised biases would make them.
 */
import { mlp } from '../../nn/mlp.js';
import type { Sequential } from '../../nn/sequential.js';
import { Rng } from '../../tensor/rng.js';

export function randomReluNet(widths: readonly number[], seed: number, biasScale = 0.5): Sequential {
  const model = mlp(widths, { dtype: 'float64', seed });
  const rng = new Rng(seed + 1);
  for (const l of model.linears()) if (l.bias) rng.fillUniform(l.bias.value.data, -biasScale, biasScale);
  return model;
}

/**
 * Half the side of a square centred at the origin that holds every crossing
 * of two first-layer lines of a 2-input net, doubled for margin: over it a
 * one-hidden-layer net shows every region of its arrangement.
 */
export function crossingRadius(model: Sequential): number {
  const { weight: W, bias } = model.linears()[0].getWeights();
  if (W[0].length !== 2) throw new Error(`crossingRadius needs a model of 2 inputs, got ${W[0].length}`);
  const b = bias ?? W.map(() => 0);
  let r = 1;
  for (let i = 0; i < W.length; i++) {
    for (let j = i + 1; j < W.length; j++) {
      const det = W[i][0] * W[j][1] - W[i][1] * W[j][0];
      if (det === 0) continue;
      const x = (-b[i] * W[j][1] + b[j] * W[i][1]) / det;
      const y = (-b[j] * W[i][0] + b[i] * W[j][0]) / det;
      r = Math.max(r, Math.abs(x), Math.abs(y));
    }
  }
  return 2 * r;
}
