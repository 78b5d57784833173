/**
 * Signal propagation at initialisation. With zero biases and fan-in weight
 * variance σ²/n, a pre-activation of layer l+1 is a sum of n independent
 * terms, so for wide layers it is Gaussian with variance
 *   q_{l+1} = σ² · E_z[φ(√q_l · z)²],          z ~ N(0, 1),
 * and the gradient's variance changes from one layer to the one below by
 *   χ_l = σ² · E_z[φ'(√q_l · z)²].
 * ReLU halves E[φ²] (E[relu(√q z)²] = q/2), so σ² = 2 (He) keeps q fixed and
 * σ² = 1 (Xavier, LeCun, orthogonal) halves it every layer. The experiment
 * measures both passes in width-256 nets and sets them beside this recursion.
 */

import { activations } from '../../nn/activations.js';
import type { InitName } from '../../nn/init.js';
import type { ActivationName } from '../../nn/layer.js';
import { mlp } from '../../nn/mlp.js';
import { zeros } from '../../tensor/matrix.js';
import { Rng } from '../../tensor/rng.js';
import { type Chart, type Claim, type Stat, summarize } from './common.js';
import { round } from './universal.js';

export interface InitOptions {
  readonly width: number;
  readonly depth: number;
  readonly batch: number;
  readonly seeds: readonly number[];
  readonly activations: readonly ActivationName[];
  readonly inits: readonly InitName[];
}

export const initPresets: Record<'full' | 'quick' | 'test', InitOptions> = {
  full: {
    width: 256,
    depth: 30,
    batch: 256,
    seeds: [0, 1, 2, 3, 4],
    activations: ['relu', 'tanh', 'sigmoid', 'gelu'],
    inits: ['xavier_uniform', 'he_normal', 'lecun_normal', 'orthogonal'],
  },
  quick: {
    width: 256,
    depth: 20,
    batch: 64,
    seeds: [0, 1, 2],
    activations: ['relu', 'tanh'],
    // Orthogonal matrices of 256² by Gram–Schmidt cost seconds each: the full run has them.
    inits: ['xavier_uniform', 'he_normal', 'lecun_normal'],
  },
  test: {
    width: 256,
    depth: 20,
    batch: 64,
    seeds: [0, 1, 2, 3, 4],
    activations: ['relu'],
    inits: ['he_normal', 'xavier_uniform'],
  },
};

/** σ² = fan_in · Var(W) of each initialiser for a square layer, with the gains mlp() passes. */
export function weightScale(init: InitName, activation: ActivationName): number {
  const gain = activations[activation].gain(activations[activation].defaultAlpha);
  if (init === 'he_normal' || init === 'he_uniform') return gain * gain;
  return 1;
}

/** E_z[g(√q·z)] for z ~ N(0, 1), by the trapezoid rule on [−10, 10]. */
function gaussianMean(q: number, values: (x: Float64Array) => Float64Array): number {
  const n = 1001;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = -10 + (20 * i) / (n - 1);
  const x = z.map((v) => v * Math.sqrt(q));
  const g = values(x);
  let s = 0;
  for (let i = 0; i < n; i++) s += g[i] * Math.exp(-0.5 * z[i] * z[i]);
  return (s * (20 / (n - 1))) / Math.sqrt(2 * Math.PI);
}

export interface Prediction {
  /** Post-activation mean and variance per hidden layer. */
  readonly mean: number[];
  readonly variance: number[];
  /** Gradient variance at each hidden layer's output relative to the last hidden layer's. */
  readonly gradRelative: number[];
}

/** The mean-field recursion for a net fed inputs of unit variance. */
export function predictPropagation(activation: ActivationName, sigma2: number, depth: number): Prediction {
  const def = activations[activation];
  const alpha = def.defaultAlpha;
  const phi = (x: Float64Array) => {
    const y = new Float64Array(x.length);
    def.forward(y, x, x.length, alpha);
    return y;
  };
  const dphi = (x: Float64Array) => {
    const dx = new Float64Array(x.length);
    def.backward(dx, new Float64Array(x.length).fill(1), x, phi(x), x.length, alpha);
    return dx;
  };
  const mean: number[] = [];
  const variance: number[] = [];
  const chi: number[] = [];
  let q = sigma2;
  for (let l = 0; l < depth; l++) {
    const m = gaussianMean(q, phi);
    const second = gaussianMean(q, (x) => phi(x).map((v) => v * v));
    mean.push(m);
    variance.push(second - m * m);
    chi.push(sigma2 * gaussianMean(q, (x) => dphi(x).map((v) => v * v)));
    q = sigma2 * second;
  }
  // Gradient at layer l's output reaches layer l−1's output through χ of layer l's pre-activations.
  const gradRelative = new Array<number>(depth).fill(1);
  for (let l = depth - 2; l >= 0; l--) gradRelative[l] = gradRelative[l + 1] * chi[l + 1];
  return { mean, variance, gradRelative };
}

export interface Measured {
  readonly mean: Stat[];
  readonly variance: Stat[];
  readonly gradRelative: Stat[];
}

/** Forward and backward through a fresh net, layer by layer, for each seed. */
export function measurePropagation(
  activation: ActivationName,
  init: InitName,
  o: Pick<InitOptions, 'width' | 'depth' | 'batch' | 'seeds'>,
): Measured {
  const runs = o.seeds.map((seed) => {
    const model = mlp([o.width, ...new Array<number>(o.depth).fill(o.width), 1], { activation, init, seed });
    const rng = new Rng(seed + 977);
    const x = zeros(o.batch, o.width, 'float32');
    rng.fillNormal(x.data, 0, 1);
    let h = x;
    const mean: number[] = [];
    const variance: number[] = [];
    for (const layer of model.layers) {
      h = layer.forward(h, { training: false });
      if (layer.kind === 'activation') {
        const [m, v] = moments(h.data);
        mean.push(m);
        variance.push(v);
      }
    }
    let g = zeros(o.batch, 1, 'float32');
    rng.fillNormal(g.data, 0, 1);
    const grads: number[] = [];
    for (let k = model.layers.length - 1; k > 0; k--) {
      const layer = model.layers[k];
      g = layer.backward(g, true) as typeof g;
      if (layer.kind === 'linear') {
        const [m, v] = moments(g.data);
        grads.unshift(v + m * m);
      }
    }
    const last = grads[grads.length - 1];
    return { mean, variance, gradRelative: grads.map((v) => v / last) };
  });
  const per = (key: 'mean' | 'variance' | 'gradRelative') =>
    runs[0][key].map((_, l) => summarize(runs.map((r) => r[key][l])));
  return { mean: per('mean'), variance: per('variance'), gradRelative: per('gradRelative') };
}

function moments(a: ArrayLike<number>): [number, number] {
  let s = 0;
  let sq = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i];
    sq += a[i] * a[i];
  }
  const m = s / a.length;
  return [m, sq / a.length - m * m];
}

export interface InitCase {
  readonly activation: ActivationName;
  readonly init: InitName;
  readonly sigma2: number;
  readonly measured: Measured;
  readonly predicted: Prediction;
}

export interface InitResult {
  readonly experiment: 'init';
  readonly options: InitOptions;
  readonly cases: readonly InitCase[];
  readonly claims: readonly Claim[];
  readonly charts: readonly Chart[];
}

export function runInit(o: InitOptions): InitResult {
  const cases: InitCase[] = [];
  for (const activation of o.activations)
    for (const init of o.inits) {
      const sigma2 = weightScale(init, activation);
      cases.push({
        activation,
        init,
        sigma2,
        measured: measurePropagation(activation, init, o),
        predicted: predictPropagation(activation, sigma2, o.depth),
      });
    }
  const claims: Claim[] = [];
  const he = cases.find((c) => c.activation === 'relu' && c.init === 'he_normal');
  if (he) {
    const v = he.measured.variance.map((s) => s.mean);
    const spread = Math.max(...v) / Math.min(...v);
    claims.push({
      name: `He keeps ReLU activation variance steady over ${o.depth} layers (largest over smallest layer variance)`,
      measured: round(spread),
      expected: '< 2',
      holds: spread < 2,
    });
  }
  const xavier = cases.find((c) => c.activation === 'relu' && c.init === 'xavier_uniform');
  if (xavier) {
    const v = xavier.measured.variance;
    const ratio = v[v.length - 1].mean / v[0].mean;
    const predicted = xavier.predicted.variance[o.depth - 1] / xavier.predicted.variance[0];
    claims.push({
      name: `Xavier halves ReLU activation variance per layer: last over first layer after ${o.depth} layers`,
      measured: round(ratio),
      expected: `2^−${o.depth - 1} = ${round(predicted)} (within a factor of 2)`,
      holds: ratio > predicted / 2 && ratio < predicted * 2,
    });
  }
  const worst = Math.max(
    ...cases.map((c) =>
      Math.max(...c.measured.variance.map((s, l) => Math.abs(Math.log(s.mean / c.predicted.variance[l])))),
    ),
  );
  claims.push({
    name: 'largest gap between measured and predicted activation variance over every layer, activation and initialiser',
    measured: `factor ${round(Math.exp(worst))}`,
    expected: '< 1.5 (finite width 256 and a finite batch)',
    holds: Math.exp(worst) < 1.5,
  });

  const layers = Array.from({ length: o.depth }, (_, l) => l + 1);
  const charts: Chart[] = o.activations.flatMap((activation) => {
    const mine = cases.filter((c) => c.activation === activation);
    return [
      {
        name: `init-forward-${activation}`,
        title: `${activation}: post-activation variance by depth (measured ± sd over ${o.seeds.length} seeds; dashed: predicted)`,
        x: { label: 'hidden layer' },
        y: { label: 'variance', log: true },
        series: mine.flatMap((c) => [
          {
            label: c.init,
            x: layers,
            y: c.measured.variance.map((s) => s.mean),
            lower: c.measured.variance.map((s) => Math.max(s.min, s.mean - s.std)),
            upper: c.measured.variance.map((s) => s.mean + s.std),
          },
          { label: `${c.init} predicted`, x: layers, y: c.predicted.variance, dashed: true },
        ]),
      },
      {
        name: `init-backward-${activation}`,
        title: `${activation}: gradient variance by depth, relative to the last hidden layer (dashed: predicted)`,
        x: { label: 'hidden layer' },
        y: { label: 'relative gradient variance', log: true },
        series: mine.flatMap((c) => [
          { label: c.init, x: layers, y: c.measured.gradRelative.map((s) => s.mean) },
          { label: `${c.init} predicted`, x: layers, y: c.predicted.gradRelative, dashed: true },
        ]),
      },
    ];
  });
  return { experiment: 'init', options: o, cases, claims, charts };
}
