/**
 * The exact linear pieces of a one-input network over an interval. Each
 * interval carries the affine map x ↦ s·x + c of every unit; an affine layer
 * maps (s, c), and a piecewise-linear activation splits the interval where a
 * unit's pre-activation crosses a kink (0 for relu and leaky_relu, ±1 for
 * hard_tanh, ±3 for hard_sigmoid) before applying the piece it is on.
 * Adjacent intervals whose outputs share one affine map are one piece.
 * For nets whose weights and breakpoints are dyadic (the sawtooth) every step
 * is exact in float64; otherwise two maps count as one when they agree to
 * 1e-12 relative.
 */
import { Activation } from '../nn/activationLayer.js';
import type { Layer } from '../nn/layer.js';
import { Residual } from '../nn/residual.js';
import type { Sequential } from '../nn/sequential.js';
import { layerAffine } from './collapseAffine.js';

export interface Piece {
  readonly lo: number;
  readonly hi: number;
  /** Output i on [lo, hi] is slope[i]·x + intercept[i]. */
  readonly slope: number[];
  readonly intercept: number[];
}

export interface Pieces1d {
  readonly pieces: Piece[];
  /** The interior points where the output's affine map changes, ascending. */
  readonly breakpoints: number[];
}

export class NotPiecewiseLinearError extends Error {}

/** Kinks of each piecewise-linear activation, and the affine piece that holds for a pre-activation value. */
const KINKS: Record<string, (alpha: number) => { kinks: number[]; piece: (v: number) => [number, number] }> =
  {
    identity: () => ({ kinks: [], piece: () => [1, 0] }),
    relu: () => ({ kinks: [0], piece: (v) => (v > 0 ? [1, 0] : [0, 0]) }),
    leaky_relu: (a) => ({ kinks: [0], piece: (v) => (v > 0 ? [1, 0] : [a, 0]) }),
    hard_tanh: () => ({ kinks: [-1, 1], piece: (v) => (v < -1 ? [0, -1] : v > 1 ? [0, 1] : [1, 0]) }),
    hard_sigmoid: () => ({
      kinks: [-3, 3],
      piece: (v) => (v <= -3 ? [0, 0] : v >= 3 ? [0, 1] : [1 / 6, 0.5]),
    }),
  };

function through(layers: readonly Layer[], pieces: Piece[], prefix: string): Piece[] {
  let out = pieces;
  layers.forEach((layer, i) => {
    out = throughLayer(layer, out, prefix ? `${prefix}.${i}` : String(i));
  });
  return out;
}

function throughLayer(layer: Layer, pieces: Piece[], path: string): Piece[] {
  const map = layerAffine(layer);
  if (map) {
    return pieces.map((p) => ({
      lo: p.lo,
      hi: p.hi,
      slope: map.weight.map((row) => row.reduce((s, w, k) => s + w * p.slope[k], 0)),
      intercept: map.weight.map((row, i) => row.reduce((s, w, k) => s + w * p.intercept[k], map.bias[i])),
    }));
  }
  if (layer instanceof Residual) {
    return pieces.flatMap((p) =>
      through(layer.children, [p], path).map((q) => ({
        lo: q.lo,
        hi: q.hi,
        slope: q.slope.map((s, i) => s + p.slope[i]),
        intercept: q.intercept.map((c, i) => c + p.intercept[i]),
      })),
    );
  }
  const rule = layer instanceof Activation ? KINKS[layer.name] : undefined;
  if (!(layer instanceof Activation) || !rule)
    throw new NotPiecewiseLinearError(
      `layer ${path} (${layer}) is not piecewise linear; pieces1d supports Linear, relu, leaky_relu, hard_tanh, hard_sigmoid, identity, eval-mode BatchNorm, dropout and residual blocks of these`,
    );
  const { kinks, piece } = rule(layer.alpha);
  return pieces.flatMap((p) => {
    const cuts = new Set<number>();
    p.slope.forEach((s, u) => {
      if (s === 0) return;
      for (const k of kinks) {
        const x = (k - p.intercept[u]) / s;
        if (x > p.lo && x < p.hi) cuts.add(x);
      }
    });
    const edges = [p.lo, ...[...cuts].sort((a, b) => a - b), p.hi];
    const out: Piece[] = [];
    for (let e = 0; e + 1 < edges.length; e++) {
      const [lo, hi] = [edges[e], edges[e + 1]];
      const mid = (lo + hi) / 2;
      const slope: number[] = [];
      const intercept: number[] = [];
      p.slope.forEach((s, u) => {
        const [a, b] = piece(s * mid + p.intercept[u]);
        slope.push(a * s);
        intercept.push(a * p.intercept[u] + b);
      });
      out.push({ lo, hi, slope, intercept });
    }
    return out;
  });
}

const close = (a: number, b: number): boolean =>
  a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

function sameMap(p: Piece, q: Piece): boolean {
  return p.slope.every((s, i) => close(s, q.slope[i]) && close(p.intercept[i], q.intercept[i]));
}

/** Every linear piece of a one-input model on [lo, hi] (evaluation mode). */
export function pieces1d(model: Sequential, lo: number, hi: number): Pieces1d {
  if (model.nIn !== 1) throw new Error(`pieces1d needs a model with one input, got ${model.nIn}`);
  if (!(lo < hi)) throw new Error(`pieces1d: the interval needs lo < hi, got [${lo}, ${hi}]`);
  const raw = through(model.layers, [{ lo, hi, slope: [1], intercept: [0] }], '');
  const merged: Piece[] = [];
  for (const p of raw) {
    const last = merged[merged.length - 1];
    if (last && sameMap(last, p)) merged[merged.length - 1] = { ...last, hi: p.hi };
    else merged.push(p);
  }
  return { pieces: merged, breakpoints: merged.slice(1).map((p) => p.lo) };
}
