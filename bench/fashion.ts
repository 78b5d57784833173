/** Fashion-MNIST for W5, through mlp-lab's own loader (src/data/fashionMnist.node.ts). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_FASHION_MNIST_DIR, loadFashionMnist } from '../src/data/fashionMnist.node.js';
import type { Batch } from './workloads.js';

export const FASHION_DIR = process.env.FASHION_MNIST_DIR ?? DEFAULT_FASHION_MNIST_DIR;
export const FASHION_MISSING = 'skipped: install dataset-fashion-mnist';

const files = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

export function fashionAvailable(dir = FASHION_DIR): boolean {
  return files.every((f) => existsSync(join(dir, `${f}.gz`)) || existsSync(join(dir, f)));
}

export interface FashionMnist {
  readonly train: Batch;
  readonly test: Batch;
}

/** Pixels scaled to [0, 1], labels 0..9, as float32 batches. */
export function loadFashion(dir = FASHION_DIR): FashionMnist {
  const { train, test } = loadFashionMnist({ dir, dtype: 'float32' });
  const asBatch = (d: typeof train): Batch => ({
    rows: d.x.rows,
    x: d.x.data as Float32Array,
    y: Float32Array.from(d.y.data),
  });
  return { train: asBatch(train), test: asBatch(test) };
}
