/**
 * The benchmark workloads of the speed issue, and their deterministic data.
 *
 * Every peer trains the same model (sizes, activation, loss, optimizer, batch)
 * from the same initial weights (those of mlp-lab's mlp() for the seed) on the
 * same batches. Data for W1–W4 is synthetic and generated from the seed; W5
 * reads Fashion-MNIST from disk (see fashion.ts).
 */
import { Rng } from '../src/tensor/rng.js';

export type WorkloadId = 'W1' | 'W2' | 'W3' | 'W4' | 'W5';
export const workloadIds: readonly WorkloadId[] = ['W1', 'W2', 'W3', 'W4', 'W5'];

export type LossKind = 'mse' | 'softmax_ce';
export type HiddenActivation = 'tanh' | 'relu';

export type OptimizerSpec =
  | { readonly kind: 'sgd'; readonly lr: number }
  | {
      readonly kind: 'adam';
      readonly lr: number;
      readonly beta1: number;
      readonly beta2: number;
      readonly eps: number;
    };

/** What the workload's headline training figure is. */
export type TrainMetric = 'us_per_step' | 'steps_per_s' | 'samples_per_s';

export interface Workload {
  readonly id: WorkloadId;
  readonly title: string;
  readonly sizes: readonly number[];
  readonly activation: HiddenActivation;
  readonly loss: LossKind;
  readonly optimizer: OptimizerSpec;
  /** Rows per training step. */
  readonly batch: number;
  readonly trainMetric: TrainMetric;
  /** Distinct batches the steps cycle through (1 = full batch). */
  readonly poolBatches: number;
  /** Rows of the timed inference batch, when the workload reports inference. */
  readonly inferBatch?: number;
  /** Reports the peak RSS of the process that ran it. */
  readonly peakMemory?: boolean;
}

/** A batch in the one neutral format every adapter converts from. */
export interface Batch {
  readonly rows: number;
  /** rows × nIn, row-major. */
  readonly x: Float32Array;
  /** mse: rows × nOut targets, row-major; softmax_ce: rows class indices. */
  readonly y: Float32Array;
}

export interface WorkloadData {
  /** The batches training steps cycle through. */
  readonly train: readonly Batch[];
  /** All training rows in one batch: the loss the sanity check watches. */
  readonly probe: Batch;
  /** The timed inference batch. */
  readonly infer?: Batch;
}

const adam = (lr: number): OptimizerSpec => ({ kind: 'adam', lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 });

/** W2 and W4 time the same full-batch ReLU regression; only the shape differs. */
const fullBatchReluFit = {
  activation: 'relu',
  loss: 'mse',
  optimizer: adam(1e-3),
  trainMetric: 'steps_per_s',
  poolBatches: 1,
} as const;

/** W5 trains W3's model, on Fashion-MNIST instead of synthetic batches. */
const mnistModel = {
  sizes: [784, 256, 256, 10],
  activation: 'relu',
  loss: 'softmax_ce',
  optimizer: adam(1e-3),
  batch: 128,
} as const;

export const workloads: Readonly<Record<WorkloadId, Workload>> = {
  W1: {
    id: 'W1',
    title: 'tiny 2-8-8-1 tanh, MSE, SGD 0.03, batch 10',
    sizes: [2, 8, 8, 1],
    activation: 'tanh',
    loss: 'mse',
    optimizer: { kind: 'sgd', lr: 0.03 },
    batch: 10,
    trainMetric: 'us_per_step',
    poolBatches: 20,
  },
  W2: {
    id: 'W2',
    title: '1D fit 1-64-64-1 ReLU, MSE, Adam, full batch 256',
    sizes: [1, 64, 64, 1],
    batch: 256,
    ...fullBatchReluFit,
  },
  W3: {
    id: 'W3',
    title: 'MNIST-shaped 784-256-256-10 ReLU, softmax CE, Adam, batch 128',
    ...mnistModel,
    trainMetric: 'samples_per_s',
    poolBatches: 8,
    inferBatch: 1024,
    peakMemory: true,
  },
  W4: {
    id: 'W4',
    title: 'wide 2-4096-1 ReLU, MSE, Adam, full batch 1024',
    sizes: [2, 4096, 1],
    batch: 1024,
    ...fullBatchReluFit,
  },
  W5: {
    id: 'W5',
    title: 'Fashion-MNIST epoch of W3 (60k train, 10k test)',
    ...mnistModel,
    trainMetric: 'samples_per_s',
    poolBatches: 0,
  },
};

/**
 * Synthetic data for W1–W4, a pure function of (workload, seed).
 *   W1: x ∈ [-1,1]², t = 0.8·sin(πx₁)·cos(πx₂)/… in (-1, 1) (tanh-friendly).
 *   W2: x ∈ [-π, π], t = 0.5 + 0.4·sin(3x) in (0, 1) (so brain.js' ReLU output can fit it).
 *   W3: x ∈ [0,1)^784 like pixel intensities, labels = argmax of a fixed random linear teacher.
 *   W4: x ∈ [-1,1]², t = 0.5 + 0.3·sin(3x₁)·cos(2x₂) in (0, 1).
 */
export function makeData(w: Workload, seed: number): WorkloadData {
  if (w.id === 'W5') throw new Error('W5 reads Fashion-MNIST; use fashion.ts');
  const rng = new Rng(seed * 7919 + w.id.charCodeAt(1));
  const nIn = w.sizes[0];
  const nOut = w.sizes[w.sizes.length - 1];
  const rows = w.batch * w.poolBatches;
  const x = new Float32Array(rows * nIn);
  const yCols = w.loss === 'softmax_ce' ? 1 : nOut;
  const y = new Float32Array(rows * yCols);
  if (w.id === 'W1') {
    for (let i = 0; i < rows; i++) {
      const a = rng.uniformIn(-1, 1);
      const b = rng.uniformIn(-1, 1);
      x[2 * i] = a;
      x[2 * i + 1] = b;
      y[i] = 0.8 * Math.sin(Math.PI * a) * Math.cos(Math.PI * b);
    }
  } else if (w.id === 'W2') {
    for (let i = 0; i < rows; i++) {
      const a = -Math.PI + (2 * Math.PI * (i + 0.5)) / rows;
      x[i] = a;
      y[i] = 0.5 + 0.4 * Math.sin(3 * a);
    }
  } else if (w.id === 'W3') {
    const teacher = new Float32Array(nOut * nIn);
    rng.fillNormal(teacher, 0, 1);
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < nIn; k++) x[i * nIn + k] = rng.uniform();
      let best = 0;
      let bestScore = -Infinity;
      for (let c = 0; c < nOut; c++) {
        let s = 0;
        for (let k = 0; k < nIn; k++) s += teacher[c * nIn + k] * (x[i * nIn + k] - 0.5);
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      y[i] = best;
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const a = rng.uniformIn(-1, 1);
      const b = rng.uniformIn(-1, 1);
      x[2 * i] = a;
      x[2 * i + 1] = b;
      y[i] = 0.5 + 0.3 * Math.sin(3 * a) * Math.cos(2 * b);
    }
  }
  const probe: Batch = { rows, x, y };
  const train: Batch[] = [];
  for (let b = 0; b < w.poolBatches; b++)
    train.push(sliceBatch(probe, b * w.batch, (b + 1) * w.batch, nIn, yCols));
  const infer = w.inferBatch ? inferBatch(probe, w.inferBatch, nIn, yCols) : undefined;
  return { train, probe, infer };
}

/** Rows [start, end) as views. */
export function sliceBatch(b: Batch, start: number, end: number, nIn: number, yCols: number): Batch {
  return {
    rows: end - start,
    x: b.x.subarray(start * nIn, end * nIn),
    y: b.y.subarray(start * yCols, end * yCols),
  };
}

/** The first n rows, repeating the pool when it is smaller. */
function inferBatch(pool: Batch, n: number, nIn: number, yCols: number): Batch {
  if (n <= pool.rows) return sliceBatch(pool, 0, n, nIn, yCols);
  const x = new Float32Array(n * nIn);
  const y = new Float32Array(n * yCols);
  for (let i = 0; i < n; i++) {
    const r = i % pool.rows;
    x.set(pool.x.subarray(r * nIn, (r + 1) * nIn), i * nIn);
    y.set(pool.y.subarray(r * yCols, (r + 1) * yCols), i * yCols);
  }
  return { rows: n, x, y };
}

export function yColumns(w: Workload): number {
  return w.loss === 'softmax_ce' ? 1 : w.sizes[w.sizes.length - 1];
}

/** The loss of outputs (rows × nOut) against a batch, defined once for every peer. */
export function lossOf(w: Workload, out: Float32Array, b: Batch): number {
  const nOut = w.sizes[w.sizes.length - 1];
  let s = 0;
  if (w.loss === 'mse') {
    for (let i = 0; i < b.rows * nOut; i++) {
      const d = out[i] - b.y[i];
      s += d * d;
    }
    return s / (b.rows * nOut);
  }
  for (let i = 0; i < b.rows; i++) {
    let m = -Infinity;
    for (let c = 0; c < nOut; c++) m = Math.max(m, out[i * nOut + c]);
    let z = 0;
    for (let c = 0; c < nOut; c++) z += Math.exp(out[i * nOut + c] - m);
    s += Math.log(z) + m - out[i * nOut + b.y[i]];
  }
  return s / b.rows;
}

/** Fraction of rows whose argmax output is the label (softmax_ce workloads). */
export function accuracyOf(nOut: number, out: Float32Array, b: Batch): number {
  let ok = 0;
  for (let i = 0; i < b.rows; i++) {
    let best = 0;
    for (let c = 1; c < nOut; c++) if (out[i * nOut + c] > out[i * nOut + best]) best = c;
    if (best === b.y[i]) ok++;
  }
  return ok / b.rows;
}
