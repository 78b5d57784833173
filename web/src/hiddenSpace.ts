/**
 * Where a layer puts the training points: its activations, shown directly
 * when the layer has two units and on their two principal axes otherwise,
 * with the best linear classifier of that picture (the library's
 * fitLinearClassifier for two classes, fitSoftmaxClassifier for more) as the
 * background. The library has no PCA, so the
 * projection is computed here; the classifier and the activations are its own.
 */
import { fitLinearClassifier } from '../../src/analysis/linearClassifier.js';
import { fitSoftmaxClassifier } from '../../src/analysis/softmaxClassifier.js';
import type { Sequential } from '../../src/nn/sequential.js';
import type { Matrix } from '../../src/tensor/matrix.js';

export interface HiddenSpace {
  layer: number;
  width: number;
  /** 'direct' for a two-unit layer (or one unit, with 0 as the second coordinate), 'pca' otherwise. */
  axes: 'direct' | 'pca';
  /** Share of the activations' variance on the two axes shown. */
  explained: number;
  /** x, y per training point. */
  xy: Float32Array;
  labels: Uint8Array;
  /**
   * Best linear classifier of the points as shown: logistic regression for two
   * classes, softmax regression (class 0 the reference, scores wₐ·x + bₐ) for more.
   */
  fit:
    | { kind: 'binary'; weight: number[]; bias: number; accuracy: number }
    | { kind: 'classes'; weights: number[][]; biases: number[]; accuracy: number }
    | null;
  /** Its accuracy on all of the layer's units, which a projection can hide (up to FULL_FIT_UNITS + 1 parameters per class beyond the first). */
  fullAccuracy: number | null;
}

/**
 * Widest two-class layer whose full-space linear fit is computed: Newton's method
 * costs P² per point and step for P = (k − 1)(d + 1) parameters, so k classes
 * get the same P, layers up to (FULL_FIT_UNITS + 1)/(k − 1) − 1 units.
 */
export const FULL_FIT_UNITS = 32;

/** The leading eigenvector of a symmetric matrix orthogonal to `against`, by power iteration. */
function leading(c: number[][], against: number[] | null): number[] {
  const d = c.length;
  // A fixed start that is not orthogonal to any axis in practice keeps the picture the same from frame to frame.
  let v = Array.from({ length: d }, (_, i) => 1 + i / d);
  for (let it = 0; it < 200; it++) {
    if (against) {
      const dot = v.reduce((s, x, i) => s + x * against[i], 0);
      v = v.map((x, i) => x - dot * against[i]);
    }
    const next = c.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
    const n = Math.hypot(...next);
    if (n === 0) return v.map(() => 0);
    v = next.map((x) => x / n);
  }
  return v;
}

export function hiddenSpace(
  model: Sequential,
  x: Matrix,
  y: Matrix,
  layer: number,
  classCount: number,
): HiddenSpace {
  const post = model.traceActivations(x)[layer].post;
  const n = post.rows;
  const d = post.cols;
  const xy = new Float32Array(2 * n);
  let axes: HiddenSpace['axes'] = 'direct';
  let explained = 1;
  if (d <= 2) {
    for (let i = 0; i < n; i++) {
      xy[2 * i] = post.data[i * d];
      xy[2 * i + 1] = d === 2 ? post.data[i * d + 1] : 0;
    }
  } else {
    axes = 'pca';
    const mean = new Array<number>(d).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += post.data[i * d + j] / n;
    const c = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < n; i++)
      for (let a = 0; a < d; a++) {
        const u = post.data[i * d + a] - mean[a];
        for (let b = 0; b < d; b++) c[a][b] += (u * (post.data[i * d + b] - mean[b])) / n;
      }
    const e1 = leading(c, null);
    const e2 = leading(c, e1);
    const variance = (e: number[]) =>
      e.reduce((s, x, a) => s + x * c[a].reduce((t, w, b) => t + w * e[b], 0), 0);
    const total = c.reduce((s, row, a) => s + row[a], 0);
    explained = total > 0 ? (variance(e1) + variance(e2)) / total : 1;
    for (let i = 0; i < n; i++) {
      let p = 0;
      let q = 0;
      for (let j = 0; j < d; j++) {
        const u = post.data[i * d + j] - mean[j];
        p += u * e1[j];
        q += u * e2[j];
      }
      xy[2 * i] = p;
      xy[2 * i + 1] = q;
    }
  }
  const labels = Uint8Array.from(y.data);
  let fit: HiddenSpace['fit'] = null;
  let fullAccuracy: number | null = null;
  const pts = Array.from({ length: n }, (_, i) => [xy[2 * i], xy[2 * i + 1]]);
  const rows = () => Array.from({ length: n }, (_, i) => Array.from(post.data.subarray(i * d, (i + 1) * d)));
  const fullFits = (classCount - 1) * (d + 1) <= FULL_FIT_UNITS + 1;
  if (classCount === 2) {
    const f = fitLinearClassifier(pts, Array.from(labels));
    fit = { kind: 'binary', weight: f.weight, bias: f.bias, accuracy: f.accuracy };
    if (d <= 2) fullAccuracy = f.accuracy;
    else if (fullFits) fullAccuracy = fitLinearClassifier(rows(), Array.from(labels)).accuracy;
  } else if (classCount > 2) {
    const f = fitSoftmaxClassifier(pts, Array.from(labels));
    fit = { kind: 'classes', weights: f.weights, biases: f.biases, accuracy: f.accuracy };
    if (d <= 2) fullAccuracy = f.accuracy;
    else if (fullFits) fullAccuracy = fitSoftmaxClassifier(rows(), Array.from(labels)).accuracy;
  }
  return { layer, width: d, axes, explained, xy, labels, fit, fullAccuracy };
}
