/**
 * The best linear classifier of points in k classes, in the sense of softmax
 * (multinomial logistic) regression: p(y = a | x) ∝ exp(wₐ·x + bₐ). Class 0 is
 * the reference (w₀ = 0, b₀ = 0), which makes the optimum unique; with two
 * classes the model is exactly fitLinearClassifier's σ(w·x + b), fitted the same
 * way: Newton's method from zero with the same small L2 penalty on the weights,
 * so separable data gives finite weights and the result is deterministic.
 */
import { solve } from './linearSolve.js';

export interface SoftmaxClassifier {
  /** One row per class; row 0 is the reference and all zeros. */
  readonly weights: number[][];
  readonly biases: number[];
  /** Fraction of points whose most probable class is their label. */
  readonly accuracy: number;
  /** The most probable class per point (the lowest index on a tie). */
  readonly predictions: number[];
}

const RIDGE = 1e-3;
const NEWTON_STEPS = 100;

/** The class with the largest score wₐ·x + bₐ (the lowest index on a tie). */
export function predictClass(
  fit: Pick<SoftmaxClassifier, 'weights' | 'biases'>,
  x: readonly number[],
): number {
  let best = 0;
  let top = -Infinity;
  fit.weights.forEach((w, a) => {
    const s = w.reduce((acc, v, j) => acc + v * x[j], fit.biases[a]);
    if (s > top) {
      top = s;
      best = a;
    }
  });
  return best;
}

/** Softmax of the scores [0, z₁·x, …], shifted by their maximum so that exp cannot overflow. */
function probabilities(z: number[], x: readonly number[], k: number): number[] {
  const m = x.length;
  const scores = [0];
  for (let a = 1; a < k; a++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += z[(a - 1) * m + i] * x[i];
    scores.push(s);
  }
  const top = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - top));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/**
 * Fits k = max(labels) + 1 classes (at least 2). Its cost is ((k − 1)(d + 1))²
 * per point and Newton step, so keep (k − 1)(d + 1) to a few dozen.
 */
export function fitSoftmaxClassifier(
  points: readonly (readonly number[])[],
  labels: readonly number[],
): SoftmaxClassifier {
  if (points.length === 0) throw new Error('fitSoftmaxClassifier needs at least one point');
  if (labels.length !== points.length)
    throw new Error(`fitSoftmaxClassifier got ${points.length} points but ${labels.length} labels`);
  if (!labels.every((c) => Number.isInteger(c) && c >= 0))
    throw new Error('fitSoftmaxClassifier: labels must be class indices 0, 1, 2, …');
  const d = points[0].length;
  const m = d + 1;
  const k = Math.max(2, Math.max(...labels) + 1);
  const P = (k - 1) * m;
  // Parameters z = [w₁…, b₁, w₂…, b₂, …]; the augmented input is [x…, 1].
  let z = new Array<number>(P).fill(0);
  const aug = points.map((x) => [...x, 1]);
  const penalised = (idx: number) => idx % m < d;
  for (let step = 0; step < NEWTON_STEPS; step++) {
    const grad = z.map((v, j) => (penalised(j) ? RIDGE * v : 0));
    const H = z.map((_, i) => z.map((_, j) => (i === j && penalised(i) ? RIDGE : 0)));
    aug.forEach((x, n) => {
      const p = probabilities(z, x, k);
      for (let a = 1; a < k; a++) {
        const r = p[a] - (labels[n] === a ? 1 : 0);
        for (let i = 0; i < m; i++) grad[(a - 1) * m + i] += r * x[i];
        for (let b = 1; b < k; b++) {
          const w = p[a] * ((a === b ? 1 : 0) - p[b]);
          for (let i = 0; i < m; i++) {
            const row = H[(a - 1) * m + i];
            for (let j = 0; j < m; j++) row[(b - 1) * m + j] += w * x[i] * x[j];
          }
        }
      }
    });
    // The biases are unpenalised; a tiny diagonal keeps H invertible when every p saturates.
    for (let a = 1; a < k; a++) H[a * m - 1][a * m - 1] += 1e-12;
    const dz = solve(H, grad);
    z = z.map((v, j) => v - dz[j]);
    if (Math.max(...dz.map(Math.abs)) < 1e-12) break;
  }
  const weights = [new Array<number>(d).fill(0)];
  const biases = [0];
  for (let a = 1; a < k; a++) {
    weights.push(z.slice((a - 1) * m, a * m - 1));
    biases.push(z[a * m - 1]);
  }
  const fit = { weights, biases };
  const predictions = points.map((x) => predictClass(fit, x));
  const correct = predictions.filter((c, n) => c === labels[n]).length;
  return { weights, biases, accuracy: correct / points.length, predictions };
}
