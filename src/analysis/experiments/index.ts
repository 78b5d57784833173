/**
 * Every experiment by name, with the line the CLI lists, the paragraph the
 * report prints beside its figures, and a runner at three sizes: 'full' for
 * the report, 'quick' for a look in seconds, 'test' for the test suite.
 */
import type { Chart, Claim, JobRunner } from './common.js';
import { depthWidthPresets, runDepthWidth } from './depthWidth.js';
import { gradflowPresets, runGradflow } from './gradflow.js';
import { initPresets, runInit } from './init.js';
import { type ProbeSet, probesPresets, runProbes } from './probes.js';
import { regularisationPresets, runRegularisation } from './regularisation.js';
import { runSchedules, schedulesPresets } from './schedules.js';
import { runSpectral, spectralPresets } from './spectral.js';
import { runUniversal, universalPresets } from './universal.js';

export type ExperimentSize = 'full' | 'quick' | 'test';

export interface ExperimentResult {
  readonly experiment: string;
  readonly claims: readonly Claim[];
  readonly charts: readonly Chart[];
}

export interface ExperimentContext {
  readonly size: ExperimentSize;
  /** Shifts every seed the experiment uses. */
  readonly seed: number;
  /** Extra classification sets for the probes (Fashion-MNIST, loaded by a Node caller). */
  readonly probeSets?: readonly ProbeSet[];
  /** Runs the fit jobs of universal and depth-vs-width (a Node caller passes a worker pool); in-process when absent. */
  readonly runner?: JobRunner;
}

export interface Experiment {
  readonly summary: string;
  readonly explanation: string;
  run(ctx: ExperimentContext): Promise<ExperimentResult>;
}

const shift = (seeds: readonly number[], by: number) => seeds.map((s) => s + by);

export const experiments: Record<string, Experiment> = {
  universal: {
    summary: 'test error against hidden width per activation and target, with the fitted log–log slope',
    explanation:
      'One hidden layer of width k, trained on 1D targets. A ReLU layer of width k can represent the piecewise-linear interpolant with k pieces, whose error on a smooth target falls as k^−2 (dashed). Trained nets fall more slowly: what they reach is limited by optimisation, not by what the width can express.',
    run: ({ size, seed, runner }) => {
      const o = universalPresets[size];
      return runUniversal({ ...o, seeds: shift(o.seeds, seed) }, runner);
    },
  },
  'depth-vs-width': {
    summary:
      'equal parameter budgets, shallow against deep: sawtooth (constructed and trained), compositional and smooth targets',
    explanation:
      'The sawtooth with 2^n pieces is n composed tent maps: a width-2 net of depth n builds it exactly with 6n + 1 parameters, while one hidden layer needs a unit per piece (3·2^n + 1 parameters). Trained nets at equal budgets, and on binary-tree compositions of a two-input function (Mhaskar–Poggio) and a smooth bump, show what gradient descent finds at each shape. Trained from random initialisation, neither shape finds the many-piece sawtooth at these budgets, though the constructions show the deep one can represent it exactly: expressible is not the same as learnable.',
    run: ({ size, seed, runner }) => {
      const o = depthWidthPresets[size];
      return runDepthWidth({ ...o, seeds: shift(o.seeds, seed) }, runner);
    },
  },
  probes: {
    summary: 'linear-probe accuracy per layer over training (Alain & Bengio)',
    explanation:
      'A softmax regression fitted to each layer’s activations, the network frozen, at several epochs. On sets no line separates, the input probe stays near chance while the deeper layers become linearly separable as training proceeds.',
    run: async ({ size, seed, probeSets }) => {
      const o = probesPresets[size];
      return runProbes({ ...o, seed: o.seed + seed }, probeSets ?? []);
    },
  },
  gradflow: {
    summary:
      'per-layer gradient norms, update ratios, dead and saturated units: deep sigmoid, He ReLU, residual + LayerNorm',
    explanation:
      'Back-propagation multiplies by Wᵀ·diag(φ′) at every layer. Sigmoid’s φ′ ≤ ¼ makes the gradient of a 10-layer net vanish towards the input; He-initialised ReLU keeps it steady, and residual blocks add an identity path. The last figure compares the gradient’s concentration in the top 1% of units for one wide layer and a deep residual net of equal size.',
    run: async ({ size, seed }) => {
      const o = gradflowPresets[size];
      return runGradflow({ ...o, seeds: shift(o.seeds, seed) });
    },
  },
  init: {
    summary:
      'activation and gradient variance by depth under Xavier, He, LeCun and orthogonal initialisation',
    explanation:
      'Width-256 nets at initialisation, input of unit variance. The mean-field recursion q′ = σ²·E[φ(√q·z)²] predicts each layer’s variance (dashed): He’s σ² = 2 keeps ReLU’s variance fixed, σ² = 1 halves it per layer. Gradients follow χ = σ²·E[φ′(√q·z)²] per layer.',
    run: async ({ size, seed }) => {
      const o = initPresets[size];
      return runInit({ ...o, seeds: shift(o.seeds, seed) });
    },
  },
  spectral: {
    summary: 'spectral bias: low frequencies are learned first; Fourier features change that',
    explanation:
      'A ReLU net fitted to a sum of sines. The residual’s Fourier amplitude at each frequency, relative to the target’s, shows the low frequencies fall first and the high ones much later (Rahaman et al. 2019). With Gaussian Fourier features of the input (Tancik et al. 2020) every frequency is learned within a few steps.',
    run: async ({ size, seed }) => {
      const o = spectralPresets[size];
      return runSpectral({ ...o, seed: o.seed + seed });
    },
  },
  regularisation: {
    summary: 'none, L2, dropout, early stopping and spectral norm on a small noisy set',
    explanation:
      'An over-parameterised net on 20 noisy points of sin(πx). Unregularised, it drives the training error below the noise and bends through the points; each regulariser accepts more training error for a function closer to the truth.',
    run: async ({ size, seed }) => {
      const o = regularisationPresets[size];
      return runRegularisation({ ...o, seed: o.seed + seed });
    },
  },
  schedules: {
    summary: 'StepLR, cosine with warm restarts and one-cycle: learning rate and loss together',
    explanation:
      'One task (3-arm spirals, SGD with momentum), four learning-rate schedules. Lowering the rate late lets SGD settle where a constant rate keeps bouncing; each warm restart shows as a loss bump.',
    run: async ({ size, seed }) => {
      const o = schedulesPresets[size];
      return runSchedules({ ...o, seed: o.seed + seed });
    },
  },
};
