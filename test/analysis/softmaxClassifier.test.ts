/**
 * The multiclass linear classifier: k separable clusters are fitted without
 * error, on two classes it is the binary logistic fit, and overlapping classes
 * are not reported as separable.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitLinearClassifier } from '../../src/analysis/linearClassifier.js';
import { fitSoftmaxClassifier, predictClass } from '../../src/analysis/softmaxClassifier.js';

/** Points on a small grid around each centre, labelled by centre. */
function clusters(centres: number[][], spread: number): { points: number[][]; labels: number[] } {
  const points: number[][] = [];
  const labels: number[] = [];
  centres.forEach((c, k) => {
    for (let i = -2; i <= 2; i++)
      for (let j = -2; j <= 2; j++) {
        points.push(c.map((v, a) => v + spread * (a === 0 ? i : a === 1 ? j : (i * j) / 2)));
        labels.push(k);
      }
  });
  return { points, labels };
}

/** A fixed pseudo-random sequence in [0, 1), so the test data are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('fitSoftmaxClassifier', () => {
  it('separates three and five linearly separable clusters in the plane: accuracy 1', () => {
    for (const centres of [
      [
        [0, 3],
        [-3, -2],
        [3, -2],
      ],
      [
        [0, 0],
        [4, 0],
        [-4, 0],
        [0, 4],
        [0, -4],
      ],
    ]) {
      const { points, labels } = clusters(centres, 0.3);
      const fit = fitSoftmaxClassifier(points, labels);
      assert.equal(fit.weights.length, centres.length);
      assert.equal(fit.accuracy, 1);
      assert.deepEqual(fit.predictions, labels);
      // The centres themselves fall in their own class's region.
      centres.forEach((c, k) => {
        assert.equal(predictClass(fit, c), k);
      });
    }
  });

  it('separates four clusters in three dimensions', () => {
    const { points, labels } = clusters(
      [
        [2, 0, 0],
        [0, 2, 0],
        [0, 0, 2],
        [-2, -2, -2],
      ],
      0.2,
    );
    assert.equal(fitSoftmaxClassifier(points, labels).accuracy, 1);
  });

  it('on two classes is the binary logistic fit: same weights, bias and accuracy', () => {
    const rand = lcg(7);
    const points: number[][] = [];
    const labels: number[] = [];
    for (let n = 0; n < 120; n++) {
      const x = [2 * rand() - 1, 2 * rand() - 1];
      points.push(x);
      // Noisy labels around a slanted line: overlapping classes, so the optimum is finite.
      labels.push(x[0] + 0.5 * x[1] + 0.6 * (rand() - 0.5) > 0.1 ? 1 : 0);
    }
    const binary = fitLinearClassifier(points, labels);
    const soft = fitSoftmaxClassifier(points, labels);
    assert.deepEqual(soft.weights[0], [0, 0]);
    assert.equal(soft.biases[0], 0);
    soft.weights[1].forEach((w, j) => {
      assert.ok(Math.abs(w - binary.weight[j]) < 1e-9, `w${j}`);
    });
    assert.ok(Math.abs(soft.biases[1] - binary.bias) < 1e-9);
    assert.equal(soft.accuracy, binary.accuracy);
    assert.ok(binary.accuracy > 0.7 && binary.accuracy < 1, `accuracy ${binary.accuracy}`);
  });

  it('agrees with the binary fit on separable two-class data too', () => {
    const { points, labels } = clusters(
      [
        [-2, 1],
        [2, -1],
      ],
      0.4,
    );
    const binary = fitLinearClassifier(points, labels);
    const soft = fitSoftmaxClassifier(points, labels);
    const scale = Math.max(...binary.weight.map(Math.abs), Math.abs(binary.bias));
    soft.weights[1].forEach((w, j) => {
      assert.ok(Math.abs(w - binary.weight[j]) < 1e-6 * scale);
    });
    assert.equal(soft.accuracy, 1);
    assert.equal(binary.accuracy, 1);
  });

  it('does not call overlapping classes separable, and is the same on every run', () => {
    const rand = lcg(3);
    const points: number[][] = [];
    const labels: number[] = [];
    for (let n = 0; n < 150; n++) {
      const c = n % 3;
      const angle = (2 * Math.PI * c) / 3;
      points.push([Math.cos(angle) + 3 * (rand() - 0.5), Math.sin(angle) + 3 * (rand() - 0.5)]);
      labels.push(c);
    }
    const a = fitSoftmaxClassifier(points, labels);
    const b = fitSoftmaxClassifier(points, labels);
    assert.ok(a.accuracy > 1 / 3 && a.accuracy < 1, `accuracy ${a.accuracy}`);
    assert.deepEqual(a, b);
  });

  it('names bad input', () => {
    assert.throws(() => fitSoftmaxClassifier([], []), /at least one point/);
    assert.throws(() => fitSoftmaxClassifier([[0, 0]], [0, 1]), /1 points but 2 labels/);
    assert.throws(() => fitSoftmaxClassifier([[0, 0]], [0.5]), /class indices/);
  });
});
