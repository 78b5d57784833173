/** Shared fixtures for the io tests: models of every layer kind, with non-trivial buffers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlp } from '../../src/nn/mlp.js';
import type { Sequential } from '../../src/nn/sequential.js';
import type { DType, FloatArray, Matrix } from '../../src/tensor/matrix.js';
import { zeros } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

export function randomInput(rows: number, cols: number, seed: number, dtype: DType = 'float32'): Matrix {
  const x = zeros(rows, cols, dtype);
  new Rng(seed).fillUniform(x.data, -2, 2);
  return x;
}

/** Models covering every layer kind, with buffers moved off their defaults by training-mode passes. */
export function fixtureModels(): { name: string; model: Sequential }[] {
  const models = [
    { name: 'plain relu', model: mlp([2, 8, 8, 1], { activation: 'relu', seed: 1 }) },
    { name: 'tanh float64', model: mlp([3, 5, 2], { activation: 'tanh', seed: 2, dtype: 'float64' }) },
    {
      name: 'batchnorm residual dropout',
      model: mlp([2, 6, 6, 6, 3], { norm: 'batch', residual: true, pDrop: 0.25, seed: 3 }),
    },
    {
      name: 'layernorm residual leaky',
      model: mlp([4, 7, 7, 2], {
        norm: 'layer',
        residual: true,
        activation: { name: 'leaky_relu', alpha: 0.2 },
        seed: 4,
      }),
    },
    {
      name: 'spectral norm gelu',
      model: mlp([2, 5, 1], { spectralNorm: { iterations: 2 }, activation: 'gelu', seed: 5 }),
    },
    {
      name: 'no bias sin sigmoid out',
      model: mlp([1, 4, 1], { bias: false, activation: 'sin', outputActivation: 'sigmoid', seed: 6 }),
    },
  ];
  const rng = new Rng(99);
  for (const { model } of models) {
    for (let k = 0; k < 3; k++)
      model.forward(randomInput(8, model.nIn, 10 + k, model.dtype), { training: true, rng });
  }
  return models;
}

export function bytesOf(a: FloatArray): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'mlp-lab-io-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
