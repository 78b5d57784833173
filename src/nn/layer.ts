/**
 * The contract every layer keeps. A layer is plain inspectable data (its
 * params and buffers) plus a forward and a backward that sit side by side.
 *
 * Memory: forward returns a matrix owned by the layer (valid until its next
 * forward); backward returns the input gradient, also owned by the layer.
 * Buffers are reused across steps, so a warm training loop allocates nothing.
 * Backward overwrites (does not accumulate) each param's grad with the
 * gradient of the current batch.
 */
import type { DType, Matrix } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';

export interface Param {
  /** 'weight' [nOut×nIn], 'bias' [1×nOut], 'gamma' and 'beta' [1×n] for norms, 'table0'... [categories×dim] for embeddings. */
  readonly name: string;
  readonly value: Matrix;
  readonly grad: Matrix;
  /** Whether weight decay applies: matrices yes, biases and norm parameters no. */
  readonly decay: boolean;
}

/** Non-trainable state saved with the model: BatchNorm running stats, the spectral-norm vector u. */
export interface Buffer {
  readonly name: string;
  readonly value: Matrix;
}

export interface ForwardContext {
  /** Training mode: dropout drops, BatchNorm uses batch statistics and updates running ones. */
  readonly training: boolean;
  /** Randomness for dropout; required only when training with dropout. */
  readonly rng?: Rng;
}

export type LayerSpec =
  | { kind: 'linear'; nIn: number; nOut: number; bias: boolean; spectralNorm?: { iterations: number } }
  | { kind: 'activation'; nIn: number; activation: ActivationSpec }
  | { kind: 'dropout'; nIn: number; pDrop: number }
  | { kind: 'batchnorm'; nIn: number; momentum: number; eps: number }
  | { kind: 'layernorm'; nIn: number; eps: number }
  | { kind: 'residual'; nIn: number; norm: LayerSpec | null; body: LayerSpec[] }
  | { kind: 'embedding'; nIn: number; columns: EmbeddingColumn[] };

/** One input column of category codes 0..categories-1, looked up in a learned [categories × dim] table. */
export type EmbeddingColumn = { column: number; categories: number; dim: number };

export type LayerKind = LayerSpec['kind'];

export type ActivationName =
  | 'identity'
  | 'relu'
  | 'leaky_relu'
  | 'elu'
  | 'gelu'
  | 'gelu_tanh'
  | 'silu'
  | 'softplus'
  | 'sigmoid'
  | 'tanh'
  | 'hard_sigmoid'
  | 'hard_tanh'
  | 'sin';

/** An activation by name, with alpha for leaky_relu (default 0.01) and elu (default 1). */
export type ActivationSpec = ActivationName | { name: ActivationName; alpha?: number };

export interface Layer {
  readonly kind: LayerKind;
  readonly nIn: number;
  readonly nOut: number;
  readonly dtype: DType;
  /** This layer's own parameters; composite layers keep theirs in children. */
  readonly params: readonly Param[];
  readonly buffers: readonly Buffer[];
  /** Sub-layers of a composite layer (a residual block), in forward order. */
  readonly children?: readonly Layer[];
  forward(x: Matrix, ctx: ForwardContext): Matrix;
  /** Gradients of params from dy; returns dL/dx, or null when needInputGrad is false. */
  backward(dy: Matrix, needInputGrad: boolean): Matrix | null;
  /** Plain JSON that rebuilds this layer (without its parameter values). */
  spec(): LayerSpec;
  toString(): string;
}
