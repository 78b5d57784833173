/** Small float64 nets with weights drawn from a seeded Rng, and a slow reference for patterns. */
import { Activation } from '../../src/nn/activationLayer.js';
import type { ActivationName } from '../../src/nn/layer.js';
import { Linear } from '../../src/nn/linear.js';
import { Sequential } from '../../src/nn/sequential.js';
import { fromRows } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

export function randomRows(rng: Rng, rows: number, cols: number, scale = 1): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniformIn(-scale, scale)));
}

/** Linear/activation pairs of the given widths, the last Linear without activation. */
export function randomNet(
  widths: readonly number[],
  seed: number,
  activation: ActivationName = 'relu',
): Sequential {
  const rng = new Rng(seed);
  const layers = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const lin = new Linear(widths[l], widths[l + 1], { dtype: 'float64' });
    lin.setWeights(randomRows(rng, widths[l + 1], widths[l]), randomRows(rng, 1, widths[l + 1], 0.5)[0]);
    layers.push(lin);
    if (l + 2 < widths.length) layers.push(new Activation(widths[l + 1], activation, 'float64'));
  }
  return new Sequential(layers);
}

/**
 * The reference pattern: the engine's own forward pass (traceActivations),
 * each pre-activation placed against the activation's knots.
 */
export function forwardPattern(model: Sequential, x: readonly number[]): string {
  const records = model.traceActivations(fromRows([x as number[]], 'float64'));
  const knots: Record<string, number[]> = {
    relu: [0],
    leaky_relu: [0],
    hard_tanh: [-1, 1],
    hard_sigmoid: [-3, 3],
  };
  const parts: string[] = [];
  model.activationLayers().forEach((layer, i) => {
    const k = knots[layer.name];
    if (!k) return;
    let s = '';
    for (const v of records[i].pre.data) s += String(k.filter((t) => v > t).length);
    parts.push(s);
  });
  return parts.join('|');
}

export function forward(model: Sequential, x: readonly number[]): number[] {
  return Array.from(model.predict(fromRows([x as number[]], 'float64')).data);
}

export function area(polygon: readonly (readonly [number, number])[]): number {
  let s = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    s += x0 * y1 - x1 * y0;
  }
  return Math.abs(s) / 2;
}
