/**
 * Without a nonlinearity depth buys nothing: a stack of affine layers is one
 * affine map, x ↦ (W_L ⋯ W_1) x + b. collapseAffine folds a model's layers
 * into that map, reading their parameters (not probing the forward):
 * Linear (with its spectral normalisation as evaluation applies it),
 * BatchNorm in evaluation mode (x ↦ γ(x − μ)/√(σ² + ε) + β, a diagonal map),
 * identity activations, dropout (the identity in evaluation) and residual
 * blocks x + f(x) whose body folds.
 */
import { Activation } from '../nn/activationLayer.js';
import { BatchNorm1d } from '../nn/batchnorm.js';
import { Dropout } from '../nn/dropout.js';
import type { Layer } from '../nn/layer.js';
import { Linear } from '../nn/linear.js';
import { Residual } from '../nn/residual.js';
import type { Sequential } from '../nn/sequential.js';
import { toRows } from '../tensor/matrix.js';
import { type AffineMap, composeAffine, identityAffine } from './affine.js';

export class NotAffineError extends Error {}

function linearMap(l: Linear): AffineMap {
  const weight = l.hasSpectralNorm ? toRows(l.effectiveWeight(false)) : l.getWeights().weight;
  return { weight, bias: l.bias ? Array.from(l.bias.value.data) : new Array<number>(l.nOut).fill(0) };
}

function batchNormMap(l: BatchNorm1d): AffineMap {
  const scale = Array.from(l.gamma.value.data, (g, j) => g / Math.sqrt(l.runningVar.data[j] + l.eps));
  return {
    weight: scale.map((s, i) => scale.map((_, j) => (i === j ? s : 0))),
    bias: scale.map((s, j) => l.beta.value.data[j] - s * l.runningMean.data[j]),
  };
}

function layerMap(layer: Layer, path: string): AffineMap {
  if (layer instanceof Linear) return linearMap(layer);
  if (layer instanceof BatchNorm1d) return batchNormMap(layer);
  if (layer instanceof Dropout) return identityAffine(layer.nIn);
  if (layer instanceof Activation && layer.name === 'identity') return identityAffine(layer.nIn);
  if (layer instanceof Residual) {
    const body = stackMap(layer.children, path);
    return {
      weight: body.weight.map((row, i) => row.map((w, j) => (i === j ? w + 1 : w))),
      bias: body.bias,
    };
  }
  throw new NotAffineError(
    `layer ${path} (${layer}) is not affine; collapseAffine folds Linear, eval-mode BatchNorm, identity activations, dropout and residual blocks of these`,
  );
}

function stackMap(layers: readonly Layer[], prefix: string): AffineMap {
  let map = identityAffine(layers[0].nIn);
  layers.forEach((layer, i) => {
    map = composeAffine(layerMap(layer, prefix ? `${prefix}.${i}` : String(i)), map);
  });
  return map;
}

/** The single affine map a stack of affine layers computes in evaluation mode. */
export function collapseAffine(model: Sequential): AffineMap {
  return stackMap(model.layers, '');
}
