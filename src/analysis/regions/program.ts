/**
 * A model read as a piecewise-linear program: the exact float64 operations
 * that region counting, the local affine map and sampled counts walk through.
 *
 * Consecutive affine layers (Linear, eval-mode BatchNorm) fold into one
 * affine op; Dropout (an identity in evaluation) and identity activations
 * vanish; a residual block becomes `save`, its body, `addSaved`. Every other
 * layer has curved pieces or couples units (tanh, LayerNorm, embeddings), so
 * it has no exact finite set of linear regions and is refused by name.
 */
import { Activation } from '../../nn/activationLayer.js';
import { BatchNorm1d } from '../../nn/batchnorm.js';
import { Dropout } from '../../nn/dropout.js';
import type { Layer } from '../../nn/layer.js';
import { Linear } from '../../nn/linear.js';
import { Residual } from '../../nn/residual.js';
import type { Sequential } from '../../nn/sequential.js';

/**
 * A scalar piecewise-linear function: piece i (between knots[i−1] and
 * knots[i]) is y = slopes[i]·x + offsets[i]. A unit is in piece i when its
 * pre-activation exceeds exactly i knots, the forward pass's own convention
 * (relu is off at 0); the functions are continuous, so at a knot both
 * neighbouring pieces give the same value.
 */
export interface PiecewiseActivation {
  readonly name: 'relu' | 'leaky_relu' | 'hard_tanh' | 'hard_sigmoid';
  readonly knots: readonly number[];
  readonly slopes: readonly number[];
  readonly offsets: readonly number[];
}

export type RegionOp =
  /** y = W x + b, W row-major [nOut×nIn]. */
  | {
      readonly kind: 'affine';
      readonly nIn: number;
      readonly nOut: number;
      readonly W: Float64Array;
      readonly b: Float64Array;
    }
  | {
      readonly kind: 'activation';
      readonly path: string;
      readonly n: number;
      readonly fn: PiecewiseActivation;
    }
  /** Remember the current representation (a residual block's input). */
  | { readonly kind: 'save' }
  /** Add the remembered representation back (the residual block's skip). */
  | { readonly kind: 'addSaved' };

export interface RegionProgram {
  readonly nIn: number;
  readonly nOut: number;
  readonly ops: readonly RegionOp[];
  /** Units of the piecewise activations, in forward order: the length of a pattern. */
  readonly units: number;
}

/** Thrown for a layer that has no exact linear regions; names the layer's path and kind. */
export class UnsupportedLayerError extends Error {
  constructor(
    readonly path: string,
    readonly layerKind: string,
    detail: string,
  ) {
    super(
      `layer ${path} (${detail}) is not piecewise linear: exact linear regions need Linear, relu, leaky_relu, hard_tanh, hard_sigmoid or identity activations, BatchNorm (evaluation mode), Dropout and residual blocks of these`,
    );
    this.name = 'UnsupportedLayerError';
  }
}

export function piecewiseActivation(name: string, alpha: number): PiecewiseActivation | null {
  switch (name) {
    case 'relu':
      return { name, knots: [0], slopes: [0, 1], offsets: [0, 0] };
    case 'leaky_relu':
      return { name, knots: [0], slopes: [alpha, 1], offsets: [0, 0] };
    case 'hard_tanh':
      return { name, knots: [-1, 1], slopes: [0, 1, 0], offsets: [-1, 0, 1] };
    case 'hard_sigmoid':
      return { name, knots: [-3, 3], slopes: [0, 1 / 6, 0], offsets: [0, 0.5, 1] };
    default:
      return null;
  }
}

/** Reads a model's layers as a RegionProgram, or throws UnsupportedLayerError naming the first layer that is not piecewise linear. */
export function regionProgram(model: Sequential): RegionProgram {
  const ops: RegionOp[] = [];
  compile(model.layers, '', ops);
  let units = 0;
  for (const op of ops) if (op.kind === 'activation') units += op.n;
  return { nIn: model.nIn, nOut: model.nOut, ops, units };
}

function compile(layers: readonly Layer[], prefix: string, ops: RegionOp[]): void {
  layers.forEach((layer, i) => {
    const path = prefix ? `${prefix}.${i}` : String(i);
    if (layer instanceof Linear) {
      // The weight the evaluation forward uses (W/σ(W) under spectral normalisation).
      const W = Float64Array.from(layer.effectiveWeight(false).data);
      const b = layer.bias ? Float64Array.from(layer.bias.value.data) : new Float64Array(layer.nOut);
      pushAffine(ops, layer.nIn, layer.nOut, W, b);
    } else if (layer instanceof BatchNorm1d) {
      // Evaluation mode: y = γ (x − μ)/√(σ² + ε) + β per feature, a diagonal affine map.
      const n = layer.nIn;
      const W = new Float64Array(n * n);
      const b = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const s = layer.gamma.value.data[j] / Math.sqrt(layer.runningVar.data[j] + layer.eps);
        W[j * n + j] = s;
        b[j] = layer.beta.value.data[j] - s * layer.runningMean.data[j];
      }
      pushAffine(ops, n, n, W, b);
    } else if (layer instanceof Dropout) {
      // Evaluation mode passes its input through.
    } else if (layer instanceof Activation) {
      if (layer.name === 'identity') return;
      const fn = piecewiseActivation(layer.name, layer.alpha);
      if (!fn) throw new UnsupportedLayerError(path, 'activation', `activation ${layer}`);
      ops.push({ kind: 'activation', path, n: layer.nIn, fn });
    } else if (layer instanceof Residual) {
      ops.push({ kind: 'save' });
      compile(layer.children, path, ops);
      ops.push({ kind: 'addSaved' });
    } else {
      throw new UnsupportedLayerError(path, layer.kind, `${layer.kind} ${layer}`);
    }
  });
}

/** Appends y = W x + b, folding it into an affine op just before it (one product per cell instead of two). */
function pushAffine(ops: RegionOp[], nIn: number, nOut: number, W: Float64Array, b: Float64Array): void {
  const next: AffineOp = { kind: 'affine', nIn, nOut, W, b };
  const prev = ops[ops.length - 1];
  if (prev?.kind === 'affine') ops[ops.length - 1] = foldAffine(prev, next);
  else ops.push(next);
}

export type AffineOp = Extract<RegionOp, { kind: 'affine' }>;

/** The affine map `second ∘ first`: W·(W₀x + b₀) + b = (W W₀) x + (W b₀ + b). */
export function foldAffine(first: AffineOp, second: AffineOp): AffineOp {
  const n0 = first.nIn;
  const mid = first.nOut;
  const { nOut, W, b } = second;
  if (second.nIn !== mid)
    throw new Error(`cannot fold an affine map of ${second.nIn} inputs after one of ${mid} outputs`);
  const W2 = new Float64Array(nOut * n0);
  const b2 = new Float64Array(nOut);
  for (let i = 0; i < nOut; i++) {
    let s = b[i];
    for (let k = 0; k < mid; k++) {
      const w = W[i * mid + k];
      if (w === 0) continue;
      s += w * first.b[k];
      for (let j = 0; j < n0; j++) W2[i * n0 + j] += w * first.W[k * n0 + j];
    }
    b2[i] = s;
  }
  return { kind: 'affine', nIn: n0, nOut, W: W2, b: b2 };
}

/**
 * The program restricted to the inputs x = entry.W u + entry.b, a function of
 * u (entry.nIn coordinates): the entry map is folded into the first affine op.
 */
export function restrictProgram(program: RegionProgram, entry: AffineOp): RegionProgram {
  if (entry.nOut !== program.nIn)
    throw new Error(`the model takes ${program.nIn} inputs but the slice gives ${entry.nOut}`);
  const [first, ...rest] = program.ops;
  const ops: RegionOp[] =
    first?.kind === 'affine' ? [foldAffine(entry, first), ...rest] : [entry, ...program.ops];
  return { nIn: entry.nIn, nOut: program.nOut, ops, units: program.units };
}
