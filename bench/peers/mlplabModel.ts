/**
 * The mlp-lab peer's model and step (see mlplab.ts), with nothing Node-only:
 * the playground's worker times bench's W1 with this same class.
 */
import { mlp } from '../../src/nn/mlp.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { fromData, type Matrix } from '../../src/tensor/matrix.js';
import { Trainer } from '../../src/train/trainer.js';
import type { Batch, Workload } from '../workloads.js';
import type { InitialParams } from './initialParams.js';
import type { PeerModel } from './peerModel.js';

interface MlpBatch {
  readonly x: Matrix;
  readonly y: Matrix;
}

export class MlpLab implements PeerModel<MlpBatch> {
  private readonly model: Sequential;
  private readonly trainer: Trainer;
  private readonly evalCtx = { training: false } as const;

  constructor(
    private readonly w: Workload,
    init: InitialParams,
  ) {
    this.model = mlp(w.sizes, { activation: w.activation, seed: 0 });
    for (const [i, l] of this.model.linears().entries()) {
      l.weight.value.data.set(init.weights[i]);
      l.bias?.value.data.set(init.biases[i]);
    }
    const o = w.optimizer;
    this.trainer = new Trainer(this.model, {
      loss: w.loss === 'mse' ? 'mse' : 'cross_entropy',
      optimizer:
        o.kind === 'sgd'
          ? { name: 'sgd', lr: o.lr }
          : { name: 'adam', lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps },
    });
  }

  prepare(batch: Batch): MlpBatch {
    const yCols = this.w.loss === 'mse' ? this.model.nOut : 1;
    return {
      x: fromData(batch.rows, this.model.nIn, batch.x),
      y: fromData(batch.rows, yCols, batch.y),
    };
  }

  release(): void {}

  trainStep(p: MlpBatch): void {
    this.trainer.step(p.x, p.y);
  }

  infer(p: MlpBatch): void {
    this.model.infer(p.x);
  }

  predict(batch: Batch): Float32Array {
    return Float32Array.from(this.model.forward(this.prepare(batch).x, this.evalCtx).data);
  }

  dispose(): void {}
}
