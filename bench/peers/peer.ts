/**
 * The one small interface every contestant sits behind. The harness converts
 * each batch once with prepare() (outside the timed region for W1–W4, inside
 * it for W5's epochs), then times trainStep() and infer().
 */
import { mlp } from '../../src/nn/mlp.js';
import type { Batch, Workload } from '../workloads.js';

export type PeerId =
  | 'mlp-lab'
  | 'mlp-lab-wasm'
  | 'pytorch'
  | 'numpy'
  | 'tfjs-cpu'
  | 'tfjs-wasm'
  | 'brain.js'
  | 'naive-ts';
export const peerIds: readonly PeerId[] = [
  'mlp-lab',
  'mlp-lab-wasm',
  'pytorch',
  'numpy',
  'tfjs-cpu',
  'tfjs-wasm',
  'brain.js',
  'naive-ts',
];

export interface PeerModel<P = unknown> {
  /** Converts a neutral batch to the peer's native form (tensors, arrays, a matrix view). */
  prepare(batch: Batch): P;
  /** Frees what prepare made, if anything. */
  release(prepared: P): void;
  /** One optimisation step on one prepared batch: forward, loss, backward, update. */
  trainStep(prepared: P): void;
  /** Forward only, results materialised (TF.js: read back), nothing kept. */
  infer(prepared: P): void;
  /** Outputs (rows × nOut, row-major) for the sanity loss and accuracy; not timed. */
  predict(batch: Batch): Float32Array;
  dispose(): void;
}

export interface PeerAdapter {
  readonly id: PeerId;
  /** Why the peer cannot run the workload, or null when it can. */
  unsupported(w: Workload): string | null;
  build(w: Workload, init: InitialParams): Promise<PeerModel>;
  /** How this peer was driven, for the report's notes; may depend on what build found. */
  notes(): string[];
  /** Facts about the configuration in use (kernel, trainer), reported with the figures. */
  info?(): Record<string, string>;
  /** The threads it computes on and its BLAS, in a few words, for the table's threads lines. */
  threads?(): string;
}

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

/** The peers that run in this process; PyTorch and NumPy run in python3 (python.ts), driven by the jobs. */
export type NodePeerId = Exclude<PeerId, 'pytorch' | 'numpy'>;

export async function loadAdapter(id: NodePeerId): Promise<PeerAdapter> {
  switch (id) {
    case 'mlp-lab':
      return (await import('./mlplab.js')).mlplabAdapter(true);
    case 'mlp-lab-wasm':
      return (await import('./mlplab.js')).mlplabAdapter(false);
    case 'tfjs-cpu':
      return (await import('./tfjs.js')).tfjsAdapter('cpu');
    case 'tfjs-wasm':
      return (await import('./tfjs.js')).tfjsAdapter('wasm');
    case 'brain.js':
      return (await import('./brain.js')).brainAdapter();
    case 'naive-ts':
      return (await import('./naive.js')).naiveAdapter();
  }
}
