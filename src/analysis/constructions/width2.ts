/**
 * Width is not what memorisation needs: Hernández and Zuazua (2024) show that
 * N labelled points in R^d (M classes) are classified exactly by a ReLU net of
 * width 2 and depth at most 2N + 4M − 1. This construction is simpler and in
 * the same spirit, one layer per point:
 *
 * 1. Project on a direction w where the N projections are distinct, and shift
 *    them so that the smallest is M + 1: z = w·x + shift ≥ M + 1.
 * 2. Park the points one at a time, largest first, at their label c ∈ 0..M−1.
 *    With t between the point z_k and the next smaller one, the layer
 *    u ↦ u − a·relu(u − t) (units relu(u), which is u since u ≥ 0, and
 *    relu(u − t)) is the identity below t and sends z_k, the only point above
 *    t, to its label when a = 1 − (c − t)/(z_k − t). Parked points sit below
 *    every later t, so later layers leave them alone.
 *
 * After N layers each point's output is its label (up to rounding): the net
 * memorises the labels, and rounding the output classifies.
 */
import { Sequential } from '../../nn/sequential.js';
import { Rng } from '../../tensor/rng.js';
import { linear, relu } from './build.js';

export interface Width2Memorizer {
  readonly model: Sequential;
  /** The projection direction. */
  readonly direction: number[];
  /** Hidden layers, each of width 2: one per distinct point. */
  readonly depth: number;
  readonly width: 2;
  readonly classes: number;
  /** Hernández and Zuazua's bound 2N + 4M − 1 on the depth, for comparison. */
  readonly paperDepthBound: number;
}

/** The smallest gap between sorted values, relative to their spread. */
function relativeGap(sorted: readonly number[]): number {
  const spread = Math.max(1, Math.abs(sorted[0]), Math.abs(sorted[sorted.length - 1]));
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i] - sorted[i - 1]);
  return gap / spread;
}

/** A direction along which the points' projections are well separated: the best of a few seeded random ones. */
function separatingDirection(points: readonly (readonly number[])[], seed: number): number[] {
  const d = points[0].length;
  const rng = new Rng(seed);
  let best: number[] = [];
  let bestGap = -1;
  for (let trial = 0; trial < 16; trial++) {
    const w = d === 1 ? [1] : Array.from({ length: d }, () => rng.normal());
    const z = points.map((p) => p.reduce((s, v, j) => s + v * w[j], 0)).sort((a, b) => a - b);
    const gap = points.length > 1 ? relativeGap(z) : 1;
    if (gap > bestGap) [best, bestGap] = [w, gap];
    if (d === 1) break;
  }
  if (!(bestGap > 1e-9))
    throw new Error('width2Memorize: the points must be distinct (no direction separates them)');
  return best;
}

/** A width-2 ReLU net whose output at points[i] is labels[i] (integers 0..M−1). */
export function width2Memorize(
  points: readonly (readonly number[])[],
  labels: readonly number[],
  options: { seed?: number } = {},
): Width2Memorizer {
  if (points.length === 0 || points.length !== labels.length)
    throw new Error(
      `width2Memorize needs one label per point, got ${points.length} points and ${labels.length} labels`,
    );
  if (!labels.every((c) => Number.isInteger(c) && c >= 0))
    throw new Error('width2Memorize: labels must be class indices 0, 1, 2, …');
  const classes = Math.max(...labels) + 1;
  const w = separatingDirection(points, options.seed ?? 1);
  const order = points
    .map((p, i) => ({ z: p.reduce((s, v, j) => s + v * w[j], 0), label: labels[i] }))
    .sort((a, b) => a.z - b.z);
  const shift = classes + 1 - order[0].z;
  const z = order.map((o) => o.z + shift);
  const n = z.length;
  // Thresholds: t_k between z_{k−1} and z_k; below the smallest point, between the labels and z_0.
  const t = z.map((zk, k) => (k === 0 ? (classes - 1 + zk) / 2 : (z[k - 1] + zk) / 2));
  const a = z.map((zk, k) => 1 - (order[k].label - t[k]) / (zk - t[k]));
  const layers = [linear({ weight: [w, w], bias: [shift, shift - t[n - 1]] }), relu(2)];
  for (let k = n - 1; k >= 1; k--) {
    layers.push(
      linear({
        weight: [
          [1, -a[k]],
          [1, -a[k]],
        ],
        bias: [0, -t[k - 1]],
      }),
      relu(2),
    );
  }
  layers.push(linear({ weight: [[1, -a[0]]], bias: [0] }));
  return {
    model: new Sequential(layers, `width-2 memoriser, ${n} points, ${classes} classes`),
    direction: w,
    depth: n,
    width: 2,
    classes,
    paperDepthBound: 2 * n + 4 * classes - 1,
  };
}
