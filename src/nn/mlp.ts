/**
 * The `mlp()` builder: sizes in, an initialised Sequential out.
 *   mlp([2, 16, 16, 1], { activation: 'relu', init: 'he', seed: 1 })
 * Each hidden layer is Linear → [norm] → activation → [dropout]. With
 * residual, every hidden layer that keeps the width becomes the block
 * x + activation(Linear(norm(x))). With embed, an EmbeddingInput comes first:
 * sizes[0] is still the width of the raw input (codes counted once), and the
 * first Linear takes the embedded width.
 */
import type { DType } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import { Activation } from './activationLayer.js';
import { activationGain, resolveActivation } from './activations.js';
import { BatchNorm1d } from './batchnorm.js';
import { Dropout } from './dropout.js';
import { EmbeddingInput } from './embedding.js';
import { type InitSpec, initialize } from './init.js';
import type { ActivationSpec, EmbeddingColumn, Layer } from './layer.js';
import { LayerNorm } from './layernorm.js';
import { Linear } from './linear.js';
import { Residual } from './residual.js';
import { Sequential } from './sequential.js';

export type NormKind = 'none' | 'batch' | 'layer';

export interface MlpOptions {
  /** Hidden activation. Default relu. */
  activation?: ActivationSpec;
  /** Applied to the output; default identity (losses take logits). */
  outputActivation?: ActivationSpec;
  /** Weight initialiser. Default: He (uniform) for ReLU-like activations, Xavier (uniform) otherwise. Biases start at 0. */
  init?: InitSpec;
  /** Seed for initialisation when no rng is given. Default 0. */
  seed?: number;
  rng?: Rng;
  dtype?: DType;
  bias?: boolean;
  /** Normalisation after each hidden Linear (or before f in residual blocks). */
  norm?: NormKind;
  /** Drop probability after each hidden activation. Default 0. */
  pDrop?: number;
  residual?: boolean;
  /** Spectral-normalise every Linear weight (power-iteration steps per training forward). */
  spectralNorm?: boolean | { iterations: number };
  /** Input columns of integer category codes to embed; their tables are drawn before any weight. */
  embed?: readonly EmbeddingColumn[];
}

const reluLike = new Set(['relu', 'leaky_relu', 'elu', 'gelu', 'gelu_tanh', 'silu', 'softplus']);

export function mlp(sizes: readonly number[], options: MlpOptions = {}): Sequential {
  if (sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s > 0)) {
    throw new Error(
      `mlp sizes must be at least two positive integers (input, ..., output), got [${sizes.join(', ')}]`,
    );
  }
  const dtype = options.dtype ?? 'float32';
  const activation = options.activation ?? 'relu';
  const act = resolveActivation(activation);
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const init = options.init ?? (reluLike.has(act.name) ? 'he_uniform' : 'xavier_uniform');
  const gain = activationGain(activation);
  const norm = options.norm ?? 'none';
  const pDrop = options.pDrop ?? 0;
  const spectralNorm =
    options.spectralNorm === true
      ? { iterations: 1 }
      : options.spectralNorm
        ? options.spectralNorm
        : undefined;

  const linear = (nIn: number, nOut: number): Linear => {
    const l = new Linear(nIn, nOut, { bias: options.bias ?? true, dtype, spectralNorm });
    initialize(l.weight.value, init, rng, gain);
    l.resetSpectralVectors();
    return l;
  };
  const normLayer = (n: number): Layer | null =>
    norm === 'batch'
      ? new BatchNorm1d(n, 0.1, 1e-5, dtype)
      : norm === 'layer'
        ? new LayerNorm(n, 1e-5, dtype)
        : null;

  const layers: Layer[] = [];
  const embedding = options.embed ? new EmbeddingInput(sizes[0], options.embed, { dtype, rng }) : null;
  if (embedding) layers.push(embedding);
  const widths = embedding ? [embedding.nOut, ...sizes.slice(1)] : sizes;
  for (let i = 0; i < widths.length - 2; i++) {
    const nIn = widths[i];
    const nOut = widths[i + 1];
    if (options.residual && i > 0 && nIn === nOut) {
      layers.push(
        new Residual(normLayer(nIn), [linear(nIn, nOut), new Activation(nOut, activation, dtype)], dtype),
      );
    } else {
      layers.push(linear(nIn, nOut));
      const n = normLayer(nOut);
      if (n) layers.push(n);
      layers.push(new Activation(nOut, activation, dtype));
    }
    if (pDrop > 0) layers.push(new Dropout(nOut, pDrop, dtype));
  }
  layers.push(linear(widths[widths.length - 2], widths[widths.length - 1]));
  if (
    options.outputActivation !== undefined &&
    resolveActivation(options.outputActivation).name !== 'identity'
  ) {
    layers.push(new Activation(sizes[sizes.length - 1], options.outputActivation, dtype));
  }

  const extras = [
    norm !== 'none' ? `${norm}norm` : '',
    options.residual ? 'residual' : '',
    pDrop > 0 ? `pDrop=${pDrop}` : '',
    spectralNorm ? 'spectral-norm' : '',
    embedding ? `embedding→${embedding.nOut}` : '',
  ].filter(Boolean);
  const actLabel = typeof activation === 'string' ? activation : `${act.name}(${act.alpha})`;
  return new Sequential(layers, `MLP[${sizes.join(',')}] ${[actLabel, ...extras].join(' ')}`);
}
