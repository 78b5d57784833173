/**
 * Training health, one step at a time: per-layer gradient norms, the size of
 * each update relative to its weights, dead ReLU units and saturated
 * sigmoid/tanh units. The gradflow experiment records these over a run; the
 * playground's health panel calls the same functions after each step.
 */
import type { Sequential } from '../nn/sequential.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Matrix } from '../tensor/matrix.js';
import type { Loss } from '../train/losses/index.js';

export interface LayerHealth {
  /** Path of the Linear layer's weight, e.g. '0.weight' or '2.0.weight' inside a residual block. */
  readonly path: string;
  /** ‖∂L/∂W‖ (Frobenius) of the latest backward. */
  readonly gradNorm: number;
  readonly weightNorm: number;
  /** ‖ΔW‖/‖W‖ of the latest update (null before the first one is measured); around 1e-3 is the usual healthy size. */
  readonly updateRatio: number | null;
}

export interface ActivationHealth {
  readonly path: string;
  readonly activation: string;
  /** ReLU: share of units whose input is ≤ 0 on every row of the batch (they pass no gradient). Null for other activations. */
  readonly deadFraction: number | null;
  /** sigmoid/tanh (and their hard forms): share of outputs within 2% of a bound, where the derivative is nearly 0. Null otherwise. */
  readonly saturatedFraction: number | null;
  readonly mean: number;
  readonly variance: number;
}

export interface HealthStep {
  readonly step: number;
  readonly loss: number;
  readonly layers: readonly LayerHealth[];
  readonly activations: readonly ActivationHealth[];
}

function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** The weight matrix of every Linear layer, in forward order, with its path. */
export function linearWeights(model: Sequential): { path: string; value: Matrix; grad: Matrix }[] {
  return model
    .namedParams()
    .filter(({ param, layer }) => layer.kind === 'linear' && param.name === 'weight')
    .map(({ path, param }) => ({ path, value: param.value, grad: param.grad }));
}

/** Per-layer gradient and weight norms after a backward; with `before` (weights before the update), the update ratio. */
export function layerHealth(
  model: Sequential,
  before?: readonly Float32Array[] | readonly Float64Array[],
): LayerHealth[] {
  return linearWeights(model).map(({ path, value, grad }, k) => {
    const weightNorm = norm(value.data);
    let updateRatio: number | null = null;
    if (before) {
      const prev = before[k];
      let s = 0;
      for (let i = 0; i < prev.length; i++) s += (value.data[i] - prev[i]) ** 2;
      updateRatio = Math.sqrt(s) / norm(prev);
    }
    return { path, gradNorm: norm(grad.data), weightNorm, updateRatio };
  });
}

/** Copies of the Linear weights, to pass to layerHealth after the update. */
export function snapshotWeights(model: Sequential): Float32Array[] | Float64Array[] {
  return linearWeights(model).map(({ value }) => value.data.slice()) as Float32Array[] | Float64Array[];
}

const BOUNDS: Record<string, readonly [number, number]> = {
  sigmoid: [0, 1],
  hard_sigmoid: [0, 1],
  tanh: [-1, 1],
  hard_tanh: [-1, 1],
};

/** Dead and saturated units and the activations' moments on a batch (an evaluation forward). */
export function activationHealth(model: Sequential, x: Matrix): ActivationHealth[] {
  const layers = model.activationLayers();
  return model.traceActivations(x).map(({ path, pre, post }, k) => {
    const name = layers[k].name;
    const n = post.data.length;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      sum += post.data[i];
      sq += post.data[i] * post.data[i];
    }
    const mean = sum / n;
    let deadFraction: number | null = null;
    if (name === 'relu') {
      let dead = 0;
      for (let j = 0; j < pre.cols; j++) {
        let alive = false;
        for (let i = 0; i < pre.rows && !alive; i++) alive = pre.data[i * pre.cols + j] > 0;
        if (!alive) dead++;
      }
      deadFraction = dead / pre.cols;
    }
    let saturatedFraction: number | null = null;
    const bounds = BOUNDS[name];
    if (bounds) {
      const margin = 0.02 * (bounds[1] - bounds[0]);
      let saturated = 0;
      for (let i = 0; i < n; i++)
        if (post.data[i] < bounds[0] + margin || post.data[i] > bounds[1] - margin) saturated++;
      saturatedFraction = saturated / n;
    }
    return { path, activation: name, deadFraction, saturatedFraction, mean, variance: sq / n - mean * mean };
  });
}

/**
 * Share of the gradient norm² held by the top `fraction` of hidden units,
 * a unit's share being the squared gradient of its incoming weights and bias.
 * Near `fraction` means spread evenly; near 1 means a few units take it all.
 */
export function gradientConcentration(model: Sequential, fraction = 0.01): number {
  const units: number[] = [];
  const linears = model.linears();
  for (let k = 0; k < linears.length - 1; k++) {
    const l = linears[k];
    const g = l.weight.grad;
    const b = l.bias?.grad;
    for (let r = 0; r < g.rows; r++) {
      let s = b ? b.data[r] ** 2 : 0;
      for (let c = 0; c < g.cols; c++) s += g.data[r * g.cols + c] ** 2;
      units.push(s);
    }
  }
  units.sort((a, b) => b - a);
  const top = Math.max(1, Math.round(fraction * units.length));
  const total = units.reduce((s, v) => s + v, 0);
  return total > 0 ? units.slice(0, top).reduce((s, v) => s + v, 0) / total : 0;
}

/**
 * One training step that measures itself: forward, loss, backward, the raw
 * gradients read before the optimizer rewrites them (clipping, decay), the
 * update, then the update ratios and the batch's activation health.
 */
export function healthStep(
  model: Sequential,
  loss: Loss,
  optimizer: Optimizer,
  x: Matrix,
  y: Matrix,
  lr: number,
  step: number,
): HealthStep & { concentration: number } {
  const value = loss.forward(model.forward(x, { training: true }), y);
  model.backward(loss.backward());
  const grads = layerHealth(model);
  const concentration = gradientConcentration(model);
  const before = snapshotWeights(model);
  optimizer.step(lr);
  const after = layerHealth(model, before);
  return {
    step,
    loss: value,
    layers: grads.map((g, k) => ({ ...g, updateRatio: after[k].updateRatio })),
    activations: activationHealth(model, x),
    concentration,
  };
}
