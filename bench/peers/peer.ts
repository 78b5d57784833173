/**
 * The one small interface every contestant sits behind. The harness converts
 * each batch once with prepare() (outside the timed region for W1–W4, inside
 * it for W5's epochs), then times trainStep() and infer().
 */
import type { Workload } from '../workloads.js';
import type { InitialParams } from './initialParams.js';
import type { PeerModel } from './peerModel.js';

export { type InitialParams, initialParams } from './initialParams.js';
export type { PeerModel } from './peerModel.js';

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
