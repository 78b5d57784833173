/**
 * What a peer's model does for the harness. Apart from peer.ts (whose adapter
 * loader reaches Node-only peers) so that browser-safe bench code can use it.
 */
import type { Batch } from '../workloads.js';

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
