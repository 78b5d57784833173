/**
 * Fashion-MNIST from disk: Debian's dataset-fashion-mnist package installs the
 * four gzipped IDX files in /usr/share/datasets/fashion-mnist; a download may
 * hold them gunzipped, so both names are looked for. The folder is the dir
 * option, else $MLP_LAB_FASHION_MNIST_DIR, else Debian's.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DType } from '../tensor/matrix.js';
import type { SplitDataset } from './dataset.js';
import { DataFileError } from './errors.js';
import { FASHION_MNIST_CLASSES } from './fashionMnist.js';
import { loadIdxPair } from './idx.node.js';

export const DEFAULT_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_DIR_ENV = 'MLP_LAB_FASHION_MNIST_DIR';

export interface FashionMnistOptions {
  /** Directory holding the four IDX files. Default: $MLP_LAB_FASHION_MNIST_DIR, else /usr/share/datasets/fashion-mnist. */
  readonly dir?: string;
  /** Keep only the first `limit` images of each split. */
  readonly limit?: number;
  /** Map pixels to [0, 1] (default true). */
  readonly scale?: boolean;
  readonly dtype?: DType;
}

/** The official split: 60 000 training and 10 000 test images of 28 × 28 pixels, 10 classes. */
export function loadFashionMnist(options: FashionMnistOptions = {}): SplitDataset {
  const { dir = process.env[FASHION_MNIST_DIR_ENV] || DEFAULT_FASHION_MNIST_DIR, ...rest } = options;
  const common = { ...rest, classes: FASHION_MNIST_CLASSES };
  return {
    train: loadIdxPair(find(dir, 'train-images-idx3-ubyte'), find(dir, 'train-labels-idx1-ubyte'), {
      ...common,
      name: 'fashion-mnist (train)',
    }),
    test: loadIdxPair(find(dir, 't10k-images-idx3-ubyte'), find(dir, 't10k-labels-idx1-ubyte'), {
      ...common,
      name: 'fashion-mnist (test)',
    }),
  };
}

function find(dir: string, base: string): string {
  for (const name of [`${base}.gz`, base]) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  const advice =
    dir === DEFAULT_FASHION_MNIST_DIR
      ? `install it with "apt-get install dataset-fashion-mnist", or give the folder that holds the IDX files as the dir option or in $${FASHION_MNIST_DIR_ENV}`
      : `give the folder that holds the four Fashion-MNIST IDX files as the dir option or in $${FASHION_MNIST_DIR_ENV}`;
  const what = existsSync(dir) ? `neither ${base}.gz nor ${base} is in ${dir}` : `${dir} does not exist`;
  throw new DataFileError(`Fashion-MNIST not found: ${what}; ${advice}`);
}
