/**
 * What an --arch costs before any of it is allocated: a few characters can
 * ask for more memory than the machine has, or for a layer the model file
 * cannot hold, and finding out after minutes of allocation and training is
 * too late. One line says the parameter count and the bytes.
 */
import { MAX_LAYER_SIZE, MAX_TENSOR_VALUES } from '../io/modelFile.js';
import { resolveOptimizerSpec } from '../optim/optimizer.js';
import type { OptimizerName } from '../optim/options.js';
import type { UpdateRule } from '../optim/rule.js';
import { optimizers } from '../optim/rules/index.js';
import { UsageError } from './errors.js';

export interface SizeQuestion {
  readonly sizes: readonly number[];
  readonly norm: boolean;
  readonly optimizer: OptimizerName;
  readonly batchSize: number;
  /** Early stopping keeps a copy of the best weights. */
  readonly keepsBest: boolean;
  /** --out: checkpoints copy weights and optimizer state when written. */
  readonly checkpoints: boolean;
}

/** Parameter count of an mlp with these layer sizes (weights and biases, and a norm's gain and shift per hidden unit). */
export function countParams(sizes: readonly number[], norm: boolean): number {
  let n = 0;
  for (let i = 1; i < sizes.length; i++) {
    n += sizes[i - 1]! * sizes[i]! + sizes[i]!;
    if (norm && i < sizes.length - 1) n += 2 * sizes[i]!;
  }
  return n;
}

/** Bytes a training run holds: values, gradients, optimizer slots and the copies fit and checkpoints keep, plus batch activations. */
export function trainingBytes(q: SizeQuestion): { params: number; bytes: number } {
  const params = countParams(q.sizes, q.norm);
  const rule = optimizers[q.optimizer] as UpdateRule<object>;
  const slots = rule.slots(
    resolveOptimizerSpec({ name: q.optimizer } as Parameters<typeof resolveOptimizerSpec>[0]),
  ).length;
  // value, gradient, the last-good snapshot, the slots; the best weights; a checkpoint's copies.
  const copies = 3 + slots + (q.keepsBest ? 1 : 0) + (q.checkpoints ? 1 + slots : 0);
  const width = q.sizes.reduce((a, b) => a + b, 0);
  // At least a layer's output and its gradient for a training batch: a lower bound, so a refusal is certain.
  const activations = 2 * q.batchSize * width;
  return { params, bytes: 4 * (params * copies + activations) };
}

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(bytes < 1e10 ? 2 : 1)} GB`;

/** Refuses an --arch the model file cannot hold or the machine's memory cannot train. */
export function checkModelSize(q: SizeQuestion, memoryBytes: number): void {
  const arch = q.sizes.join('-');
  const wide = q.sizes.find((s) => s > MAX_LAYER_SIZE);
  if (wide !== undefined) {
    throw new UsageError(
      `--arch ${arch} has a layer of ${wide} units; the model file allows at most ${MAX_LAYER_SIZE} per layer`,
    );
  }
  for (let i = 1; i < q.sizes.length; i++) {
    const values = q.sizes[i - 1]! * q.sizes[i]!;
    if (values > MAX_TENSOR_VALUES) {
      throw new UsageError(
        `--arch ${arch} asks for a ${q.sizes[i]}x${q.sizes[i - 1]} weight matrix of ${values} values (${gb(4 * values)}); the model file holds at most ${MAX_TENSOR_VALUES} values per tensor`,
      );
    }
  }
  const { params, bytes } = trainingBytes(q);
  if (bytes > memoryBytes) {
    throw new UsageError(
      `--arch ${arch} has ${params} parameters (${gb(4 * params)} per copy); training needs about ${gb(bytes)} but this machine has ${gb(memoryBytes)} of memory; choose smaller layers`,
    );
  }
}
