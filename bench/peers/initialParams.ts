/**
 * The initial weights every peer starts from. Apart from peer.ts (whose
 * adapter loader reaches Node-only peers) so the playground's worker can
 * build bench's W1 model too.
 */
import { mlp } from '../../src/nn/mlp.js';
import type { Workload } from '../workloads.js';

/** Initial parameters every peer starts from: W[l] is nOut×nIn row-major, b[l] has nOut entries. */
export interface InitialParams {
  readonly sizes: readonly number[];
  readonly weights: readonly Float32Array[];
  readonly biases: readonly Float32Array[];
}

/** mlp-lab's initialisation for the workload (He for ReLU, Xavier for tanh), shared by all peers. */
export function initialParams(w: Workload, seed: number): InitialParams {
  const model = mlp(w.sizes, { activation: w.activation, seed });
  const linears = model.linears();
  return {
    sizes: w.sizes,
    weights: linears.map((l) => Float32Array.from(l.weight.value.data)),
    biases: linears.map((l) => (l.bias ? Float32Array.from(l.bias.value.data) : new Float32Array(l.nOut))),
  };
}
