/**
 * brain.js 1.6.1 peer (brain.NeuralNetwork, CPU).
 *
 * brain.js trains one sample at a time: forward, deltas, weight update per
 * sample. One "step" here is one pass over the same batch the others get
 * (W1: 10 samples = 10 per-sample updates; W2: 256; W4: 1024), driven through
 * its own trainPatterns(), the inner loop of train() without train()'s
 * per-iteration error evaluation. So brain.js processes the same samples per
 * step but makes `batch` updates instead of one: more optimizer work, which is
 * its design, not our choice.
 *
 * Same sizes, activation, learning rate and initial weights (written into its
 * weights/biases after initialize()). SGD: momentum is set to 0 (its option
 * validator rejects 0, so it is set on trainOpts directly). Adam: praxis
 * 'adam' with the same betas and eps. Differences it does not let us remove:
 * the hidden activation is also applied to the output layer (tanh in W1, ReLU
 * in W2/W4; targets are chosen in its range), and its error is (t − y) per
 * sample, i.e. the gradient of ½(t − y)², not the batch-mean MSE.
 * No softmax/cross-entropy, so W3/W5 do not apply.
 */
import { createRequire } from 'node:module';
import type { Batch, Workload } from '../workloads.js';
import type { InitialParams, PeerAdapter, PeerModel } from './peer.js';

type BrainModule = typeof import('brain.js');

/** The parts of brain.NeuralNetwork we drive directly (untyped in its index.d.ts). */
interface BrainInternals {
  sizes: number[] | null;
  weights: Float32Array[][];
  biases: Float32Array[];
  trainOpts: { learningRate: number; momentum: number; praxis: string | null };
  initialize(): void;
  trainPatterns(data: readonly BrainSample[]): void;
  runInput(input: Float32Array): Float32Array;
}

interface BrainSample {
  readonly input: Float32Array;
  readonly output: Float32Array;
}

const require = createRequire(import.meta.url);

/** Added to brain.js' output bias in ReLU workloads; see BrainMlp's constructor. */
export const reluOutputLift = 1;

export function brainAdapter(): PeerAdapter {
  return {
    id: 'brain.js',
    unsupported: (w) => (w.loss === 'mse' ? null : 'n/a: no softmax cross-entropy in brain.js NeuralNetwork'),
    build: async (w, init) => new BrainMlp(w, init, require('brain.js') as BrainModule),
    notes: () => [
      'brain.js: NeuralNetwork 1.6.1, per-sample updates; 1 step = trainPatterns() over the same batch (W1 10 samples, W2 256, W4 1024); momentum 0 (SGD) or praxis adam; same init; its activation also applies to the output layer.',
    ],
    info: () => ({ version: (require('brain.js/package.json') as { version: string }).version }),
  };
}

class BrainMlp implements PeerModel<BrainSample[]> {
  private readonly net: BrainInternals;

  constructor(
    private readonly w: Workload,
    init: InitialParams,
    brain: BrainModule,
  ) {
    const s = w.sizes;
    const opt = w.optimizer;
    const options = {
      hiddenLayers: s.slice(1, -1),
      activation: w.activation,
      learningRate: opt.lr,
      ...(opt.kind === 'adam'
        ? { praxis: 'adam', beta1: opt.beta1, beta2: opt.beta2, epsilon: opt.eps }
        : {}),
    };
    this.net = new brain.NeuralNetwork(
      options as ConstructorParameters<BrainModule['NeuralNetwork']>[0],
    ) as unknown as BrainInternals;
    this.net.sizes = [...s];
    this.net.initialize();
    if (opt.kind === 'sgd') this.net.trainOpts.momentum = 0;
    for (let l = 1; l < s.length; l++) {
      for (let o = 0; o < s[l]; o++)
        this.net.weights[l][o].set(init.weights[l - 1].subarray(o * s[l - 1], (o + 1) * s[l - 1]));
      this.net.biases[l].set(init.biases[l - 1]);
    }
    // brain.js puts ReLU on the output unit too, and a unit whose output starts at 0 never learns
    // (its delta is 0): lift the output bias so the ReLU fits start alive.
    if (w.activation === 'relu')
      for (let o = 0; o < s[s.length - 1]; o++) this.net.biases[s.length - 1][o] += reluOutputLift;
  }

  prepare(batch: Batch): BrainSample[] {
    const nIn = this.w.sizes[0];
    const nOut = this.w.sizes[this.w.sizes.length - 1];
    const out: BrainSample[] = [];
    for (let r = 0; r < batch.rows; r++) {
      out.push({
        input: Float32Array.from(batch.x.subarray(r * nIn, (r + 1) * nIn)),
        output: Float32Array.from(batch.y.subarray(r * nOut, (r + 1) * nOut)),
      });
    }
    return out;
  }

  release(): void {}

  trainStep(p: BrainSample[]): void {
    this.net.trainPatterns(p);
  }

  infer(p: BrainSample[]): void {
    for (const s of p) this.net.runInput(s.input);
  }

  predict(batch: Batch): Float32Array {
    const nOut = this.w.sizes[this.w.sizes.length - 1];
    const out = new Float32Array(batch.rows * nOut);
    for (const [r, s] of this.prepare(batch).entries())
      out.set(this.net.runInput(s.input).subarray(0, nOut), r * nOut);
    return out;
  }

  dispose(): void {}
}
