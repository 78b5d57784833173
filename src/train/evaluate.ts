/** Metrics of a model on a dataset in evaluation mode, forwarded in chunks so memory stays bounded. */
import type { Dataset } from '../data/dataset.js';
import type { Sequential } from '../nn/sequential.js';
import { rowSlice } from '../tensor/matrix.js';
import { createLoss, defaultLossForTask, type Loss, type LossSpec } from './losses/index.js';
import { MetricAccumulator, type Metrics } from './metrics.js';

export interface EvaluateOptions {
  /** Default: the task's default loss. */
  loss?: LossSpec | Loss;
  /** Rows per forward. Default 1024. */
  batchSize?: number;
}

export function evaluate(model: Sequential, data: Dataset, options: EvaluateOptions = {}): Metrics {
  const loss = createLoss(options.loss ?? defaultLossForTask[data.task]);
  return evaluateWith(
    model,
    data,
    loss,
    new MetricAccumulator(data.task, loss.takesLogits),
    options.batchSize ?? 1024,
  );
}

/** evaluate() with a loss and accumulator the caller keeps (fit reuses them every epoch). */
export function evaluateWith(
  model: Sequential,
  data: Dataset,
  loss: Loss,
  acc: MetricAccumulator,
  batchSize: number,
): Metrics {
  acc.reset();
  const n = data.x.rows;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const y = rowSlice(data.y, start, end);
    const out = model.forward(rowSlice(data.x, start, end), { training: false });
    acc.add(out, y, loss.forward(out, y));
  }
  return acc.result();
}
