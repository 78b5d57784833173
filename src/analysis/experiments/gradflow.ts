/**
 * Gradient flow through depth. Back-propagation multiplies the gradient by
 * Wᵀ·diag(φ'(z)) at every layer; sigmoid's φ' ≤ ¼ shrinks it layer after
 * layer, so a 10-layer sigmoid net's first layer gets a gradient orders of
 * magnitude below its last. He-initialised ReLU keeps the product near 1 at
 * initialisation, and a residual block adds an identity path the gradient
 * passes unchanged (LayerNorm keeps the forward scale in check). The second
 * part compares how concentrated the gradient is (the share of its norm² in
 * the top 1% of hidden units) in one very wide layer and in a deep residual
 * net with the same number of parameters.
 */
import { generateSynthetic } from '../../data/synthetic.js';
import type { ActivationName } from '../../nn/layer.js';
import { mlp } from '../../nn/mlp.js';
import type { Sequential } from '../../nn/sequential.js';
import { Optimizer } from '../../optim/optimizer.js';
import { gatherRows } from '../../tensor/matrix.js';
import { Rng } from '../../tensor/rng.js';
import { createLoss } from '../../train/losses/index.js';
import { type HealthStep, healthStep } from '../health.js';
import { type Chart, type Claim, denseParamCount, geomean, type Stat, summarize } from './common.js';
import { round } from './universal.js';

export interface GradflowOptions {
  readonly depth: number;
  readonly width: number;
  readonly steps: number;
  /** Record health every this many steps. */
  readonly every: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly seeds: readonly number[];
  /** Hidden width of the single wide layer; the residual net gets the same parameter count. */
  readonly wideWidth: number;
  readonly residualDepth: number;
}

export const gradflowPresets: Record<'full' | 'quick' | 'test', GradflowOptions> = {
  full: {
    depth: 10,
    width: 32,
    steps: 300,
    every: 10,
    batchSize: 64,
    lr: 0.05,
    seeds: [0, 1, 2, 3, 4],
    wideWidth: 2048,
    residualDepth: 8,
  },
  quick: {
    depth: 10,
    width: 32,
    steps: 120,
    every: 10,
    batchSize: 64,
    lr: 0.05,
    seeds: [0, 1],
    wideWidth: 512,
    residualDepth: 6,
  },
  test: {
    depth: 10,
    width: 32,
    steps: 40,
    every: 10,
    batchSize: 64,
    lr: 0.05,
    seeds: [0, 1],
    wideWidth: 512,
    residualDepth: 4,
  },
};

interface NetSpec {
  readonly name: string;
  readonly build: (seed: number) => Sequential;
}

function nets(o: GradflowOptions): NetSpec[] {
  const sizes = [2, ...new Array<number>(o.depth).fill(o.width), 3];
  const plain = (activation: ActivationName) => (seed: number) => mlp(sizes, { activation, seed });
  return [
    { name: `sigmoid ×${o.depth} (Xavier)`, build: plain('sigmoid') },
    { name: `ReLU ×${o.depth} (He)`, build: plain('relu') },
    {
      name: `residual ReLU + LayerNorm ×${o.depth}`,
      build: (seed) => mlp(sizes, { activation: 'relu', residual: true, norm: 'layer', seed }),
    },
  ];
}

/**
 * Global gradient-norm clipping keeps SGD from diverging on an unlucky seed;
 * health is read from the raw gradients, before the optimizer clips them.
 */
const CLIP = 1;

/** Records health while training on 3-arm spirals with SGD (momentum 0.9), the optimizer that feels gradient scale. */
function trainRecording(model: Sequential, o: GradflowOptions, seed: number): HealthStep[] {
  const rng = new Rng(seed + 31);
  const data = generateSynthetic('spirals', { n: 600, rng, classes: 3 });
  const loss = createLoss('cross_entropy');
  const optimizer = new Optimizer(model, { name: 'sgd', lr: o.lr, momentum: 0.9, clipNorm: CLIP });
  const idx = new Uint32Array(o.batchSize);
  const out: HealthStep[] = [];
  for (let step = 0; step < o.steps; step++) {
    for (let i = 0; i < idx.length; i++) idx[i] = rng.int(data.x.rows);
    const x = gatherRows(data.x, idx);
    const y = gatherRows(data.y, idx);
    const h = healthStep(model, loss, optimizer, x, y, o.lr, step);
    if (step % o.every === 0 || step === o.steps - 1) out.push(h);
  }
  return out;
}

export interface GradflowNet {
  readonly name: string;
  /** Per Linear layer (input side first): gradient norm, geometric mean over the recorded steps, then over seeds. */
  readonly gradNormByLayer: readonly Stat[];
  readonly updateRatioByLayer: readonly Stat[];
  /**
   * ‖∇W‖ of the first hidden-to-hidden layer over that of the last one, per
   * seed (geometric mean over recorded steps). Both are width × width: the
   * input and output layers have other shapes, whose norms differ for that
   * reason alone.
   */
  readonly firstOverLast: Stat;
  readonly steps: readonly number[];
  /** Seed 0's trace: first and last layer's gradient norm, dead and saturated fractions (mean over layers), loss. */
  readonly trace: {
    readonly first: readonly number[];
    readonly last: readonly number[];
    readonly dead: readonly (number | null)[];
    readonly saturated: readonly (number | null)[];
    readonly loss: readonly number[];
  };
}

export interface GradflowResult {
  readonly experiment: 'gradflow';
  readonly options: GradflowOptions;
  readonly nets: readonly GradflowNet[];
  readonly concentration: {
    readonly wide: { sizes: number[]; params: number; topShare: Stat };
    readonly residual: { sizes: number[]; params: number; topShare: Stat };
  };
  readonly claims: readonly Claim[];
  readonly charts: readonly Chart[];
}

const meanOf = (vs: readonly (number | null)[]): number | null => {
  const xs = vs.filter((v): v is number => v !== null);
  return xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : null;
};

/** Width of a residual net of `depth` hidden layers with at most `params` parameters. */
function residualWidthFor(depth: number, params: number): number {
  let w = 1;
  while (
    denseParamCount([2, ...new Array<number>(depth).fill(w + 1), 3]) + 2 * (w + 1) * (depth - 1) <=
    params
  )
    w++;
  return w;
}

export function runGradflow(o: GradflowOptions): GradflowResult {
  const results: GradflowNet[] = nets(o).map(({ name, build }) => {
    const runs = o.seeds.map((seed) => trainRecording(build(seed), o, seed));
    const layers = runs[0][0].layers.length;
    const perSeed = (f: (h: HealthStep) => number) => runs.map((trace) => geomean(trace.map(f)));
    const gradNormByLayer = Array.from({ length: layers }, (_, k) =>
      summarize(perSeed((h) => h.layers[k].gradNorm)),
    );
    const updateRatioByLayer = Array.from({ length: layers }, (_, k) =>
      summarize(perSeed((h) => h.layers[k].updateRatio ?? Number.NaN)),
    );
    const [first, last] = [1, layers - 2];
    const firstOverLast = summarize(perSeed((h) => h.layers[first].gradNorm / h.layers[last].gradNorm));
    const t0 = runs[0];
    return {
      name,
      gradNormByLayer,
      updateRatioByLayer,
      firstOverLast,
      steps: t0.map((h) => h.step),
      trace: {
        first: t0.map((h) => h.layers[first].gradNorm),
        last: t0.map((h) => h.layers[last].gradNorm),
        dead: t0.map((h) => meanOf(h.activations.map((a) => a.deadFraction))),
        saturated: t0.map((h) => meanOf(h.activations.map((a) => a.saturatedFraction))),
        loss: t0.map((h) => h.loss),
      },
    };
  });

  const wideSizes = [2, o.wideWidth, 3];
  const wideParams = denseParamCount(wideSizes);
  const rw = residualWidthFor(o.residualDepth, wideParams);
  const resSizes = [2, ...new Array<number>(o.residualDepth).fill(rw), 3];
  const concentrationOf = (build: (seed: number) => Sequential) =>
    summarize(
      o.seeds.map((seed) => {
        const model = build(seed);
        const rng = new Rng(seed + 31);
        const data = generateSynthetic('spirals', { n: 600, rng, classes: 3 });
        const loss = createLoss('cross_entropy');
        const optimizer = new Optimizer(model, { name: 'sgd', lr: o.lr, momentum: 0.9, clipNorm: CLIP });
        const idx = new Uint32Array(o.batchSize);
        const shares: number[] = [];
        for (let step = 0; step < o.steps; step++) {
          for (let i = 0; i < idx.length; i++) idx[i] = rng.int(data.x.rows);
          const h = healthStep(
            model,
            loss,
            optimizer,
            gatherRows(data.x, idx),
            gatherRows(data.y, idx),
            o.lr,
            step,
          );
          if (step % o.every === 0) shares.push(h.concentration);
        }
        return shares.reduce((s, v) => s + v, 0) / shares.length;
      }),
    );
  const wide = (seed: number) => mlp(wideSizes, { activation: 'relu', seed });
  const residual = (seed: number) =>
    mlp(resSizes, { activation: 'relu', residual: true, norm: 'layer', seed });
  const concentration = {
    wide: { sizes: wideSizes, params: wideParams, topShare: concentrationOf(wide) },
    residual: { sizes: resSizes, params: residual(0).paramCount(), topShare: concentrationOf(residual) },
  };

  const [sigmoid, relu, res] = results;
  const claims: Claim[] = [
    {
      name: `${sigmoid.name}: first over last hidden-to-hidden layer's gradient norm`,
      measured: round(sigmoid.firstOverLast.mean),
      expected: '< 1e-2: vanishes (each sigmoid layer multiplies by at most ¼ times the weights)',
      holds: sigmoid.firstOverLast.max < 1e-2,
    },
    {
      name: `${res.name}: first over last hidden-to-hidden layer's gradient norm`,
      measured: round(res.firstOverLast.mean),
      expected: '> 0.1: the identity path carries the gradient',
      holds: res.firstOverLast.min > 0.1,
    },
    {
      name: `${relu.name}: first over last hidden-to-hidden layer's gradient norm`,
      measured: round(relu.firstOverLast.mean),
      expected: '> 0.1: He initialisation keeps the backward gain near 1',
      holds: relu.firstOverLast.min > 0.1,
    },
    {
      name: `share of gradient norm² in the top 1% of hidden units: one layer of ${o.wideWidth} vs residual ${resSizes.join('-')}`,
      measured: `${round(concentration.wide.topShare.mean)} vs ${round(concentration.residual.topShare.mean)}`,
      expected: 'both above 0.01 (uniform); which is larger is the measurement',
      holds: concentration.wide.topShare.mean > 0.01 && concentration.residual.topShare.mean > 0.01,
    },
  ];

  const band = (ss: readonly Stat[]) => ({
    y: ss.map((s) => s.mean),
    lower: ss.map((s) => Math.max(s.min, s.mean - s.std)),
    upper: ss.map((s) => s.mean + s.std),
  });
  const charts: Chart[] = [
    {
      name: 'gradflow-by-layer',
      title: 'Gradient norm by layer (geometric mean over training, ± sd over seeds)',
      x: { label: 'Linear layer (1 = input side)' },
      y: { label: '‖∂L/∂W‖', log: true },
      series: results.map((r) => ({
        label: r.name,
        x: r.gradNormByLayer.map((_, k) => k + 1),
        ...band(r.gradNormByLayer),
      })),
    },
    {
      name: 'gradflow-update-ratio',
      title: 'Update size relative to weights by layer',
      x: { label: 'Linear layer (1 = input side)' },
      y: { label: '‖ΔW‖/‖W‖', log: true },
      series: results.map((r) => ({
        label: r.name,
        x: r.updateRatioByLayer.map((_, k) => k + 1),
        ...band(r.updateRatioByLayer),
      })),
    },
    {
      name: 'gradflow-over-training',
      title: 'First (solid) and last (dashed) hidden-to-hidden layer: gradient norm over training, seed 0',
      x: { label: 'step' },
      y: { label: '‖∂L/∂W‖', log: true },
      series: results.flatMap((r) => [
        { label: `${r.name}: first`, x: r.steps, y: r.trace.first },
        { label: `${r.name}: last`, x: r.steps, y: r.trace.last, dashed: true },
      ]),
    },
    {
      name: 'gradflow-units',
      title: 'Dead ReLU units and saturated sigmoid units over training (mean over layers, seed 0)',
      x: { label: 'step' },
      y: { label: 'fraction of units' },
      series: results.flatMap((r) => {
        const series = [];
        if (r.trace.dead[0] !== null)
          series.push({ label: `${r.name}: dead`, x: r.steps, y: r.trace.dead as number[] });
        if (r.trace.saturated[0] !== null)
          series.push({ label: `${r.name}: saturated`, x: r.steps, y: r.trace.saturated as number[] });
        return series;
      }),
    },
  ];
  return { experiment: 'gradflow', options: o, nets: results, concentration, claims, charts };
}
