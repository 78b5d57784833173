/**
 * mlp-lab through its public API: mlp() builds the model, a Trainer (src/train)
 * owns the loss and the optimizer, a step is Trainer.step(x, y) — forward,
 * loss, backward, update — and inference is Sequential.infer (evaluation
 * mode, nothing kept for backward, as torch.no_grad()). A
 * batch is a Matrix view over the neutral Float32Array (no copy). Float32
 * throughout.
 */
import { installNativeBlas } from '../../src/kernels/native/install.node.js';
import { mlp } from '../../src/nn/mlp.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { fromData, type Matrix } from '../../src/tensor/matrix.js';
import { Trainer } from '../../src/train/trainer.js';
import type { Batch, Workload } from '../workloads.js';
import { activeGemmKernel, mlplabThreads } from './gemmKernel.js';
import type { InitialParams, PeerAdapter, PeerModel } from './peer.js';

interface MlpBatch {
  readonly x: Matrix;
  readonly y: Matrix;
}

const trainer = 'Trainer.step (src/train/trainer.ts): forward, loss, backward, Optimizer.step';

/**
 * mlp-lab as `import 'mlp-lab'` gets it in Node (native BLAS for large
 * products when it loads), or with MLP_LAB_BLAS=off (`mlp-lab-wasm`: the
 * build before the native path, measured in the same run).
 */
export function mlplabAdapter(native: boolean): PeerAdapter {
  if (!native) installNativeBlas({ ...process.env, MLP_LAB_BLAS: 'off' });
  const id = native ? 'mlp-lab' : 'mlp-lab-wasm';
  return {
    id,
    unsupported: () => null,
    build: async (w, init) => new MlpLab(w, init),
    notes: () => [`${id}: mlp() + ${trainer}; GEMM kernel: ${activeGemmKernel()}.`],
    info: () => ({ trainer, kernel: activeGemmKernel() }),
    threads: mlplabThreads,
  };
}

class MlpLab implements PeerModel<MlpBatch> {
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
