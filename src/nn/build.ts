/** Rebuilds layers and models from their plain-JSON specs (the model file stores these). */
import type { DType } from '../tensor/matrix.js';
import { Activation } from './activationLayer.js';
import { BatchNorm1d } from './batchnorm.js';
import { Dropout } from './dropout.js';
import { EmbeddingInput } from './embedding.js';
import type { Layer, LayerSpec } from './layer.js';
import { LayerNorm } from './layernorm.js';
import { Linear } from './linear.js';
import { Residual } from './residual.js';
import { type ModelSpec, Sequential } from './sequential.js';

export function buildLayer(spec: LayerSpec, dtype: DType): Layer {
  switch (spec.kind) {
    case 'linear':
      return new Linear(spec.nIn, spec.nOut, { bias: spec.bias, dtype, spectralNorm: spec.spectralNorm });
    case 'activation':
      return new Activation(spec.nIn, spec.activation, dtype);
    case 'dropout':
      return new Dropout(spec.nIn, spec.pDrop, dtype);
    case 'batchnorm':
      return new BatchNorm1d(spec.nIn, spec.momentum, spec.eps, dtype);
    case 'layernorm':
      return new LayerNorm(spec.nIn, spec.eps, dtype);
    case 'residual':
      return new Residual(
        spec.norm ? buildLayer(spec.norm, dtype) : null,
        spec.body.map((s) => buildLayer(s, dtype)),
        dtype,
      );
    case 'embedding':
      return new EmbeddingInput(spec.nIn, spec.columns, { dtype });
    default:
      throw new Error(`unknown layer kind '${(spec as { kind: string }).kind}'`);
  }
}

/** A model with the given architecture; parameters are zero (load or initialise them next). */
export function buildModel(spec: ModelSpec): Sequential {
  return new Sequential(
    spec.layers.map((s) => buildLayer(s, spec.dtype)),
    spec.label,
  );
}
