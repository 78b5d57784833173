/**
 * TensorFlow.js peer, cpu (pure JS) or wasm (XNNPACK, SIMD) backend.
 *
 * Driven the way a performance-minded user would: the model is raw variables
 * and ops (matMul, add, relu/tanh), no tf.layers, no model.fit. A step is
 * optimizer.minimize(f, false, vars), which runs f under the gradient tape
 * inside its own tidy and applies the update; nothing is read back, since the
 * cpu and wasm backends compute synchronously. Inference is a tidy forward
 * followed by dataSync() of the outputs (1024×10 floats), so the work has
 * really happened. Batches are uploaded as tensors before timing (W1–W4).
 * Production mode is on (tf.enableProdMode()).
 */
import * as tf from '@tensorflow/tfjs';
import type { Batch, Workload } from '../workloads.js';
import type { InitialParams, PeerAdapter, PeerModel } from './peer.js';

export type TfBackend = 'cpu' | 'wasm';

interface TfBatch {
  readonly x: tf.Tensor2D;
  /** Targets (mse) or one-hot labels (softmax_ce). */
  readonly y: tf.Tensor2D;
}

let readyBackend: TfBackend | null = null;

async function useBackend(backend: TfBackend): Promise<void> {
  if (readyBackend === backend) return;
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend '${backend}' failed to initialise`);
  await tf.ready();
  tf.enableProdMode();
  readyBackend = backend;
}

export function tfjsAdapter(backend: TfBackend): PeerAdapter {
  return {
    id: backend === 'cpu' ? 'tfjs-cpu' : 'tfjs-wasm',
    unsupported: () => null,
    build: async (w, init) => {
      await useBackend(backend);
      return new TfMlp(w, init);
    },
    notes: () =>
      backend === 'cpu'
        ? [
            'tfjs-cpu/-wasm: TF.js 4.22, raw tf.variable weights + matMul/add/activation, step = optimizer.minimize(loss, false, vars) (variableGrads + applyGradients inside tidy), no model.fit; prod mode; inference = tidy forward + dataSync().',
          ]
        : [
            `tfjs-wasm: XNNPACK with SIMD=${String(tf.env().getBool('WASM_HAS_SIMD_SUPPORT'))}, threads=${String(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'))} (Node has no wasm threads here, so one thread).`,
          ],
    info: () => ({ backend: tf.getBackend(), version: tf.version.tfjs }),
  };
}

class TfMlp implements PeerModel<TfBatch> {
  private readonly W: tf.Variable<tf.Rank.R2>[];
  private readonly b: tf.Variable<tf.Rank.R1>[];
  private readonly vars: tf.Variable[];
  private readonly optimizer: tf.Optimizer;
  private readonly nOut: number;

  constructor(
    private readonly w: Workload,
    init: InitialParams,
  ) {
    const s = w.sizes;
    this.nOut = s[s.length - 1];
    this.W = [];
    this.b = [];
    for (let l = 0; l + 1 < s.length; l++) {
      // TF.js multiplies x[rows×nIn] · W[nIn×nOut]; our W is nOut×nIn, so transpose once here.
      const wt = new Float32Array(s[l] * s[l + 1]);
      for (let o = 0; o < s[l + 1]; o++)
        for (let i = 0; i < s[l]; i++) wt[i * s[l + 1] + o] = init.weights[l][o * s[l] + i];
      this.W.push(tf.variable(tf.tensor2d(wt, [s[l], s[l + 1]]), true, `W${l}`));
      this.b.push(tf.variable(tf.tensor1d(init.biases[l]), true, `b${l}`));
    }
    this.vars = [...this.W, ...this.b];
    const opt = w.optimizer;
    this.optimizer =
      opt.kind === 'sgd' ? tf.train.sgd(opt.lr) : tf.train.adam(opt.lr, opt.beta1, opt.beta2, opt.eps);
  }

  private forward(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    const last = this.W.length - 1;
    for (let l = 0; l <= last; l++) {
      const z = tf.add(tf.matMul(h, this.W[l]), this.b[l]) as tf.Tensor2D;
      h = l === last ? z : this.w.activation === 'tanh' ? tf.tanh(z) : tf.relu(z);
    }
    return h;
  }

  private lossOf(p: TfBatch): tf.Scalar {
    const out = this.forward(p.x);
    return this.w.loss === 'mse'
      ? (tf.losses.meanSquaredError(p.y, out) as tf.Scalar)
      : (tf.losses.softmaxCrossEntropy(p.y, out) as tf.Scalar);
  }

  prepare(batch: Batch): TfBatch {
    const nIn = this.w.sizes[0];
    const x = tf.tensor2d(batch.x, [batch.rows, nIn]);
    const y =
      this.w.loss === 'mse'
        ? tf.tensor2d(batch.y, [batch.rows, this.nOut])
        : tf.tidy(
            () =>
              tf.oneHot(tf.tensor1d(Int32Array.from(batch.y), 'int32'), this.nOut).toFloat() as tf.Tensor2D,
          );
    return { x, y };
  }

  release(p: TfBatch): void {
    p.x.dispose();
    p.y.dispose();
  }

  trainStep(p: TfBatch): void {
    this.optimizer.minimize(() => this.lossOf(p), false, this.vars);
  }

  infer(p: TfBatch): void {
    const out = tf.tidy(() => this.forward(p.x));
    out.dataSync();
    out.dispose();
  }

  predict(batch: Batch): Float32Array {
    const p = this.prepare(batch);
    const out = tf.tidy(() => this.forward(p.x));
    const data = Float32Array.from(out.dataSync());
    out.dispose();
    this.release(p);
    return data;
  }

  dispose(): void {
    this.optimizer.dispose();
    for (const v of this.vars) v.dispose();
  }
}
