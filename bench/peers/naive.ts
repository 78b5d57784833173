/**
 * The floor: the MLP anyone would write in an afternoon. number[] arrays (so
 * float64 arithmetic), one sample at a time through forward and backward,
 * gradients summed over the batch, then one SGD or Adam update per batch —
 * the same mathematics as mlp-lab's batched step, with none of its engineering.
 */
import type { Batch, Workload } from '../workloads.js';
import type { InitialParams, PeerAdapter, PeerModel } from './peer.js';

export function naiveAdapter(): PeerAdapter {
  return {
    id: 'naive-ts',
    unsupported: () => null,
    build: async (w, init) => new NaiveMlp(w, init),
    notes: () => [
      'naive-ts: bench/peers/naive.ts, number[][] weights, per-sample forward/backward, gradients summed over the batch, one update per batch.',
    ],
  };
}

interface NaiveBatch {
  readonly rows: number;
  readonly x: number[][];
  readonly y: number[][];
}

class NaiveMlp implements PeerModel<NaiveBatch> {
  private readonly L: number;
  private readonly sizes: readonly number[];
  private readonly W: number[][][];
  private readonly b: number[][];
  private readonly gW: number[][][];
  private readonly gb: number[][];
  private readonly mW: number[][][];
  private readonly vW: number[][][];
  private readonly mb: number[][];
  private readonly vb: number[][];
  /** z[l]: pre-activation of layer l; a[l]: its output (a[0] is the input). */
  private readonly z: number[][];
  private readonly a: number[][];
  private readonly delta: number[][];
  private t = 0;

  constructor(
    private readonly w: Workload,
    init: InitialParams,
  ) {
    this.sizes = w.sizes;
    this.L = w.sizes.length - 1;
    const s = this.sizes;
    const mat = (l: number, f: (o: number, i: number) => number) =>
      Array.from({ length: s[l + 1] }, (_, o) => Array.from({ length: s[l] }, (_, i) => f(o, i)));
    const vec = (l: number, f: (o: number) => number) => Array.from({ length: s[l + 1] }, (_, o) => f(o));
    const layers = Array.from({ length: this.L }, (_, l) => l);
    this.W = layers.map((l) => mat(l, (o, i) => init.weights[l][o * s[l] + i]));
    this.b = layers.map((l) => vec(l, (o) => init.biases[l][o]));
    this.gW = layers.map((l) => mat(l, () => 0));
    this.gb = layers.map((l) => vec(l, () => 0));
    this.mW = layers.map((l) => mat(l, () => 0));
    this.vW = layers.map((l) => mat(l, () => 0));
    this.mb = layers.map((l) => vec(l, () => 0));
    this.vb = layers.map((l) => vec(l, () => 0));
    this.z = s.map((n) => new Array<number>(n).fill(0));
    this.a = s.map((n) => new Array<number>(n).fill(0));
    this.delta = s.map((n) => new Array<number>(n).fill(0));
  }

  prepare(batch: Batch): NaiveBatch {
    const nIn = this.sizes[0];
    const nOut = this.sizes[this.L];
    const x: number[][] = [];
    const y: number[][] = [];
    for (let r = 0; r < batch.rows; r++) {
      x.push(Array.from(batch.x.subarray(r * nIn, (r + 1) * nIn)));
      if (this.w.loss === 'mse') y.push(Array.from(batch.y.subarray(r * nOut, (r + 1) * nOut)));
      else y.push([batch.y[r]]);
    }
    return { rows: batch.rows, x, y };
  }

  release(): void {}

  private forward(x: number[]): number[] {
    const { L, sizes, W, b, z, a } = this;
    const tanh = this.w.activation === 'tanh';
    for (let i = 0; i < sizes[0]; i++) a[0][i] = x[i];
    for (let l = 0; l < L; l++) {
      const prev = a[l];
      for (let o = 0; o < sizes[l + 1]; o++) {
        const row = W[l][o];
        let s = b[l][o];
        for (let i = 0; i < row.length; i++) s += row[i] * prev[i];
        z[l + 1][o] = s;
        a[l + 1][o] = l === L - 1 ? s : tanh ? Math.tanh(s) : Math.max(s, 0);
      }
    }
    return a[L];
  }

  /** Adds this sample's gradient (already scaled by 1/rows) to gW, gb. */
  private backward(target: number[], rows: number): void {
    const { L, sizes, W, z, a, delta, gW, gb } = this;
    const nOut = sizes[L];
    const out = a[L];
    if (this.w.loss === 'mse') {
      for (let o = 0; o < nOut; o++) delta[L][o] = (2 * (out[o] - target[o])) / (rows * nOut);
    } else {
      let m = -Infinity;
      for (let o = 0; o < nOut; o++) m = Math.max(m, out[o]);
      let sum = 0;
      for (let o = 0; o < nOut; o++) sum += Math.exp(out[o] - m);
      for (let o = 0; o < nOut; o++)
        delta[L][o] = (Math.exp(out[o] - m) / sum - (o === target[0] ? 1 : 0)) / rows;
    }
    const tanh = this.w.activation === 'tanh';
    for (let l = L; l >= 1; l--) {
      const d = delta[l];
      const prev = a[l - 1];
      for (let o = 0; o < sizes[l]; o++) {
        const g = gW[l - 1][o];
        for (let i = 0; i < prev.length; i++) g[i] += d[o] * prev[i];
        gb[l - 1][o] += d[o];
      }
      if (l > 1) {
        const dPrev = delta[l - 1];
        for (let i = 0; i < sizes[l - 1]; i++) {
          let s = 0;
          for (let o = 0; o < sizes[l]; o++) s += W[l - 1][o][i] * d[o];
          dPrev[i] = tanh ? s * (1 - a[l - 1][i] * a[l - 1][i]) : z[l - 1][i] > 0 ? s : 0;
        }
      }
    }
  }

  trainStep(p: NaiveBatch): void {
    const { L, gW, gb } = this;
    for (let l = 0; l < L; l++) {
      for (const row of gW[l]) row.fill(0);
      gb[l].fill(0);
    }
    for (let r = 0; r < p.rows; r++) {
      this.forward(p.x[r]);
      this.backward(p.y[r], p.rows);
    }
    this.update();
  }

  private update(): void {
    const opt = this.w.optimizer;
    const { L, W, b, gW, gb } = this;
    if (opt.kind === 'sgd') {
      for (let l = 0; l < L; l++) {
        for (let o = 0; o < W[l].length; o++) {
          const row = W[l][o];
          const g = gW[l][o];
          for (let i = 0; i < row.length; i++) row[i] -= opt.lr * g[i];
          b[l][o] -= opt.lr * gb[l][o];
        }
      }
      return;
    }
    this.t++;
    const { beta1, beta2, eps, lr } = opt;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    const adam = (value: number[], grad: number[], m: number[], v: number[]) => {
      for (let i = 0; i < value.length; i++) {
        const g = grad[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        value[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    };
    for (let l = 0; l < L; l++) {
      for (let o = 0; o < W[l].length; o++) adam(W[l][o], gW[l][o], this.mW[l][o], this.vW[l][o]);
      adam(b[l], gb[l], this.mb[l], this.vb[l]);
    }
  }

  infer(p: NaiveBatch): void {
    for (let r = 0; r < p.rows; r++) this.forward(p.x[r]);
  }

  predict(batch: Batch): Float32Array {
    const nIn = this.sizes[0];
    const nOut = this.sizes[this.L];
    const out = new Float32Array(batch.rows * nOut);
    for (let r = 0; r < batch.rows; r++) {
      const y = this.forward(Array.from(batch.x.subarray(r * nIn, (r + 1) * nIn)));
      for (let o = 0; o < nOut; o++) out[r * nOut + o] = y[o];
    }
    return out;
  }

  dispose(): void {}
}
