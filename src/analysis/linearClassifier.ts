/**
 * The best linear classifier of labelled points, in the sense of logistic
 * regression: p(y = 1 | x) = σ(w·x + b), fitted by Newton's method with a small
 * L2 penalty on w so that separable data gives finite weights. Whether its
 * accuracy reaches 1 says whether a space makes the labels linearly separable.
 */
import { sigmoid } from '../tensor/special.js';
import { solve } from './linearSolve.js';

export interface LinearClassifier {
  readonly weight: number[];
  readonly bias: number;
  /** Fraction of points with (p > ½) equal to their label. */
  readonly accuracy: number;
  /** p(y = 1) per point. */
  readonly probabilities: number[];
}

const RIDGE = 1e-3;
const NEWTON_STEPS = 100;

export function fitLinearClassifier(
  points: readonly (readonly number[])[],
  labels: readonly number[],
): LinearClassifier {
  const d = points[0].length;
  // Parameters z = [w..., b]; the augmented input is [x..., 1].
  let z = new Array<number>(d + 1).fill(0);
  const aug = points.map((x) => [...x, 1]);
  for (let step = 0; step < NEWTON_STEPS; step++) {
    const grad = z.map((v, j) => (j < d ? RIDGE * v : 0));
    const H = z.map((_, i) => z.map((_, j) => (i === j && i < d ? RIDGE : 0)));
    aug.forEach((x, n) => {
      const p = sigmoid(x.reduce((s, v, j) => s + v * z[j], 0));
      const w = p * (1 - p);
      for (let i = 0; i <= d; i++) {
        grad[i] += (p - labels[n]) * x[i];
        for (let j = 0; j <= d; j++) H[i][j] += w * x[i] * x[j];
      }
    });
    // The bias is unpenalised; a tiny diagonal keeps H invertible when every p saturates.
    H[d][d] += 1e-12;
    const dz = solve(H, grad);
    z = z.map((v, j) => v - dz[j]);
    if (Math.max(...dz.map(Math.abs)) < 1e-12) break;
  }
  const probabilities = aug.map((x) => sigmoid(x.reduce((s, v, j) => s + v * z[j], 0)));
  const correct = probabilities.filter((p, n) => (p > 0.5 ? 1 : 0) === labels[n]).length;
  return { weight: z.slice(0, d), bias: z[d], accuracy: correct / points.length, probabilities };
}
