/**
 * Linear probes (Alain & Bengio 2016): a softmax regression trained on one
 * layer's activations, with the network frozen, measures how linearly
 * decodable the labels are at that depth. Features are standardised with the
 * probe's training statistics so every layer gets the same optimiser setting.
 */
import type { Dataset } from '../data/dataset.js';
import { fitStandardizer, standardize } from '../data/standardize.js';
import { mlp } from '../nn/mlp.js';
import type { Sequential } from '../nn/sequential.js';
import type { Matrix } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import { Batcher } from '../train/batches.js';
import { createLoss } from '../train/losses/index.js';
import { classAccuracy } from '../train/metrics.js';
import { Trainer } from '../train/trainer.js';

export interface ProbeOptions {
  /** Default 200. */
  readonly epochs?: number;
  /** Default 0.05 (Adam). */
  readonly lr?: number;
  /** Default 256. */
  readonly batchSize?: number;
  readonly seed?: number;
}

export interface ProbeResult {
  /** 'input', then each activation layer's path. */
  readonly layer: string;
  readonly width: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

/** The input and every activation layer's output on x (evaluation mode). */
export function layerFeatures(model: Sequential, x: Matrix): { layer: string; features: Matrix }[] {
  return [
    { layer: 'input', features: x },
    ...model.traceActivations(x).map(({ path, post }) => ({ layer: path, features: post })),
  ];
}

/**
 * The probe's training: fit()'s epochs, batches, shuffle stream and per-epoch
 * cosine schedule, so the weights are fit's to the bit, without fit's
 * per-epoch bookkeeping (snapshots, finiteness checks, metrics, callbacks),
 * which cost as much as the steps themselves on a probe's few hundred rows.
 * Unlike fit it does not roll a diverged probe back to its last finite
 * epoch: on standardised features at the default rate the loss stays finite.
 */
export function trainProbe(probe: Sequential, x: Matrix, labels: Matrix, options: ProbeOptions): void {
  const epochs = options.epochs ?? 200;
  const root = new Rng(options.seed ?? 0);
  root.fork(); // fit's validation-split stream, unused here but kept so the shuffle stream is fit's
  const shuffleRng = root.fork();
  const batcher = new Batcher(x, labels, options.batchSize ?? 256, false);
  const trainer = new Trainer(probe, {
    loss: createLoss('cross_entropy'),
    optimizer: 'adam',
    lr: options.lr ?? 0.05,
    schedule: 'cosine',
    scheduleUnit: 'epoch',
    ticks: epochs,
  });
  for (let epoch = 0; epoch < epochs; epoch++) {
    trainer.epoch = epoch;
    batcher.shuffle(shuffleRng);
    for (let b = 0; b < batcher.count; b++) {
      const { x: xb, y: yb } = batcher.batch(b);
      trainer.step(xb, yb);
    }
  }
}

/** Trains a softmax probe on one feature matrix; labels are class indices 0..classes−1. */
export function linearProbe(
  train: { features: Matrix; labels: Matrix },
  test: { features: Matrix; labels: Matrix },
  classes: number,
  options: ProbeOptions = {},
): { trainAccuracy: number; testAccuracy: number } {
  const s = fitStandardizer(train.features);
  const xTrain = standardize(s, train.features);
  const xTest = standardize(s, test.features);
  const probe = mlp([xTrain.cols, classes], { seed: options.seed ?? 0 });
  trainProbe(probe, xTrain, train.labels, options);
  return {
    trainAccuracy: classAccuracy(probe.predict(xTrain), train.labels),
    testAccuracy: classAccuracy(probe.predict(xTest), test.labels),
  };
}

/** Probes the input and every activation layer of a model on a classification split. */
export function probeLayers(
  model: Sequential,
  train: Dataset,
  test: Dataset,
  options: ProbeOptions = {},
): ProbeResult[] {
  const classes = train.classes?.length ?? Math.max(...Array.from(train.y.data)) + 1;
  const trainFeatures = layerFeatures(model, train.x);
  const testFeatures = layerFeatures(model, test.x);
  return trainFeatures.map(({ layer, features }, k) => ({
    layer,
    width: features.cols,
    ...linearProbe(
      { features, labels: train.y },
      { features: testFeatures[k].features, labels: test.y },
      Math.max(classes, 2),
      options,
    ),
  }));
}
