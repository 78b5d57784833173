/**
 * mlp-lab through its public API: mlp() builds the model, a Trainer (src/train)
 * owns the loss and the optimizer, a step is Trainer.step(x, y) — forward,
 * loss, backward, update — and inference is Sequential.infer (evaluation
 * mode, nothing kept for backward, as torch.no_grad()). A
 * batch is a Matrix view over the neutral Float32Array (no copy). Float32
 * throughout.
 */
import { installNativeBlas } from '../../src/kernels/native/install.node.js';
import { activeGemmKernel, mlplabThreads } from './gemmKernel.js';
import { MlpLab } from './mlplabModel.js';
import type { PeerAdapter } from './peer.js';

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
