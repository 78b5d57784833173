/**
 * Epoch metrics accumulated batch by batch without allocating: the mean loss,
 * accuracy for classification, RMSE and the largest absolute error for
 * regression. The running sums are plain data so a checkpoint taken in the
 * middle of an epoch resumes them exactly.
 */
import type { Task } from '../data/dataset.js';
import type { Matrix } from '../tensor/matrix.js';

export interface Metrics {
  /** Mean loss per sample. */
  loss: number;
  /** Classification: fraction of correct predictions (per element for multi-output binary). */
  accuracy?: number;
  /** Regression: root of the mean squared error over every output element. */
  rmse?: number;
  /** Regression: the largest absolute error over every output element. */
  maxAbsError?: number;
}

export type MetricName = keyof Metrics;
/** A metric of the training data ('loss') or of the validation data ('val_loss'). */
export type Monitor = MetricName | `val_${MetricName}`;

/** Whether larger is better for a monitored metric. */
export function higherIsBetter(monitor: Monitor): boolean {
  return monitor.endsWith('accuracy');
}

export interface MetricSums {
  rows: number;
  lossSum: number;
  correct: number;
  /** Elements counted for accuracy or errors. */
  elements: number;
  squaredError: number;
  maxAbsError: number;
}

export class MetricAccumulator {
  private s: MetricSums = emptySums();

  /** takesLogits: whether a binary output is a logit (boundary 0) or a probability (boundary ½). */
  constructor(
    readonly task: Task,
    readonly takesLogits: boolean,
  ) {}

  reset(): void {
    this.s = emptySums();
  }

  /** Adds one batch: its outputs, targets and mean loss. */
  add(pred: Matrix, target: Matrix, meanLoss: number): void {
    const s = this.s;
    s.rows += pred.rows;
    s.lossSum += meanLoss * pred.rows;
    if (this.task === 'regression') addErrors(s, pred, target);
    else if (this.task === 'binary') addBinary(s, pred, target, this.takesLogits ? 0 : 0.5);
    else addMulticlass(s, pred, target);
  }

  result(): Metrics {
    const s = this.s;
    const m: Metrics = { loss: s.rows > 0 ? s.lossSum / s.rows : Number.NaN };
    if (this.task === 'regression') {
      m.rmse = Math.sqrt(s.squaredError / s.elements);
      m.maxAbsError = s.maxAbsError;
    } else {
      m.accuracy = s.correct / s.elements;
    }
    return m;
  }

  getSums(): MetricSums {
    return { ...this.s };
  }

  setSums(sums: MetricSums): void {
    this.s = { ...sums };
  }
}

function emptySums(): MetricSums {
  return { rows: 0, lossSum: 0, correct: 0, elements: 0, squaredError: 0, maxAbsError: 0 };
}

function addErrors(s: MetricSums, pred: Matrix, target: Matrix): void {
  const p = pred.data;
  const y = target.data;
  for (let i = 0; i < p.length; i++) {
    const d = p[i] - y[i];
    s.squaredError += d * d;
    const a = Math.abs(d);
    // A NaN error must show: max() would hide it behind earlier finite errors.
    if (a > s.maxAbsError || Number.isNaN(a)) s.maxAbsError = a;
  }
  s.elements += p.length;
}

function addBinary(s: MetricSums, pred: Matrix, target: Matrix, boundary: number): void {
  const p = pred.data;
  const y = target.data;
  for (let i = 0; i < p.length; i++) if (p[i] > boundary === y[i] >= 0.5) s.correct++;
  s.elements += p.length;
}

/** Class = argmax of the row; the target is a class index (n×1) or a probability row (argmax again). */
function addMulticlass(s: MetricSums, pred: Matrix, target: Matrix): void {
  const C = pred.cols;
  for (let i = 0; i < pred.rows; i++) {
    const k = argmax(pred.data, i * C, C);
    const y = target.cols === 1 ? target.data[i] : argmax(target.data, i * C, C);
    if (k === y) s.correct++;
  }
  s.elements += pred.rows;
}

/** The share of rows whose largest output (the first, on ties) is the row's class index in labels (n×1). */
export function classAccuracy(pred: Matrix, labels: Matrix): number {
  const C = pred.cols;
  let correct = 0;
  for (let i = 0; i < pred.rows; i++) if (argmax(pred.data, i * C, C) === labels.data[i]) correct++;
  return correct / pred.rows;
}

function argmax(a: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let c = 1; c < n; c++) if (a[offset + c] > a[offset + best]) best = c;
  return best;
}
