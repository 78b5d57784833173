/**
 * Any continuous piecewise-linear function of one variable is a sum of
 * hinges: with knots t_0 < … < t_{k−1}, values v_i and slopes
 * s_i = (v_{i+1} − v_i)/(t_{i+1} − t_i),
 *   f(x) = v_0 + s_0·relu(x − t_0) + Σ_{i=1}^{k−2} (s_i − s_{i−1})·relu(x − t_i),
 * one hidden ReLU layer of k − 1 units: the first slope plus one unit per
 * interior kink. It equals the interpolant on [t_0, t_{k−1}], continues the
 * last slope to the right and is constant v_0 left of t_0.
 */
import type { Sequential } from '../../nn/sequential.js';
import { oneHidden } from './build.js';

export function interpolantNet(knots: readonly number[], values: readonly number[]): Sequential {
  if (knots.length < 2 || knots.length !== values.length)
    throw new Error(
      `interpolantNet needs at least two knots and one value per knot, got ${knots.length} knots and ${values.length} values`,
    );
  for (let i = 1; i < knots.length; i++)
    if (!(knots[i] > knots[i - 1]))
      throw new Error(`interpolantNet: knots must increase strictly, got ${knots[i - 1]} then ${knots[i]}`);
  const slopes = knots.slice(1).map((t, i) => (values[i + 1] - values[i]) / (t - knots[i]));
  const units = knots.length - 1;
  const out = slopes.map((s, i) => (i === 0 ? s : s - slopes[i - 1]));
  return oneHidden(
    {
      weight: Array.from({ length: units }, () => [1]),
      bias: knots.slice(0, units).map((t) => -t),
    },
    { weight: [out], bias: [values[0]] },
    `piecewise-linear interpolant, ${knots.length} knots`,
  );
}

export interface HingeApproximation {
  readonly model: Sequential;
  readonly knots: number[];
  /** Hidden ReLU units (hinges): one per linear piece. */
  readonly hinges: number;
  /** The interpolation bound h²·max|f''|/8 for the knot spacing h (for x², max|f''| = 2). */
  readonly bound: number;
}

/** x² on [−1, 1] interpolated at k + 1 equally spaced knots: k pieces, k hinges. */
export function squareHinges(k: number): HingeApproximation {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`squareHinges: k must be an integer ≥ 1, got ${k}`);
  const knots = Array.from({ length: k + 1 }, (_, i) => -1 + (2 * i) / k);
  // h² = (2/k)² and max|f''| = 2, written so that only the division by k² rounds.
  const hSquared = 4 / (k * k);
  return {
    model: interpolantNet(
      knots,
      knots.map((t) => t * t),
    ),
    knots,
    hinges: k,
    bound: (hSquared * 2) / 8,
  };
}
