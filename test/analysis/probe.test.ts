/**
 * linearProbe trains its softmax regression with its own epoch loop instead of
 * fit(); the loop must give fit's weights to the bit (one batch and several),
 * so the probe means what it meant and the CLI's probe results are unchanged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linearProbe, trainProbe } from '../../src/analysis/probe.js';
import { fitStandardizer, standardize } from '../../src/data/standardize.js';
import { mlp } from '../../src/nn/mlp.js';
import { fromData, type Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { fit } from '../../src/train/fit.js';
import { classAccuracy } from '../../src/train/metrics.js';

function blobs(n: number, d: number, classes: number, seed: number): { features: Matrix; labels: Matrix } {
  const rng = new Rng(seed);
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % classes;
    for (let j = 0; j < d; j++) x[i * d + j] = rng.normal() + (j === y[i] % d ? 1.5 : 0);
  }
  return { features: fromData(n, d, x), labels: fromData(n, 1, y) };
}

/** The probe as it was written before: fit() on the standardised features. */
function probeWithFit(
  train: { features: Matrix; labels: Matrix },
  test: { features: Matrix; labels: Matrix },
  classes: number,
  o: { epochs: number; batchSize: number; seed: number },
): { trainAccuracy: number; testAccuracy: number } {
  const s = fitStandardizer(train.features);
  const xTrain = standardize(s, train.features);
  const xTest = standardize(s, test.features);
  const probe = mlp([xTrain.cols, classes], { seed: o.seed });
  fit(probe, { x: xTrain, y: train.labels, task: 'multiclass' }, { ...o, lr: 0.05 });
  return {
    trainAccuracy: classAccuracy(probe.predict(xTrain), train.labels),
    testAccuracy: classAccuracy(probe.predict(xTest), test.labels),
  };
}

describe('linearProbe', () => {
  for (const c of [
    { name: 'one batch', n: 140, d: 8, classes: 2, batchSize: 256, epochs: 50, seed: 0 },
    { name: 'several batches', n: 300, d: 5, classes: 3, batchSize: 64, epochs: 20, seed: 7 },
  ]) {
    it(`gives fit()'s accuracies (${c.name})`, () => {
      const train = blobs(c.n, c.d, c.classes, 1);
      const test = blobs(60, c.d, c.classes, 2);
      const o = { epochs: c.epochs, batchSize: c.batchSize, seed: c.seed };
      const got = linearProbe(train, test, c.classes, o);
      assert.deepEqual(got, probeWithFit(train, test, c.classes, o));
      const ours = mlp([c.d, c.classes], { seed: c.seed });
      trainProbe(ours, train.features, train.labels, o);
      const fits = mlp([c.d, c.classes], { seed: c.seed });
      fit(fits, { x: train.features, y: train.labels, task: 'multiclass' }, { ...o, lr: 0.05 });
      assert.deepEqual(ours.getParams(), fits.getParams());
      assert.ok(got.trainAccuracy > 1 / c.classes + 0.1, `a separable task is decoded: ${got.trainAccuracy}`);
    });
  }
});
