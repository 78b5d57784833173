/**
 * Linear probes through training: a net learns on a classification set; at
 * several epochs (the first before any step) a softmax probe is fitted to the
 * input and to every hidden layer's activations. On sets no line separates
 * (circles, spirals) the input probe stays near chance and the probes rise
 * with depth as training bends the data into linearly separable layers.
 */
import type { Dataset } from '../../data/dataset.js';
import { trainTestSplit } from '../../data/split.js';
import { generateSynthetic, type SyntheticName } from '../../data/synthetic.js';
import type { ActivationName } from '../../nn/layer.js';
import { mlp } from '../../nn/mlp.js';
import { Rng } from '../../tensor/rng.js';
import { fit } from '../../train/fit.js';
import { classAccuracy } from '../../train/metrics.js';
import { type ProbeOptions, type ProbeResult, probeLayers } from '../probe.js';
import type { Chart, Claim } from './common.js';
import { round } from './universal.js';

export interface ProbeSet {
  readonly name: string;
  readonly train: Dataset;
  readonly test: Dataset;
}

export interface ProbesOptions {
  /** Synthetic 2D sets to generate; other sets (Fashion-MNIST) come in through runProbes' extra argument. */
  readonly synthetic: readonly SyntheticName[];
  readonly samples: number;
  readonly hidden: readonly number[];
  readonly activation: ActivationName;
  readonly epochs: number;
  /** Epochs after which to probe (0 = before training). */
  readonly probeAt: readonly number[];
  readonly lr: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly probe: ProbeOptions;
}

export const probesPresets: Record<'full' | 'quick' | 'test', ProbesOptions> = {
  full: {
    synthetic: ['circles', 'spirals', 'moons', 'xor'],
    samples: 1000,
    hidden: [32, 32, 32, 32],
    activation: 'relu',
    epochs: 200,
    probeAt: [0, 5, 20, 50, 200],
    lr: 1e-2,
    batchSize: 64,
    seed: 0,
    probe: { epochs: 150 },
  },
  quick: {
    synthetic: ['circles', 'spirals'],
    samples: 600,
    hidden: [32, 32, 32],
    activation: 'relu',
    epochs: 120,
    probeAt: [0, 10, 120],
    lr: 1e-2,
    batchSize: 64,
    seed: 0,
    probe: { epochs: 80 },
  },
  test: {
    synthetic: ['spirals'],
    samples: 400,
    hidden: [16, 16, 16],
    activation: 'relu',
    epochs: 80,
    probeAt: [0, 80],
    lr: 1e-2,
    batchSize: 64,
    seed: 0,
    probe: { epochs: 60 },
  },
};

export interface ProbeSnapshot {
  readonly epoch: number;
  readonly layers: readonly ProbeResult[];
}

export interface ProbeSetResult {
  readonly set: string;
  readonly snapshots: readonly ProbeSnapshot[];
  readonly netTestAccuracy: number;
}

export interface ProbesResult {
  readonly experiment: 'probes';
  readonly options: ProbesOptions;
  readonly sets: readonly ProbeSetResult[];
  readonly claims: readonly Claim[];
  readonly charts: readonly Chart[];
}

export function syntheticProbeSets(o: ProbesOptions): ProbeSet[] {
  return o.synthetic.map((name) => {
    const rng = new Rng(o.seed + 17);
    const data = generateSynthetic(name, { n: o.samples, rng });
    const { train, test } = trainTestSplit(data, 0.3, rng);
    return { name, train, test };
  });
}

function probeThroughTraining(set: ProbeSet, o: ProbesOptions): ProbeSetResult {
  const classes = set.train.classes?.length ?? 2;
  const model = mlp([set.train.x.cols, ...o.hidden, classes], { activation: o.activation, seed: o.seed });
  const probe = { ...o.probe, seed: o.seed };
  const snapshots: ProbeSnapshot[] = [];
  if (o.probeAt.includes(0))
    snapshots.push({ epoch: 0, layers: probeLayers(model, set.train, set.test, probe) });
  // Two-class sets too get two logits and cross-entropy, so every set has the same output layer.
  fit(model, set.train, {
    loss: 'cross_entropy',
    epochs: o.epochs,
    lr: o.lr,
    batchSize: o.batchSize,
    seed: o.seed,
    callbacks: {
      onEpochEnd: ({ epoch }) => {
        if (o.probeAt.includes(epoch))
          snapshots.push({ epoch, layers: probeLayers(model, set.train, set.test, probe) });
      },
    },
  });
  return { set: set.name, snapshots, netTestAccuracy: classAccuracy(model.predict(set.test.x), set.test.y) };
}

export function runProbes(o: ProbesOptions, extra: readonly ProbeSet[] = []): ProbesResult {
  const sets = [...syntheticProbeSets(o), ...extra].map((s) => probeThroughTraining(s, o));
  const claims: Claim[] = [];
  for (const s of sets) {
    const last = s.snapshots[s.snapshots.length - 1];
    const input = last.layers[0].testAccuracy;
    const deepest = last.layers[last.layers.length - 1].testAccuracy;
    claims.push({
      name: `${s.set}: probe test accuracy, input → last hidden layer, after training`,
      measured: `${round(input)} → ${round(deepest)}`,
      expected: 'rises from the input to the last hidden layer',
      holds: deepest > input,
    });
  }
  const charts: Chart[] = sets.map((s) => ({
    name: `probes-${s.set}`,
    title: `${s.set}: linear-probe test accuracy per layer at several epochs (net: ${round(s.netTestAccuracy)})`,
    x: { label: 'layer (0 = input)' },
    y: { label: 'probe test accuracy' },
    series: s.snapshots.map((snap) => ({
      label: `epoch ${snap.epoch}`,
      x: snap.layers.map((_, k) => k),
      y: snap.layers.map((l) => l.testAccuracy),
    })),
  }));
  return { experiment: 'probes', options: o, sets, claims, charts };
}
